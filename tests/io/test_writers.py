"""Atomic writes leave no partial file and give the result the usual permissions."""

import os

import pytest

from textmine.io.writers import UMASK, write_text_atomic


def test_write_text_atomic_replaces_and_keeps_usual_mode(tmp_path):
    path = tmp_path / "sub" / "card.md"
    write_text_atomic(path, "first\n")
    write_text_atomic(path, "second\n")
    assert path.read_text(encoding="utf-8") == "second\n"
    assert os.stat(path).st_mode & 0o777 == 0o666 & ~UMASK
    assert [p.name for p in path.parent.iterdir()] == ["card.md"]


def test_failed_write_leaves_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "meta.json"
    write_text_atomic(path, "kept\n")
    with pytest.raises(UnicodeEncodeError):
        write_text_atomic(path, "\ud800")  # a lone surrogate cannot be written as UTF-8
    assert path.read_text(encoding="utf-8") == "kept\n"
    assert [p.name for p in tmp_path.iterdir()] == ["meta.json"]
