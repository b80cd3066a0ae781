"""The command line: the same core as the window, for batch work, scripts and tests (DESIGN §9).

Each command is a thin wrapper over core calls. A user's mistake (an `SvAssessorError`) prints one
sentence on stderr and exits with status 2; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import importlib
from typing import IO, Any

import click

from svassessor import __version__
from svassessor.errors import RubricError, SvAssessorError


class UserError(click.ClickException):
    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:  # noqa: ARG002 - click's signature
        click.echo(f"svassessor: {self.message}", err=True)


class RubricProblems(click.ClickException):
    exit_code = 2

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))

    def show(self, file: IO[Any] | None = None) -> None:  # noqa: ARG002
        click.echo(self.message, err=True)


# Each command's module is imported only when that command runs (or help lists it): a command starts
# without loading every other, and a merge's worker processes, which import the program's main
# module when they start, are ready in a fraction of the time.
_COMMANDS = {
    "application": "applications:application_group",
    "assessor": "people:assessor_group", "assessors": "people:assessors",
    "assign": "assignment:assign", "assignment": "assignment:assignment_group",
    "conflict": "people:conflict_group", "conflicts": "people:conflicts",
    "backups": "panel:backups", "check": "files:check", "deliver": "monitoring:deliver",
    "decide": "decisions:decide", "eligibility": "eligibility:eligibility", "screen": "eligibility:screen",
    "deliveries": "monitoring:deliveries", "demo": "files:demo", "export": "export:export", "gui": "app:gui",
    "erase": "privacy:erase", "personal-data": "privacy:personal_data",
    "import": "importing:import_command", "merge": "panel:merge", "narrative": "importing:narrative",
    "moderate": "decisions:moderate",
    "progress": "progress:progress",
    "prepare": "panel:prepare", "restore": "panel:restore", "round": "files:round_group", "rounds": "files:rounds",
    "reopen": "decisions:reopen",
    "redaction": "redaction:redaction_group",
    "rubric": "rubric:rubric", "score": "scoring:score", "summary": "scoring:summary",
    "submit": "decisions:submit", "summaries": "summaries:summaries_group",
}


class SvGroup(click.Group):
    """Finds its commands lazily, and turns the core's user-facing errors into one line on stderr and exit 2."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in _COMMANDS:
            return None
        module, attribute = _COMMANDS[name].split(":")
        command: click.Command = getattr(importlib.import_module(f"svassessor.cli.{module}"), attribute)
        return command

    def invoke(self, ctx: click.Context) -> Any:
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


def main() -> None:
    cli(prog_name="svassessor")


if __name__ == "__main__":
    main()
