"""Eligibility from the command line (DESIGN §9): each application's result, and an officer's screening.

Both are core calls (`store.screenings`): the same rules, the same refusals and the same words as the
window's eligibility screen.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from svassessor.cli.common import FILE, ROUND, cut, open_store
from svassessor.eligibility.diligence import Finding
from svassessor.eligibility.result import STATUS_WORDS, STATUSES, Status
from svassessor.eligibility.rules import pounds
from svassessor.errors import NotAllowed
from svassessor.repository.screenings import Screened


def _json(screened: Screened, found: list[Finding]) -> dict:
    result, screening = screened.result, screened.result.screening
    return {
        "reference": screened.applicant.reference, "status": result.status, "reasons": list(result.reasons),
        "organisation": screened.applicant.organisation,
        "amount": _pounds(screened.applicant.amount_pence),
        "automatic": result.automatic, "overruled": result.overruled,
        "checks": [{"rule": c.rule, "outcome": c.outcome, "finding": c.finding} for c in result.checks],
        "answers": {a.question.id: None if a.answer is None else ("yes" if a.answer else "no")
                    for a in result.answers},
        "decision": None if screening is None or screening.decision is None else {
            "decision": screening.decision, "reason": screening.reason, "by": screening.by,
            "at": screening.at.isoformat()},
        "diligence": [{"kind": f.kind, "concern": f.concern, "words": f.words} for f in found],
    }


def _pounds(pence: int | None) -> int | float | None:
    """Whole pounds as a whole number, as `summary --json` gives amounts."""
    return None if pence is None else pence // 100 if pence % 100 == 0 else pence / 100


def counts_line(statuses: list[Status]) -> str:
    counted = Counter(statuses)
    parts = [f"{counted[s]} {STATUS_WORDS[s].lower()}" for s in STATUSES]
    return f"{', '.join(parts)} ({len(statuses)} application{'' if len(statuses) == 1 else 's'})."


@click.command()
@click.argument("path", type=FILE)
@ROUND
@click.option("--only", type=click.Choice(STATUSES), help="List only the applications with this result.")
@click.option("--json", "as_json", is_flag=True,
              help="Print a JSON list of {reference, status: eligible|ineligible|unscreened, reasons: [text], "
                   "checks, answers, decision, diligence}.")
def eligibility(path: Path, round_name: str | None, only: Status | None, as_json: bool) -> None:
    """Run the rubric's eligibility rules: each application's result, with the reasons an applicant reads.

    An application is eligible, not eligible (with its reasons) or not yet screened (a rule the file
    cannot decide, or a screening question still to answer). Not eligible ones leave scoring and the
    ranking and get a letter that says why.

    Example: svassessor eligibility panel.svdb --round "Spring grants" --only ineligible
    """
    with open_store(path, readonly=True) as store:
        round_ = store.rounds.get(round_name)
        screened = store.screenings.results(round_)
        diligence = store.screenings.diligence(round_) if as_json else {}
        has_rules = store.screenings.rules(round_) is not None
    shown = [s for s in screened if only is None or s.result.status == only]
    if as_json:
        click.echo(json.dumps([_json(s, diligence[s.applicant.id]) for s in shown], indent=2, ensure_ascii=False))
        return
    if not has_rules:
        click.echo(f"The rubric of round '{round_.name}' sets no eligibility rules: only an officer's screening "
                   f"puts an application out.")
    width = max([9, *(len(s.applicant.reference) for s in shown)]) + 2
    click.echo(f"{'reference':<{width}}{'organisation':<32}{'amount':>10}  {'result':<18}why")
    for s in shown:
        amount = "" if s.applicant.amount_pence is None else pounds(s.applicant.amount_pence)
        why = s.result.note or s.result.why
        click.echo(f"{s.applicant.reference:<{width}}{cut(s.applicant.organisation, 30):<32}{amount:>10}  "
                   f"{s.result.words:<18}{why}".rstrip())
    click.echo(counts_line([s.result.status for s in screened]))


def _answers(given: tuple[str, ...]) -> dict[str, bool]:
    answers = {}
    for item in given:
        question, _, value = item.partition("=")
        if value.strip().lower() not in ("yes", "no") or not question.strip():
            raise NotAllowed(f"--answer takes QUESTION=yes or QUESTION=no, not '{item}'.")
        answers[question.strip()] = value.strip().lower() == "yes"
    return answers


@click.command()
@click.argument("path", type=FILE)
@ROUND
@click.option("--application", "reference", required=True, help="The application's reference.")
@click.option("--eligible", "decision", flag_value="eligible", help="Decide it is eligible.")
@click.option("--ineligible", "decision", flag_value="ineligible", help="Decide it is not eligible (needs --reason).")
@click.option("--by-the-rules", "decision", flag_value="rules",
              help="Withdraw an earlier decision: the rules and the answers decide again.")
@click.option("--reason", default="", help="Why, in words the applicant will read (needed for --ineligible, and "
                                           "for --eligible against the rules).")
@click.option("--answer", "answers", multiple=True, metavar="QUESTION=yes|no",
              help="Answer one of the rubric's screening questions (repeat for each).")
@click.option("--by", "officer", help="Who screens, for the audit log (default: you).")
def screen(path: Path, round_name: str | None, reference: str, decision: str | None, reason: str,
           answers: tuple[str, ...], officer: str | None) -> None:
    """Screen one application: answer the rubric's questions, and decide eligible or not eligible.

    Deciding against what the rules found overrules them, with a reason; it is audited like any change.

    Example: svassessor screen panel.svdb --application SG-014 --ineligible --reason "Your organisation is a
    private company; this round funds charities and community groups."
    """
    if decision is None and not answers:
        raise NotAllowed("Say what the screening found: --eligible, --ineligible --reason TEXT, --by-the-rules or "
                         "--answer QUESTION=yes|no.")
    given = _answers(answers)
    with open_store(path, actor=officer) as store:
        round_ = store.rounds.get(round_name)
        application = store.applications.get(round_, reference)
        screened = store.screenings.screen(round_, application.id, decision=decision,  # type: ignore[arg-type]
                                           reason=reason, answers=given)
    result = screened.result
    detail = result.note or result.why
    click.echo(f"{screened.applicant.reference}: {result.words}{f' ({detail})' if detail else ''}.")
