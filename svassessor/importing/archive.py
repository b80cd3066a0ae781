"""The sizes inside an XLSX or DOCX, checked before any reader expands it: a file can be a bomb.

Both are zip archives of XML. A few megabytes on disk can hold gigabytes once expanded (one cell of
a billion letters, a billion empty rows, a million empty paragraphs), and a reader that expands them
runs for minutes and takes gigabytes of memory before failing. The zip's directory states each
member's expanded size, and `zipfile` never gives more than it states, so the sizes are checked
before anything is read: the total expanded size, and for a large member how far it expands (real
sheets and documents expand 5 to 20 times; a bomb, hundreds of times). Office XML never declares a
DTD, so a part that does (the way an entity bomb is built) is refused too.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from svassessor.importing.problems import ImportRejected, refuse
from svassessor.sizes import size_text

MAX_RATIO = 100
"""How many times a member over `_LARGE` may expand: five times what real sheets and documents do."""
_LARGE = 1024 * 1024
_PROLOG = 4096  # bytes of each XML part read to find a DTD, which can only come before the root element


def check_archive(data: bytes, name: str, kind: str, *, max_total: int) -> None:
    """Refuse, in one sentence naming the file, a `kind` ('workbook', 'Word document') that would expand past
    `max_total` bytes, has a member that expands more than MAX_RATIO times, or declares a DTD.

    A file that is not a readable zip passes: its reader refuses it as damaged, in its own words.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            _check_sizes(members, name, kind, max_total)
            for member in members:
                if member.filename.endswith((".xml", ".rels")) and _declares_dtd(archive, member):
                    raise refuse(name, f"the {kind}'s part {member.filename} declares a DTD, which Office files "
                                       f"never do (it is how an entity bomb is built), so it is not read")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError):
        return


def _check_sizes(members: list[zipfile.ZipInfo], name: str, kind: str, max_total: int) -> None:
    total = sum(m.file_size for m in members)
    if total > max_total:
        raise _bomb(name, kind, f"would expand to {size_text(total)}, more than the {size_text(max_total)} "
                                f"a {kind} may hold")
    for member in members:
        if member.file_size > _LARGE and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise _bomb(name, kind, f"has a part ({member.filename}) that expands from "
                                    f"{size_text(member.compress_size)} to {size_text(member.file_size)}, far more "
                                    f"than a real {kind} does")


def _bomb(name: str, kind: str, problem: str) -> ImportRejected:
    return refuse(name, f"the {kind} {problem}, so it is not read (it may be built to exhaust the computer); "
                        f"if it is a real {kind}, save only the part to import in a new file")


def _declares_dtd(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    with archive.open(member) as part:
        prolog = part.read(_PROLOG)
    return b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog
