"""The command line: the same core as the window, for batch work, scripts and tests (DESIGN §9).

Each command is a thin wrapper over core calls. A user's mistake (an `SvAssessorError`) prints one
sentence on stderr and exits with status 2; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import sys

import click

from svassessor import __version__
from svassessor.errors import RubricError, SvAssessorError


class UserError(click.ClickException):
    exit_code = 2

    def show(self, file=None) -> None:  # noqa: ARG002 - click's signature
        click.echo(f"svassessor: {self.message}", err=True)


class RubricProblems(click.ClickException):
    exit_code = 2

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))

    def show(self, file=None) -> None:  # noqa: ARG002
        click.echo(self.message, err=True)


class SvGroup(click.Group):
    """Turns the core's user-facing errors into one line on stderr and exit 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except RubricError as error:
            raise RubricProblems(error.problems) from error
        except SvAssessorError as error:
            raise UserError(str(error)) from error


@click.group(cls=SvGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="svassessor")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """svassessor: score the social value of small grant and contract applications.

    With no command, opens the window on the last file (a demo round on first run).
    """
    if ctx.invoked_subcommand is None:
        from svassessor.cli.app import launch

        launch(None)


def _register() -> None:
    from svassessor.cli.app import gui
    from svassessor.cli.export import export
    from svassessor.cli.files import check, demo, round_group, rounds
    from svassessor.cli.importing import import_command, narrative
    from svassessor.cli.monitoring import deliver, deliveries
    from svassessor.cli.panel import backups, merge, prepare, restore
    from svassessor.cli.rubric import rubric
    from svassessor.cli.scoring import score, summary

    for command in (demo, rounds, round_group, check, score, summary, rubric, gui, export, import_command, narrative):
        cli.add_command(command)
    for command in (prepare, merge, backups, restore):
        cli.add_command(command)
    for command in (deliver, deliveries):
        cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="svassessor")


if __name__ == "__main__":
    sys.exit(main())
