"""A size in bytes as a person reads it, the same in the window and on the command line."""

from __future__ import annotations


def size_text(size: int) -> str:
    """1 byte, 512 bytes, 3.4 KB, 12.0 MB, 1.5 GB (units of 1,024)."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return "1 byte" if size == 1 else f"{size} bytes"
