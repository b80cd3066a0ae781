"""Commands about scores: record one score, and summarise a round."""

from __future__ import annotations

import json
from pathlib import Path

import click

from svassessor.cli.common import FILE, open_store
from svassessor.errors import NotAllowed
from svassessor.repository.assessments import UNSET


@click.command()
@click.argument("path", type=FILE)
@click.option("--round", "round_name", help="The round (may be left out when the file holds one).")
@click.option("--assessor", required=True, help="Who is scoring, as named in the round.")
@click.option("--application", "reference", required=True, help="The application's reference.")
@click.option("--criterion", required=True, help="The criterion id from the rubric.")
@click.option("--score", type=float, help="The score, a level of the rubric's scale.")
@click.option("--not-scored", is_flag=True, help="Mark the criterion explicitly not scored (never 0).")
@click.option("--comment", help="The assessor's justification for the score.")
def score(path: Path, round_name: str | None, assessor: str, reference: str, criterion: str,
          score: float | None, not_scored: bool, comment: str | None) -> None:
    """Record one score, saved durably and audited before the command returns.

    Example: svassessor score panel.svdb --assessor "Grants officer A" --application NF26-001
    --criterion need_evidence --score 3 --comment "Ward data and a survey of 120 residents."
    """
    if (score is None) == (not not_scored):
        raise NotAllowed("Give either --score N or --not-scored.")
    with open_store(path, actor=assessor) as store:
        round_ = store.rounds.get(round_name)
        person = store.assessors.get(round_, assessor)
        application = store.applications.get(round_, reference)
        edit = store.assessments.set_score(
            round_, person, application.id, criterion,
            score=None if not_scored else score, not_scored=not_scored or UNSET,
            comment=UNSET if comment is None else comment)
    shown = "not scored" if edit.after.not_scored else f"{edit.after.score:g}"
    click.echo(f"{reference} {criterion}: {shown} by {assessor} (saved).")
