"""The public API is ``storydiff.__all__`` (as httpx's tests/test_exported_members.py)."""

import storydiff


def test_all_exports_exist():
    for name in storydiff.__all__:
        assert hasattr(storydiff, name), f"storydiff.__all__ names {name}, which is missing"


def test_public_names_are_exported():
    public = {n for n in dir(storydiff) if not n.startswith("_")}
    modules = {n for n in public if type(getattr(storydiff, n)).__name__ == "module"}
    assert public - modules <= set(storydiff.__all__)
