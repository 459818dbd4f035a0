"""Files that appear whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(target: Path, data: bytes, *, make_folder: bool = True) -> None:
    """Write ``data`` to a temporary file beside ``target`` and rename it into place, so a
    reader (a concurrent build, a user opening the file) never sees it half-written and a
    failed write leaves any earlier ``target`` as it was."""
    if make_folder:
        target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        # mkstemp makes the file private (0600); a cache may be shared, so make it readable.
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
