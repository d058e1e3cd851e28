"""Dispatch: directories, sidecars, stdin, sniffing, size limits; a bad input never stops the rest."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from storydiff import settings
from storydiff.ingest import load
from storydiff.ingest.sources import sniff_format
from storydiff.ingest.voices import assign_voices

INPUTS = Path(__file__).parent / "data" / "inputs"


def test_example_directory_with_sidecars(example_dir):
    batch = load([example_dir])
    assert not batch.failures
    assert sorted(Path(a.source).name for a in batch.articles) == [
        "putin-visits-magadan.txt", "russian-delegation-arrives.txt"]
    for article in batch.articles:
        assert article.published == dt.date(2025, 8, 15)  # from the sidecar
        assert article.outlet == Path(article.source).stem  # outlet null: the file's stem
        assert article.offset_map and article.content_hash


def test_sidecar_fields_and_errors(tmp_path):
    (tmp_path / "a.txt").write_text("The museum reopened on Saturday after two years of repairs.\n")
    (tmp_path / "a.meta.json").write_text(json.dumps(
        {"published": "2024-04-06T10:00:00+02:00", "outlet": "City Paper", "authors": "R. Lind", "location": "Oslo"}))
    (tmp_path / "b.txt").write_text("The library extended its opening hours to 22:00 on weekdays.\n")
    (tmp_path / "b.meta.json").write_text('{"publisehd": "2024-04-06"}')
    (tmp_path / "README.txt").write_text("Articles about the museum, collected in April.\n")
    (tmp_path / ".hidden.txt").write_text("An editor's scratch note that is not an article.\n")
    (tmp_path / "scan.pdf").write_bytes((INPUTS / "tiny.pdf").read_bytes())
    batch = load([tmp_path])
    (article,) = batch.articles
    assert article.outlet == "City Paper" and article.authors == ["R. Lind"] and article.location == "Oslo"
    assert article.published == dt.datetime(2024, 4, 6, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    (failure,) = batch.failures
    assert failure.message == (
        f"{tmp_path / 'b.meta.json'}: has unknown field(s) publisehd; "
        "use only published, outlet, title, url, authors, location, language")
    # The PDF is not read but is named, with what to do; README, hidden files and
    # sidecars are not articles and pass without a word.
    (skipped,) = batch.skipped
    assert (skipped.source, skipped.code) == (str(tmp_path / "scan.pdf"), "skipped")
    assert skipped.message == (
        f"{tmp_path / 'scan.pdf'}: skipped, storydiff does not read .pdf files in a directory; "
        "if it is an article, give it a .txt, .html, .xml (feed) or .jsonl extension, "
        "or name the file itself as an input")


def test_published_option_fills_only_missing_dates(tmp_path, example_dir):
    (tmp_path / "c.txt").write_text("The ferry timetable changes on Monday.\n")
    batch = load([tmp_path / "c.txt", example_dir / "putin-visits-magadan.txt"], published="2024-01-02")
    assert [a.published for a in batch.articles] == [dt.date(2024, 1, 2), dt.date(2025, 8, 15)]
    with pytest.raises(ValueError, match="is not a date"):
        load([tmp_path / "c.txt"], published="next Tuesday")


def test_bad_inputs_are_recorded_and_the_rest_goes_on(tmp_path, example_dir):
    big = tmp_path / "huge.txt"
    with big.open("wb") as out:  # 50 MB of real-looking text, generated at test time
        line = b"The council met again on Tuesday to discuss the budget for the coming year.\n"
        out.write(line * (50 * 1024 * 1024 // len(line) + 1))
    names = ["empty.txt", "tiny.pdf", "pixel.png", "random.bin", "no-article.html", "bomb.rss", "xxe.rss"]
    batch = load([example_dir / "putin-visits-magadan.txt", *(INPUTS / n for n in names), big,
                  tmp_path / "nowhere.txt", example_dir / "russian-delegation-arrives.txt"])
    assert [Path(a.source).name for a in batch.articles] == ["putin-visits-magadan.txt", "russian-delegation-arrives.txt"]
    codes = {Path(f.source).name: f.code for f in batch.failures}
    assert codes == {"empty.txt": "empty", "tiny.pdf": "binary", "pixel.png": "binary", "random.bin": "binary",
                     "no-article.html": "no_article", "bomb.rss": "unsafe_xml", "xxe.rss": "unsafe_xml",
                     "huge.txt": "too_large", "nowhere.txt": "missing"}
    huge = next(f for f in batch.failures if f.code == "too_large")
    assert settings.MAX_INPUT_BYTES == 20 * 1024 * 1024
    assert huge.message == f"{big}: is 50.0 MB, over the 20 MB limit for one input; split it into one file per article"
    assert all("\n" not in f.message and f.message.startswith(f.source) for f in batch.failures)


def test_sniffing_without_extension():
    assert sniff_format((INPUTS / "feed.rss").read_bytes(), name="feed") == "feed"
    assert sniff_format((INPUTS / "article.html").read_bytes(), name="page") == "html"
    assert sniff_format((INPUTS / "articles.jsonl").read_bytes(), name="dump") == "jsonl"
    assert sniff_format(b"Plain words about a storm.", name="notes") == "text"


def test_stdin_in_a_real_process(example_dir):
    text = (example_dir / "russian-delegation-arrives.txt").read_bytes()
    code = ("from storydiff.ingest import load; b = load(['-']); a = b.articles[0]; "
            "print(a.source, a.outlet, len(a.removed), a.text.split()[0])")
    result = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().split() == ["-", "stdin", "4", "Key"]


def test_assign_voices_groups_exact_and_near_copies(example_dir):
    batch = load([example_dir / "putin-visits-magadan.txt", example_dir / "russian-delegation-arrives.txt",
                  example_dir / "putin-visits-magadan.txt"])
    magadan = batch.articles[0]
    from storydiff.ingest.text import build_article

    lines = magadan.text.split("\n")
    repost = build_article("MOSCOW (Wire) -\n" + "\n".join(lines[:-1]) + "\nMore on our site.", source="repost.txt")
    # Two different reports of one event must stay apart even though they share names.
    articles = batch.articles + [repost]
    assign_voices(articles)
    assert [a.voice for a in articles] == ["v1", "v2", "v1", "v1"]


def test_unknown_files_in_nested_directories_are_listed_and_do_not_fail(tmp_path):
    (tmp_path / "desk" / "notes").mkdir(parents=True)
    (tmp_path / "desk" / "a.html").write_text(
        "<html><head><title>Tram line opens</title></head><body><article><p>The new tram line "
        "opened on Monday with twelve stops between the station and the harbour.</p></article></body></html>")
    (tmp_path / "desk" / "notes" / "interview").write_text("Transcript to be checked.\n")
    (tmp_path / "desk" / "notes" / "draft.docx").write_bytes(b"PK\x03\x04 not really a document")
    (tmp_path / "desk" / "a.meta.json").write_text('{"outlet": "Harbour Times"}')
    (tmp_path / "desk" / ".git").mkdir()
    (tmp_path / "desk" / ".git" / "config").write_text("[core]\n")
    (tmp_path / "desk" / "orphan.meta.json").write_text('{"outlet": "Nobody"}')
    batch = load([tmp_path / "desk"])
    assert [a.outlet for a in batch.articles] == ["Harbour Times"] and not batch.failures
    # a.meta.json is beside a.html and silent; orphan.meta.json belongs to no article.
    assert [Path(s.source).relative_to(tmp_path) for s in batch.skipped] == [
        Path("desk/notes/draft.docx"), Path("desk/notes/interview"), Path("desk/orphan.meta.json")]
    assert "does not read files without an extension in a directory" in batch.skipped[1].message
    assert "a metadata sidecar with no article beside it" in batch.skipped[2].message
    # Named as an input, the same file is read (its format sniffed): skipping is only for walks.
    named = load([tmp_path / "desk" / "notes" / "interview"])
    assert len(named.articles) == 1 and not named.skipped


def test_ingest_summary_lists_skipped_files_and_exits_0(tmp_path, example_dir):
    import shutil

    folder = tmp_path / "event"
    shutil.copytree(example_dir, folder)
    (folder / "photo.jpg").write_bytes((INPUTS / "pixel.png").read_bytes())
    db = tmp_path / "s.db"
    done = subprocess.run([str(Path(sys.executable).with_name("storydiff")), "ingest", str(folder), "--db", str(db), "--no-analyze"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"stored 2, already stored 0, failed 0, skipped 1; {db} holds 2 articles"
    assert done.stderr.strip() == (
        f"{folder / 'photo.jpg'}: skipped, storydiff does not read .jpg files in a directory; "
        "if it is an article, give it a .txt, .html, .xml (feed) or .jsonl extension, "
        "or name the file itself as an input")
    quiet = subprocess.run([str(Path(sys.executable).with_name("storydiff")), "ingest", str(folder), "--db", str(db), "--no-analyze", "-q"],
                           capture_output=True, text=True, timeout=120)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")


def test_a_walk_names_what_it_used_to_drop_without_a_word(tmp_path, example_dir):
    import os
    import shutil

    folder = tmp_path / "event"
    shutil.copytree(example_dir, folder)  # two articles, their sidecars and a README.md
    # An article whose name starts like a folder note is read; only the notes themselves are not.
    (folder / "licence-fee-ferry-strike.html").write_bytes((INPUTS / "article.html").read_bytes())
    (folder / "LICENSE.txt").write_text("CC BY 4.0\n")
    # A sidecar whose name lost a letter: its outlet would never reach its article.
    (folder / "russian-delegation-arive.meta.json").write_text('{"outlet": "Typo Post"}')
    (folder / "wire-copy.txt").symlink_to(tmp_path / "moved-away.txt")  # a broken link
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.txt")  # never opened: reading it would wait for a writer
    db = tmp_path / "s.db"
    done = subprocess.run([str(Path(sys.executable).with_name("storydiff")), "ingest", str(folder), "--db", str(db), "--no-analyze"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    not_regular = "skipped, it is not a regular file (a broken link, a pipe or a device); if it is an article, put the file itself in the folder"
    assert lines == [
        *([f"{folder / 'pipe.txt'}: {not_regular}"] if hasattr(os, "mkfifo") else []),
        f"{folder / 'russian-delegation-arive.meta.json'}: skipped, a metadata sidecar with no article beside it; "
        "rename it to the article's file name with .meta.json in place of the extension, or remove it",
        f"{folder / 'wire-copy.txt'}: {not_regular}",
    ]
    assert done.stdout.strip() == f"stored 3, already stored 0, failed 0, skipped {len(lines)}; {db} holds 3 articles"
    stored = load([folder]).articles
    assert [a.title for a in stored if a.source.endswith(".html")] == ["Ferry service resumes after three-day strike"]
    assert "Typo Post" not in [a.outlet for a in stored]


def test_compare_names_the_skipped_files_too(tmp_path, example_dir):
    from click.testing import CliRunner

    from storydiff.cli import cli

    (tmp_path / "one.txt").write_bytes((example_dir / "putin-visits-magadan.txt").read_bytes())
    (tmp_path / "other.rtf").write_text("{\\rtf1 The second report, saved from a word processor.}")
    result = CliRunner().invoke(cli, ["compare", str(tmp_path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    # Why only one article was read is on the line before the error.
    assert (f"{tmp_path / 'other.rtf'}: skipped, storydiff does not read .rtf files in a directory"
            in result.output)
    assert "only 1 article could be read from 1 input; compare needs at least two" in result.output
