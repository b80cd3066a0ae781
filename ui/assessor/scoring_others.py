"""What the other assessors gave a criterion: shown only once this assessor has submitted (blind scoring)."""

from __future__ import annotations

from svassessor.models import Application, Assessment
from ui.context import AppContext
from ui.assessor.criteria_model import CriterionRow
from ui.text import tr


def others_text(ctx: AppContext, application: Application | None, mine: Assessment | None,
                row: CriterionRow) -> str:
    """'' until this assessor has submitted; then each other assessor's level for the criterion."""
    if application is None or mine is None or mine.status != "submitted" or ctx.store is None or ctx.round is None:
        return ""
    parts = []
    for other in ctx.store.assessors.for_round(ctx.round):
        if other.id == mine.assessor_id or other.role != "assessor" or application.id in other.conflicts:
            continue
        theirs = ctx.store.assessments.get(application.id, other.id)
        score = theirs.scores.get(row.criterion.id) if theirs else None
        if score is None or (score.score is None and not score.not_scored):
            given = tr("not yet")
        elif score.not_scored:
            given = tr("not scored")
        else:
            level = row.scale.level(score.score)
            given = f"{score.score:g} {level.label}" if level else f"{score.score:g}"
        parts.append(f"{other.name}: {given}")
    if not parts:
        return ""
    return tr("Other assessors (shown because you have submitted): {list}").format(list="; ".join(parts))
