"""Commands about who reviews what (DESIGN §3, §9): assign automatically, list, and change one pair by hand.

Each is one core call (`store.assignments`), audited and refused with the same sentence as in the window.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from svassessor.cli.common import FILE, ROUND, open_store
from svassessor.repository.assignments import AssignmentView

_JSON_HELP = "Print JSON: {assignments: [{reference, assessors: [name]}], load: {name: count}, sentence}."


def _json(view: AssignmentView, **extra: object) -> str:
    return json.dumps({"assignments": [{"reference": a.reference, "assessors": a.assessors} for a in view.assignments],
                       "load": view.load, "explicit": view.explicit, "sentence": view.sentence, **extra},
                      indent=2, ensure_ascii=False)


def _loads(view: AssignmentView) -> None:
    width = max((len(name) for name in view.load), default=4) + 2
    for name, count in view.load.items():
        click.echo(f"{name:<{width}}{count:>6}")


@click.command()
@click.argument("path", type=FILE)
@ROUND
@click.option("--per-application", type=click.IntRange(min=1), required=True,
              help="How many assessors review each application.")
@click.option("--max-per-assessor", type=click.IntRange(min=1), help="The most applications any one assessor reviews.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Decides between equally good assignments: the same seed gives the same assignment.")
@click.option("--no-interests", is_flag=True, help="Do not prefer assessors whose interests match an application.")
@click.option("--replace", is_flag=True,
              help="Start again from nothing; without it, the assignments already made are kept and filled around.")
@click.option("--dry-run", is_flag=True, help="Show the assignment without saving it.")
@click.option("--json", "as_json", is_flag=True, help=_JSON_HELP)
def assign(path: Path, round_name: str | None, per_application: int, max_per_assessor: int | None, seed: int,
           no_interests: bool, replace: bool, dry_run: bool, as_json: bool) -> None:
    """Assign the round's applications to its assessors: balanced, never to a conflicted assessor, within the
    cap, preferring declared interests. Chairs review only what is assigned to them by hand.

    Example: svassessor assign panel.svdb --round "Neighbourhood Fund 2026" --per-application 3
    --max-per-assessor 400 --seed 1
    """
    with open_store(path, readonly=dry_run) as store:
        round_ = store.rounds.get(round_name)
        view = store.assignments.assign(round_, per_application=per_application, max_per_assessor=max_per_assessor,
                                        seed=seed, interests=not no_interests, replace=replace, dry_run=dry_run)
    if as_json:
        click.echo(_json(view, dry_run=dry_run))
        return
    _loads(view)
    click.echo(view.sentence)
    if dry_run:
        click.echo("Nothing was saved (dry run).")


class _ShowByDefault(click.Group):
    """`assignment FILE` lists; `assignment add|remove FILE` changes one pair."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["show", *args]
        return super().parse_args(ctx, args)


@click.group("assignment", cls=_ShowByDefault)
def assignment_group() -> None:
    """List the round's assignment (assignment FILE [--json]), or change one pair by hand (add, remove).

    Example: svassessor assignment panel.svdb --round "Neighbourhood Fund 2026" --json
    """


@assignment_group.command("show", hidden=True)
@click.argument("path", type=FILE)
@ROUND
@click.option("--json", "as_json", is_flag=True, help=_JSON_HELP)
def show(path: Path, round_name: str | None, as_json: bool) -> None:
    """List each application with its reviewers, and each assessor's load."""
    with open_store(path, readonly=True) as store:
        view = store.assignments.view(store.rounds.get(round_name))
    if as_json:
        click.echo(_json(view))
        return
    width = max((len(a.reference) for a in view.assignments), default=9) + 2
    for a in view.assignments:
        click.echo(f"{a.reference:<{width}}{', '.join(a.assessors) or '–'}")
    _loads(view)
    click.echo(view.sentence)


_ASSESSOR = click.option("--assessor", required=True, help="The panel member (a chair too).")
_APPLICATION = click.option("--application", "reference", required=True, help="The application's reference.")


@assignment_group.command("add")
@click.argument("path", type=FILE)
@ROUND
@_ASSESSOR
@_APPLICATION
def add(path: Path, round_name: str | None, assessor: str, reference: str) -> None:
    """Assign one application to one panel member by hand (never one they are conflicted on).

    Example: svassessor assignment add panel.svdb --assessor "Panel chair" --application NF26-004
    """
    with open_store(path) as store:
        round_ = store.rounds.get(round_name)
        added = store.assignments.add(round_, store.assessors.get(round_, assessor),
                                      store.applications.get(round_, reference))
    click.echo(f"{assessor} reviews {reference}." if added else f"{assessor} already reviews {reference}.")


@assignment_group.command("remove")
@click.argument("path", type=FILE)
@ROUND
@_ASSESSOR
@_APPLICATION
def remove(path: Path, round_name: str | None, assessor: str, reference: str) -> None:
    """Take one application off one panel member's list.

    Example: svassessor assignment remove panel.svdb --assessor "Grants officer A" --application NF26-004
    """
    with open_store(path) as store:
        round_ = store.rounds.get(round_name)
        store.assignments.remove(round_, store.assessors.get(round_, assessor),
                                 store.applications.get(round_, reference))
    click.echo(f"{assessor} no longer reviews {reference}.")
