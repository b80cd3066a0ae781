"""The export command: a round out as a panel pack, letters, assessments, score matrices, 360Giving,
the round file or the commitments register (the formats of `svassessor.export_formats`)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from svassessor.cli.common import FILE, ROUND, open_store
from svassessor.export_formats import FORMATS, export as export_round


def _progress(done: int, total: int, what: str = "") -> None:
    """Progress on a terminal's stderr, on one line; silent when stderr is a file or a pipe."""
    if sys.stderr.isatty():
        click.echo(f"\r{what}: {done} of {total}\x1b[K", err=True, nl=False)


@click.command()
@click.argument("path", type=FILE)
@ROUND
@click.option("--format", "fmt", required=True, type=click.Choice(list(FORMATS)),
              help="; ".join(f"{k}: {v}" for k, v in FORMATS.items()))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), help="The file to write.")
@click.option("--application", help="assessment only: print this application's assessments (its reference).")
@click.option("--assessor", help="assessment only: print this assessor's assessments (their name).")
def export(path: Path, round_name: str | None, fmt: str, output: Path, application: str | None,
           assessor: str | None) -> None:
    """Export a round: panel pack, feedback letters, assessments, score matrices, 360Giving data,
    the lossless round file, or the commitments register.

    The file is written whole or not at all. 360Giving needs a decided round with funded applications;
    the register a decided or monitored round.

    Example: svassessor export panel.svdb --round "Neighbourhood Fund 2025" --format pack -o pack.pdf
    """
    try:
        with open_store(path, readonly=True) as store:
            message = export_round(store, store.rounds.get(round_name), fmt, output, progress=_progress,
                                   application=application, assessor=assessor)
    finally:
        if sys.stderr.isatty():
            click.echo("\r\x1b[K", err=True, nl=False)
    click.echo(message)
