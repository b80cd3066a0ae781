"""The export command: a round out as a panel pack, letters, assessments, score matrices or 360Giving."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from svassessor.cli.common import FILE, open_store
from svassessor.errors import NotAllowed
from svassessor.reports.output import destination

FORMATS = {
    "pack": "panel pack PDF",
    "letters": "feedback letters PDF, one per decided application",
    "assessment": "assessments PDF, one section per assessor and application",
    "csv": "score matrix CSV, one row per application × assessor × criterion",
    "csv-wide": "score matrix CSV, one row per application",
    "xlsx": "score matrix workbook, long and wide sheets",
    "360giving": "funded grants as 360Giving CSV",
    "360giving-json": "funded grants as a 360Giving JSON package",
    "json": "the whole round, lossless, importable again",
}


def _progress(done: int, total: int, what: str) -> None:
    """Progress on a terminal's stderr, on one line; silent when stderr is a file or a pipe."""
    if sys.stderr.isatty():
        click.echo(f"\r{what}: {done} of {total}\x1b[K", err=True, nl=False)


@click.command()
@click.argument("path", type=FILE)
@click.option("--round", "round_name", help="The round (may be left out when the file holds one).")
@click.option("--format", "fmt", required=True, type=click.Choice(list(FORMATS)),
              help="; ".join(f"{k}: {v}" for k, v in FORMATS.items()))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), help="The file to write.")
@click.option("--application", help="assessment only: print this application's assessments (its reference).")
@click.option("--assessor", help="assessment only: print this assessor's assessments (their name).")
def export(path: Path, round_name: str | None, fmt: str, output: Path, application: str | None,
           assessor: str | None) -> None:
    """Export a round: panel pack, feedback letters, assessments, score matrices or 360Giving data.

    The file is written whole or not at all. 360Giving needs a decided round with funded applications.

    Example: svassessor export panel.svdb --round "Neighbourhood Fund 2025" --format pack -o pack.pdf
    """
    if (application or assessor) and fmt != "assessment":
        raise NotAllowed("--application and --assessor choose assessments, so they go with --format assessment.")
    destination(output)
    try:
        _export(path, round_name, fmt, output, application, assessor)
    finally:
        if sys.stderr.isatty():
            click.echo("\r\x1b[K", err=True, nl=False)


def _export(path: Path, round_name: str | None, fmt: str, output: Path, application: str | None,
            assessor: str | None) -> None:
    from svassessor.exports import giving360
    from svassessor.exports.matrix import long_matrix, wide_matrix
    from svassessor.exports.spreadsheet import write_csv, write_xlsx
    from svassessor.reports.assessment import write_assessments
    from svassessor.reports.data import load_round
    from svassessor.reports.letters import write_letters
    from svassessor.reports.pack import render_pack
    from svassessor.roundfile import write_round_json

    with open_store(path, readonly=True) as store:
        round_ = store.rounds.get(round_name)
        if fmt == "assessment":
            count = write_assessments(store, round_, output, application=application, assessor=assessor,
                                      progress=_progress)
            click.echo(f"{count} assessment{'s' * (count != 1)} of '{round_.name}' written to {output}.")
            return
        if fmt == "json":
            write_round_json(store, round_, output)
            click.echo(f"Round '{round_.name}' written to {output} (round file).")
            return
        if fmt == "letters":
            count = write_letters(store, round_, output, progress=_progress)
            click.echo(f"{count} feedback letter{'s' * (count != 1)} of '{round_.name}' written to {output}.")
            return
        data = load_round(store, round_)
    if fmt == "pack":
        render_pack(data, output, progress=_progress)
        click.echo(f"Panel pack of '{round_.name}' ({len(data.applications)} applications) written to {output}.")
    elif fmt in ("csv", "csv-wide"):
        matrix = long_matrix(data) if fmt == "csv" else wide_matrix(data)
        write_csv(matrix, output)
        click.echo(f"Score matrix of '{round_.name}' ({len(matrix.rows)} rows) written to {output}.")
    elif fmt == "xlsx":
        write_xlsx([wide_matrix(data), long_matrix(data)], output)
        click.echo(f"Score matrix workbook of '{round_.name}' written to {output}.")
    else:
        count = (giving360.write_csv if fmt == "360giving" else giving360.write_json)(data, output)
        click.echo(f"{count} funded grant{'s' * (count != 1)} of '{round_.name}' written to {output} (360Giving).")
