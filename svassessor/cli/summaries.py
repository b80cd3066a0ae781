"""`svassessor summaries`: the checker's questions of the assessment summaries' explanations, and the chair's
overrides (`export --format summaries` writes them once none is left)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from svassessor.cli.common import FILE, ROUND, open_store
from svassessor.repository.overrides import KINDS


@click.group("summaries")
def summaries_group() -> None:
    """Check the explanations the assessment summaries will print, and override a question with a reason."""


@summaries_group.command("check")
@click.argument("path", type=FILE)
@ROUND
@click.option("--json", "as_json", is_flag=True, help="A list of {reference, criterion, kind, sentence}.")
def summaries_check(path: Path, round_name: str | None, as_json: bool) -> None:
    """List every explanation that is empty, only restates a descriptor, or below the top does not say what
    was missing. Exits 0 when none is left, 1 otherwise.

    Example: svassessor summaries check panel.svdb --round "Spring grants"
    """
    from svassessor.summaries import checked

    with open_store(path, readonly=True) as store:
        _, found, asked = checked(store, store.rounds.get(round_name))
    if as_json:
        click.echo(json.dumps([{"reference": q.reference, "criterion": q.criterion_id, "kind": q.kind,
                                "sentence": q.sentence} for q in asked], indent=2, ensure_ascii=False))
    else:
        for question in asked:
            click.echo(question.sentence)
        click.echo(f"{len(found)} summar{'ies' if len(found) != 1 else 'y'}: "
                   + ("every explanation explains." if not asked else
                      f"{len(asked)} explanation{'s' * (len(asked) != 1)} to fix or override."))
    raise SystemExit(1 if asked else 0)


@summaries_group.command("override")
@click.argument("path", type=FILE)
@ROUND
@click.option("--application", "reference", required=True, help="The application's reference.")
@click.option("--criterion", required=True, help="The criterion's id.")
@click.option("--kind", type=click.Choice(KINDS), required=True, help="The question to override.")
@click.option("--reason", default="", help="Why the explanation stands as written (required unless --withdraw).")
@click.option("--withdraw", is_flag=True, help="Take an override back: the checker asks again.")
def summaries_override(path: Path, round_name: str | None, reference: str, criterion: str, kind: str, reason: str,
                       withdraw: bool) -> None:
    """Let an explanation stand as written, with the chair's reason (audited), or withdraw that.

    Example: svassessor summaries override panel.svdb --application NF26-004 --criterion value_money
    --kind no_gap --reason "Top marks were not available for any applicant on cost."
    """
    with open_store(path) as store:
        round_ = store.rounds.get(round_name)
        application = store.applications.get(round_, reference)
        if withdraw:
            store.overrides.withdraw(round_, application, criterion, kind)
            click.echo(f"{reference} {criterion}: the checker's question ({kind}) is asked again.")
        else:
            store.overrides.override(round_, application, criterion, kind, reason)
            click.echo(f"{reference} {criterion}: the explanation stands as written ({kind} overridden).")
