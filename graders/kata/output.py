"""Console output that degrades instead of crashing where a character cannot be encoded.

Windows writes to a pipe, a file or an IDE's run console in its code page (cp1252), and a
POSIX locale without UTF-8 writes ASCII: there a `━` or a `✓` in `kata`'s output would end
the command with UnicodeEncodeError (issue 16).
"""

from __future__ import annotations

import io
import sys
from typing import TextIO


def encodable(text: str, stream: TextIO | None = None) -> bool:
    """True when `stream` (stdout by default) can encode every character of `text`."""
    encoding = getattr(stream or sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def replace_what_cannot_be_encoded() -> None:
    """Print `?` for a character stdout or stderr cannot encode (in a kata's title, a test's
    message) instead of ending `kata` with a traceback."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
