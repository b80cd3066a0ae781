"""Every way a round leaves svassessor, behind one call that the command line and the window share.

`export(store, round_, fmt, output)` writes one format and returns a sentence saying what it wrote.
Each writer writes its file whole or not at all; `progress(done, total, what)` and `cancelled()` let
a window show progress and stop long work, which leaves no file behind.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from svassessor.errors import NotAllowed
from svassessor.models import Round
from svassessor.progress import Cancelled, Progress, never, no_progress
from svassessor.store import Store

if TYPE_CHECKING:
    from svassessor.register import RegisterFormat

FORMATS: dict[str, str] = {
    "pack": "panel pack PDF",
    "letters": "feedback letters PDF, one per decided application",
    "summaries": "assessment summaries PDF (Procurement Act s.50; for grants, fuller feedback letters), checked first",
    "assessment": "assessments PDF, one section per assessor and application",
    "csv": "score matrix CSV, one row per application × assessor × criterion",
    "csv-wide": "score matrix CSV, one row per application",
    "xlsx": "score matrix workbook, long and wide sheets",
    "360giving": "funded grants as 360Giving CSV",
    "360giving-json": "funded grants as a 360Giving JSON package",
    "json": "the whole round, lossless, importable again",
    "register-pdf": "commitments register PDF: funded offers, progress and stories",
    "register-csv": "commitments register CSV",
    "register-xlsx": "commitments register workbook",
    "register-html": "commitments register as one self-contained web page",
    "record": "the decision record (.zip): pack, letters, scores, rationales, decisions, conflicts, audit events "
              "and a manifest of SHA-256s with the audit head",
}
SUFFIXES: dict[str, str] = {
    "pack": ".pdf", "letters": ".pdf", "summaries": ".pdf", "assessment": ".pdf", "csv": ".csv", "csv-wide": ".csv",
    "xlsx": ".xlsx",
    "360giving": ".csv", "360giving-json": ".json", "json": ".json", "register-pdf": ".pdf",
    "register-csv": ".csv", "register-xlsx": ".xlsx", "register-html": ".html", "record": ".zip",
}
_REGISTER_FORMATS: dict[str, RegisterFormat] = {
    "register-pdf": "pdf", "register-csv": "csv", "register-xlsx": "xlsx", "register-html": "html",
}


def export(store: Store, round_: Round, fmt: str, output: Path, *, progress: Progress | None = None,
           cancelled: Cancelled | None = None, application: str | None = None,
           assessor: str | None = None) -> str:
    """Write `round_` to `output` as `fmt`; `application`/`assessor` narrow the assessment PDF."""
    from svassessor.exports import giving360
    from svassessor.exports.matrix import long_matrix, wide_matrix
    from svassessor.exports.spreadsheet import replaced_note, write_csv, write_xlsx
    from svassessor.register import write_register
    from svassessor.reports.assessment import write_assessments
    from svassessor.reports.data import load_round
    from svassessor.reports.letters import write_letters
    from svassessor.reports.output import destination
    from svassessor.reports.pack import write_pack
    from svassessor.roundfile import write_round_json

    if fmt not in FORMATS:
        raise NotAllowed(f"'{fmt}' is not an export format; use one of {', '.join(FORMATS)}.")
    if (application or assessor) and fmt != "assessment":
        raise NotAllowed("--application and --assessor choose assessments, so they go with --format assessment.")
    progress, cancelled = progress or no_progress, cancelled or never
    destination(output)
    name = round_.name
    if fmt == "assessment":
        count = write_assessments(store, round_, output, application=application, assessor=assessor,
                                  progress=progress, cancelled=cancelled)
        return f"{count} assessment{'s' * (count != 1)} of '{name}' written to {output}."
    if fmt == "json":
        write_round_json(store, round_, output)
        return f"Round '{name}' written to {output} (round file)."
    if fmt == "letters":
        count = write_letters(store, round_, output, progress=progress, cancelled=cancelled)
        return f"{count} feedback letter{'s' * (count != 1)} of '{name}' written to {output}."
    if fmt == "summaries":
        from svassessor.reports.summaries import write_summaries

        count = write_summaries(store, round_, output, progress=progress, cancelled=cancelled)
        return f"{count} assessment summar{'ies' if count != 1 else 'y'} of '{name}' written to {output}."
    if fmt == "record":
        from svassessor.exports.record import write_record

        files = write_record(store, round_, output, progress=progress, cancelled=cancelled)
        return (f"Decision record of '{name}' ({len(files)} files, with a manifest of their SHA-256s) "
                f"written to {output}.")
    if fmt.startswith("register-"):
        replaced = write_register(store, round_, _REGISTER_FORMATS[fmt], output, progress=progress)
        return f"Commitments register of '{name}' written to {output}{replaced_note(replaced)}."
    if fmt == "pack":
        count = write_pack(store, round_, output, progress=progress, cancelled=cancelled)
        return f"Panel pack of '{name}' ({count} applications) written to {output}."
    data = load_round(store, round_)
    if fmt in ("csv", "csv-wide"):
        matrix = long_matrix(data) if fmt == "csv" else wide_matrix(data)
        write_csv(matrix, output)
        return f"Score matrix of '{name}' ({len(matrix.rows)} rows) written to {output}."
    if fmt == "xlsx":
        replaced = write_xlsx([wide_matrix(data), long_matrix(data)], output)
        return f"Score matrix workbook of '{name}' written to {output}{replaced_note(replaced)}."
    count = (giving360.write_csv if fmt == "360giving" else giving360.write_json)(data, output)
    return f"{count} funded grant{'s' * (count != 1)} of '{name}' written to {output} (360Giving)."
