"""`svassessor progress`: who has done what in a round and who to chase (DESIGN §9, §13 step 6).

The same core call as the chair's progress view (`panel.progress.round_progress`), dated by the
file's clock.
"""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path

import click

from svassessor.cli.common import FILE, ROUND, open_store
from svassessor.panel.progress import RoundProgress, round_progress, worked_when
from svassessor.repository.progress import review_facts

SHOWN = 20  # applications short of reviews listed before "and N more"


@click.command()
@click.argument("path", type=FILE)
@ROUND
@click.option("--json", "as_json", is_flag=True,
              help="Print JSON: {assessors: [{name, assigned, scored, submitted, last_activity}], applications: "
                   "[{reference, assessors: [name], submitted, due, missing: [name]}], chase}.")
def progress(path: Path, round_name: str | None, as_json: bool) -> None:
    """Show each assessor's assigned, begun and submitted reviews, the applications still short of
    reviews, and who to chase, as text to paste into an e-mail.

    Example: svassessor progress panel.svdb --round "Neighbourhood Fund 2026" --json
    """
    with open_store(path, readonly=True) as store:
        round_ = store.rounds.get(round_name)
        found = round_progress(review_facts(store, round_), round_name=round_.name, today=store.clock.today())
    click.echo(json.dumps(_json(found), indent=2, ensure_ascii=False) if as_json else _text(found))


def _json(found: RoundProgress) -> dict:
    return {
        "round": found.round_name, "today": found.today.isoformat(),
        "assessors": [{"name": p.name, "role": p.role, "assigned": p.assigned, "scored": p.scored,
                       "submitted": p.submitted, "to_go": p.to_go,
                       "last_activity": p.last_activity.astimezone(UTC).isoformat() if p.last_activity else None}
                      for p in found.assessors],
        "applications": [{"reference": a.reference, "assessors": a.assessors, "submitted": a.submitted,
                          "due": a.due, "missing": a.missing} for a in found.applications],
        "missing_reviews": found.missing,
        "chase": found.chase,
    }


def _text(found: RoundProgress) -> str:
    if not found.assessors:
        return f"Round '{found.round_name}' has no assessors yet, so no reviews are due."
    lines = [f"Round '{found.round_name}' on {found.today.isoformat()}: {found.submitted} of {found.due} reviews "
             f"submitted, {found.missing} missing.", ""]
    width = max(len(p.name) for p in found.assessors) + 2
    lines.append(f"{'assessor':<{width}}{'assigned':>9}{'scored':>8}{'submitted':>11}{'to go':>7}  last worked")
    for p in found.assessors:
        lines.append(f"{p.name:<{width}}{p.assigned:>9}{p.scored:>8}{p.submitted:>11}{p.to_go:>7}  "
                     f"{worked_when(p.last_activity, found.today)}")
    short = found.short
    lines.append("")
    if short:
        lines.append(f"Applications still short of reviews ({len(short)} of {len(found.applications)}):")
        width = max(len(a.reference) for a in short[:SHOWN]) + 2
        for a in short[:SHOWN]:
            lines.append(f"  {a.reference:<{width}}{a.submitted} of {a.due} submitted; missing: {', '.join(a.missing)}")
        if len(short) > SHOWN:
            lines.append(f"  and {len(short) - SHOWN} more (all of them: --json)")
    else:
        lines.append("No application is short of reviews.")
    lines += ["", found.chase]
    return "\n".join(lines)
