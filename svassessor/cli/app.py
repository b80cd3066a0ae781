"""Opening the window from the command line.

The core does not know the window: the `ui` package registers its launcher under the entry-point
group `svassessor.window` (see pyproject.toml), and this command finds it there, only when a window
is wanted. Python that cannot find the window (svassessor run from a source folder it was never
installed from) says so in one sentence.
"""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import click

from svassessor.cli.common import FILE
from svassessor.errors import SvAssessorError

WINDOW_GROUP = "svassessor.window"


def launch(path: Path | None, *, screenshot: Path | None = None) -> None:
    found = list(entry_points(group=WINDOW_GROUP))
    if not found:
        raise SvAssessorError("The svassessor window is not registered with this Python; install svassessor "
                              "(`pip install .` in its source folder) to open it.")
    run = found[0].load()
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
