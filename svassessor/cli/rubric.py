"""`svassessor rubric`: check rubric files and print their JSON Schema (DESIGN §9)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from svassessor.errors import RubricError
from svassessor.rubric.loader import load_rubric, rubric_json_schema


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def rubric() -> None:
    """Check rubric files and print the rubric JSON Schema.

    \b
    Examples:
      svassessor rubric validate my-rubric.yaml
      svassessor rubric schema > rubric.schema.json
    """


@rubric.command()
@click.argument("files", metavar="FILE...", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def validate(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Check each rubric FILE; exit 0 if all are valid, else list the problems and exit 2.

    Each problem is one line on stderr, `FILE:LINE: field: problem`, at the line to edit.

    \b
    Example:
      $ svassessor rubric validate svassessor/rubric/shipped/small-grants.yaml
      svassessor/rubric/shipped/small-grants.yaml: valid (rubric Community small grants version 2025.1, 9 criteria)
    """
    failed = False
    for file in files:
        try:
            loaded = load_rubric(file)
        except RubricError as error:
            failed = True
            for problem in error.problems:
                click.echo(problem, err=True)
            continue
        count = len(loaded.criteria)
        noun = "criterion" if count == 1 else "criteria"
        click.echo(f"{file}: valid (rubric {loaded.name} version {loaded.version}, {count} {noun})")
    if failed:
        ctx.exit(2)


@rubric.command()
def schema() -> None:
    """Print the JSON Schema of rubric files, so an editor can check a rubric as it is typed.

    \b
    Example (VS Code or any editor using yaml-language-server):
      $ svassessor rubric schema > rubric.schema.json
      then make this the first line of the rubric:
      # yaml-language-server: $schema=rubric.schema.json
    """
    click.echo(json.dumps(rubric_json_schema(), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    rubric(prog_name="svassessor rubric")
