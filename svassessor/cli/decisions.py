"""Commands that take a round to a decision: submit, reopen, moderate, decide (DESIGN §9).

Each is the same core call as the window's action, audited the same way: `submit` and `reopen` in the
assessor's name (as when they press the button themselves), `moderate` and `decide` in the name of
the person running the command.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import click

from svassessor.cli.common import FILE, ROUND, Money, money_text, open_store
from svassessor.errors import NotAllowed
from svassessor.models import DecisionKind

ASSESSOR = click.option("--assessor", required=True, help="Whose assessment, as named in the round.")
APPLICATION = click.option("--application", "reference", required=True, help="The application's reference.")


@click.command()
@click.argument("path", type=FILE)
@ROUND
@ASSESSOR
@APPLICATION
def submit(path: Path, round_name: str | None, assessor: str, reference: str) -> None:
    """Submit an assessment: every criterion must be scored or marked not scored.

    Example: svassessor submit panel.svdb --assessor "Grants officer A" --application NF26-001
    """
    with open_store(path, actor=assessor) as store:
        round_ = store.rounds.get(round_name)
        person = store.assessors.get(round_, assessor)
        store.assessments.submit(round_, person, store.applications.get(round_, reference).id)
    click.echo(f"{reference}: {assessor}'s assessment submitted.")


@click.command()
@click.argument("path", type=FILE)
@ROUND
@ASSESSOR
@APPLICATION
def reopen(path: Path, round_name: str | None, assessor: str, reference: str) -> None:
    """Take a submitted assessment back to draft, so that its assessor can correct it.

    Example: svassessor reopen panel.svdb --assessor "Grants officer A" --application NF26-001
    """
    with open_store(path, actor=assessor) as store:
        round_ = store.rounds.get(round_name)
        person = store.assessors.get(round_, assessor)
        store.assessments.reopen(round_, person, store.applications.get(round_, reference).id)
    click.echo(f"{reference}: {assessor}'s assessment is a draft again.")


@click.command()
@click.argument("path", type=FILE)
@ROUND
@APPLICATION
@click.option("--criterion", required=True, help="The criterion id from the rubric.")
@click.option("--score", type=float, required=True, help="The panel's agreed score, a level of the rubric's scale.")
@click.option("--rationale", required=True, help="Why the panel agreed this score (kept with it).")
def moderate(path: Path, round_name: str | None, reference: str, criterion: str, score: float,
             rationale: str) -> None:
    """Record the panel's agreed score for one criterion, with its rationale (round in moderation).

    Example: svassessor moderate panel.svdb --application NF26-001 --criterion need_evidence --score 3
    --rationale "The ward survey settles it."
    """
    with open_store(path) as store:
        round_ = store.rounds.get(round_name)
        replaced = store.panel.moderate(round_, store.applications.get(round_, reference), criterion,
                                        score=score, rationale=rationale)
    before = "" if replaced is None else f" (was {replaced.score:g})"
    click.echo(f"{reference} {criterion}: the panel's score is {score:g}{before}.")


@click.command()
@click.argument("path", type=FILE)
@ROUND
@click.option("--application", "reference", help="The application's reference.")
@click.option("--fund", "kind", flag_value="fund", help="Fund it (at --amount, else at what it asks).")
@click.option("--reserve", "kind", flag_value="reserve", help="Put it on the reserve list.")
@click.option("--decline", "kind", flag_value="decline", help="Decline it.")
@click.option("--amount", type=Money(), help="With --fund: the amount awarded, in pounds (default: the amount "
                                             "requested, or the price of a tender).")
@click.option("--feedback", default="", help="Feedback to the applicant, printed in their letter.")
@click.option("--down-the-ranking", is_flag=True, help="Decide every application at once: fund above the budget "
                                                       "line at what each asks, decline what fails a pass mark, "
                                                       "reserve the rest.")
def decide(path: Path, round_name: str | None, reference: str | None, kind: DecisionKind | None,
           amount: Decimal | None,
           feedback: str, down_the_ranking: bool) -> None:
    """Record the panel's decision on one application, or on all of them down the ranking.

    Examples: svassessor decide panel.svdb --application NF26-001 --fund --amount 12000
    --feedback "A clear need, well evidenced by the ward survey."

    svassessor decide panel.svdb --round "Neighbourhood Fund 2026" --down-the-ranking
    """
    if down_the_ranking:
        if reference or kind or amount is not None or feedback:
            raise click.UsageError("--down-the-ranking decides every application: give it no --application, "
                                   "--fund, --reserve, --decline, --amount or --feedback.")
        _down_the_ranking(path, round_name)
        return
    if reference is None or kind is None:
        raise click.UsageError("Give --application REF with one of --fund, --reserve or --decline "
                               "(or --down-the-ranking).")
    if amount is not None and kind != "fund":
        raise click.UsageError("--amount goes with --fund only.")
    with open_store(path) as store:
        round_ = store.rounds.get(round_name)
        application = store.applications.get(round_, reference)
        if kind == "fund" and amount is None:
            amount = application.price if store.rounds.rubric(round_).kind == "tender" else application.amount_requested
            if amount is None:
                raise NotAllowed(f"{reference} asks for no amount: give the amount awarded with --amount.")
        store.panel.decide(round_, application, decision=kind, amount_awarded=amount, feedback=feedback)
    shown = f" {money_text(amount)}" if kind == "fund" else ""
    click.echo(f"{reference}: {kind}{shown}.")


def _down_the_ranking(path: Path, round_name: str | None) -> None:
    from svassessor.panel.actions import decide_many, down_the_ranking

    with open_store(path) as store:
        round_ = store.rounds.get(round_name)
        saved = decide_many(store, round_, down_the_ranking(store, round_))
        references = {a.id: a.reference for a in store.applications.for_round(round_)}
    width = max((len(r) for r in references.values()), default=0) + 2
    for rank, decision in enumerate(saved, start=1):
        shown = f" {money_text(decision.amount_awarded)}" if decision.decision == "fund" else ""
        click.echo(f"{rank:>4}  {references[decision.application_id]:<{width}}{decision.decision}{shown}")
    funded = [d for d in saved if d.decision == "fund"]
    total = sum((d.amount_awarded or Decimal(0) for d in funded), Decimal(0))
    counts = {kind: sum(d.decision == kind for d in saved) for kind in ("reserve", "decline")}
    click.echo(f"Funded {len(funded)} ({money_text(total)} of {money_text(round_.budget)}), "
               f"reserved {counts['reserve']}, declined {counts['decline']}.")
