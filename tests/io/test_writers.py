"""Atomic writes leave no partial file and give the result the usual permissions."""

import os

import pytest

from textmine.io import writers
from textmine.io.writers import write_text_atomic


def test_a_new_file_gets_the_usual_mode(tmp_path, monkeypatch):
    monkeypatch.setattr(writers, "UMASK", 0o022)
    path = tmp_path / "sub" / "card.md"
    write_text_atomic(path, "first\n")
    assert os.stat(path).st_mode & 0o777 == 0o644
    assert [p.name for p in path.parent.iterdir()] == ["card.md"]


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664])
def test_a_replaced_file_keeps_its_mode(tmp_path, mode):
    path = tmp_path / "gold.jsonl"
    path.write_text("old\n", encoding="utf-8")
    os.chmod(path, mode)
    write_text_atomic(path, "new\n")
    assert path.read_text(encoding="utf-8") == "new\n"
    assert os.stat(path).st_mode & 0o777 == mode


def test_failed_write_leaves_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "meta.json"
    write_text_atomic(path, "kept\n")
    with pytest.raises(UnicodeEncodeError):
        write_text_atomic(path, "\ud800")  # a lone surrogate cannot be written as UTF-8
    assert path.read_text(encoding="utf-8") == "kept\n"
    assert [p.name for p in tmp_path.iterdir()] == ["meta.json"]


@pytest.mark.parametrize("folder, expected", [(False, 0o644), (True, 0o755)])
def test_staged_outputs_get_the_usual_mode(tmp_path, monkeypatch, folder, expected):
    from textmine.annotate.formats import _staged

    monkeypatch.setattr(writers, "UMASK", 0o022)
    out = tmp_path / ("records.dataset" if folder else "records.csv")
    with _staged(out, folder=folder) as tmp:
        if not folder:
            tmp.write_text("id\n", encoding="utf-8")
    assert out.exists() and os.stat(out).st_mode & 0o777 == expected
