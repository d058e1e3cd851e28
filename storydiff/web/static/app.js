// storydiff web: the only script. Pages work without it; it only shows that a
// comparison is running (it takes a few seconds) and stops a double submit.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("compare-form");
  if (!form) return;
  form.addEventListener("submit", function () {
    var button = document.getElementById("compare-button");
    var wait = document.getElementById("compare-wait");
    if (button) button.disabled = true;
    if (wait) wait.hidden = false;
  });
});
