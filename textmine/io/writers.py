"""Writing results without ever leaving a half-written file behind."""

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


UMASK = _umask()


def usual_mode(tmp: str | Path, target: str | Path) -> None:
    """Give ``tmp`` (made by ``tempfile``: owner-only) the mode writing ``target`` in place would have given it:
    the mode of the file it replaces, else the usual mode of a new file (0o666, or 0o777 for a folder, less umask)."""
    if os.path.exists(target) and os.path.isdir(target) == os.path.isdir(tmp):
        mode = os.stat(target).st_mode & 0o7777
    else:
        mode = (0o777 if os.path.isdir(tmp) else 0o666) & ~UMASK
    os.chmod(tmp, mode)


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder and an atomic rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        usual_mode(tmp, path)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
