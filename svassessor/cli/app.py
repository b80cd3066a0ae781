"""Opening the window from the command line. Qt is imported only when a window is wanted."""

from __future__ import annotations

from pathlib import Path

import click

from svassessor.cli.common import FILE


def launch(path: Path | None, *, screenshot: Path | None = None) -> None:
    from ui.app import run

    raise SystemExit(run(path, screenshot=screenshot))


@click.command()
@click.argument("path", type=FILE, required=False)
@click.option("--screenshot", type=click.Path(dir_okay=False, path_type=Path),
              help="Render the window, save it as a PNG here, and exit.")
def gui(path: Path | None, screenshot: Path | None) -> None:
    """Open the window on a file (the last one, or a demo round on first run).

    Example: svassessor gui panel.svdb --screenshot window.png
    """
    launch(path, screenshot=screenshot)
