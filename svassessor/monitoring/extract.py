"""Delivery-report files copied out of the .svdb into a folder, for an auditor or a funder's records system.

A stored name is the grant holder's own and is never trusted as a path: `safe_name` keeps only a
plain file name (no folders, no control or direction characters, no Windows device names, not too
long), so whatever was stored lands inside the chosen folder. Each file goes to a folder named after
its application's reference; an existing file is never overwritten — the new copy takes the next
free name, 'register (2).csv'. Every file is checked against its SHA-256 before anything is
written, and again as written.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from svassessor.errors import FileProblem

if TYPE_CHECKING:
    from svassessor.repository.delivery_file_listing import ReportFile
    from svassessor.store import Store

MAX_CHARS = 150
MAX_BYTES = 200  # UTF-8; file systems allow 255, which leaves room for ' (2)'
# Control and format characters (right-to-left marks, zero-width joiners), surrogates, unassigned
# code points, line and paragraph separators: none belongs in a file name.
_UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Cn", "Zl", "Zp"}
_UNSAFE_CHARS = set('<>:"/\\|?*')
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$",
             *(f"{port}{n}" for port in ("COM", "LPT") for n in [*"0123456789", "¹", "²", "³"])}


def safe_name(filename: str, *, default: str = "attachment") -> str:
    """A file name someone else chose, made safe to write on any system: no folders, no control characters.

    Folders are dropped ('../../etc/passwd' is 'passwd'); control, direction and other invisible
    characters and the characters Windows forbids become '_'; leading and trailing dots and spaces
    go (no hidden files, no '..'); a Windows device name ('CON', 'nul.txt') gets a leading '_'; and
    a long name is cut to 150 characters (200 bytes), keeping its extension.
    """
    name = PurePosixPath(unicodedata.normalize("NFC", filename).replace("\\", "/")).name
    name = "".join("_" if ch in _UNSAFE_CHARS or unicodedata.category(ch) in _UNSAFE_CATEGORIES
                   else " " if unicodedata.category(ch) == "Zs" else ch for ch in name).strip(" .")
    if name.split(".")[0].rstrip(" ").upper() in _RESERVED:
        name = f"_{name}"
    return _shortened(name) or default


def _shortened(name: str, suffix: str = "") -> str:
    """The name, with `suffix` before its extension, cut to fit MAX_CHARS and MAX_BYTES."""
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > 16:
        stem, ext = name, ""
    else:
        ext = f".{ext}"

    def fits(text: str) -> bool:
        return len(text) <= MAX_CHARS and len(text.encode("utf-8")) <= MAX_BYTES

    while stem and not fits(stem + suffix + ext):
        stem = stem[:-1]
    stem = stem.rstrip(" .")
    return stem + suffix + ext if stem else ""


def shown(text: str) -> str:
    """A stored name as it is safe to print: invisible and control characters written as escapes."""
    return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) in _UNSAFE_CATEGORIES or ch == "\\"
                   else ch for ch in text)


def size_words(size: int) -> str:
    return "1 byte" if size == 1 else f"{size:,} bytes"


@dataclass(frozen=True)
class Extracted:
    file: ReportFile
    path: Path


def extract(store: Store, files: Sequence[ReportFile], out: Path) -> list[Extracted]:
    """Write each file into `out`/<reference>/<safe name>, never overwriting; returns where each went.

    Every file's stored content is checked against its SHA-256 before anything is written, so a
    damaged file stops the extract with nothing written; each copy is read back and checked too.
    """
    root = _folder(Path(out))
    for file in files:
        _checked(store, file)  # nothing is written if any stored file is damaged
    written = []
    for file in files:
        folder = root / safe_name(file.reference, default="application")
        try:
            folder.mkdir(exist_ok=True)
        except FileExistsError:
            raise FileProblem(f"{folder} is a file, so {shown(file.reference)}'s files cannot go there; "
                              "choose another --out folder.") from None
        except OSError as error:
            raise FileProblem(f"{folder} cannot be created ({error.strerror or error}).") from error
        if not folder.resolve().is_relative_to(root):
            raise FileProblem(f"{folder} leads outside {root}; choose another --out folder.")
        path = _write_new(folder, safe_name(file.filename), _checked(store, file))
        if hashlib.sha256(path.read_bytes()).hexdigest() != file.sha256:
            path.unlink()
            raise FileProblem(f"The copy of {shown(file.filename)} written to {path} does not match its SHA-256, "
                              "so it was removed; check the disk and try again.")
        written.append(Extracted(file=file, path=path))
    return written


def _folder(out: Path) -> Path:
    """The folder to write into, made if missing; refused in one sentence if it cannot be written."""
    if out.exists() and not out.is_dir():
        raise FileProblem(f"{out} is a file, not a folder; give --out a folder to write the files into.")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FileProblem(f"The folder {out} cannot be created ({error.strerror or error}).") from error
    if not os.access(out, os.W_OK | os.X_OK):
        raise FileProblem(f"The folder {out} is not writable; choose a folder you can write to.")
    return out.resolve()


def _checked(store: Store, file: ReportFile) -> bytes:
    content = store.delivery_files.content(file.id)  # checked against the stored SHA-256
    if len(content) != file.size or hashlib.sha256(content).hexdigest() != file.sha256:
        raise FileProblem(f"The stored copy of {shown(file.filename)} does not match its SHA-256: "
                          "the file was damaged.")
    return content


def _write_new(folder: Path, name: str, content: bytes) -> Path:
    """Write `content` under `name`, or 'name (2)', 'name (3)', … if it is taken: never over an existing file."""
    for number in range(1, 10_000):
        path = folder / (name if number == 1 else _shortened(name, f" ({number})"))
        try:
            handle = open(path, "xb")  # O_EXCL: fails on an existing file or link, never follows it
        except FileExistsError:
            continue
        except OSError as error:
            raise FileProblem(f"{path} cannot be written ({error.strerror or error}).") from error
        try:
            with handle:
                handle.write(content)
        except OSError as error:
            path.unlink(missing_ok=True)
            raise FileProblem(f"{path} cannot be written ({error.strerror or error}).") from error
        return path
    raise FileProblem(f"{folder} already holds 9,999 copies of {name}; choose another --out folder.")


