"""The score matrix, long and wide, as typed rows: the scoring spreadsheet most small funders keep.

Long: one row per application × assessor × criterion (applications in natural reference order,
`-177` before `-1769`), with the comment and confidence: for pivot tables and for checking one
assessor's work. Wide: one row per application in rank order, each assessor's score per criterion
beside the panel's, then the totals: the familiar scoring matrix.
Every total, rank, panel score and status is the engine's (via `RoundData`); values stay exact and
typed (numbers as numbers) so a spreadsheet can sum them; the writers format them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from svassessor.exports.cells import Value
from svassessor.reports.data import RoundData
from svassessor.scoring.ranking import BudgetLine

Kind = Literal["text", "integer", "score", "total", "money", "share", "date"]


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = "text"
    width: int = 14  # characters, for XLSX


@dataclass(frozen=True)
class Matrix:
    name: str  # sheet name
    columns: list[Column]
    rows: list[list[Value]]
    frozen: int = 1  # columns kept in view when scrolling right (the ones that say which row it is)


def _reference(data: RoundData) -> Column:
    """The reference column, wide enough in a spreadsheet for the longest reference (`360G-LBFEW-100001`)."""
    return Column("Reference", width=max([12, *(len(a.reference) + 2 for a in data.applications)]))


def _line_words(line: BudgetLine, application_id: str) -> str:
    """The budget line's status, with the engine's reason when not eligible (the words the pack prints)."""
    status = (line.status.get(application_id) or "").replace("_", " ")
    reason = line.reasons.get(application_id)
    return f"{status} — {reason}" if reason else status


def long_matrix(data: RoundData) -> Matrix:
    """One row per application × assessor × criterion, for every assessment that exists."""
    columns = [_reference(data), Column("Organisation", width=30), Column("Assessor", width=20),
               Column("Assessment status", width=12), Column("Conflict of interest"), Column("Theme", width=20),
               Column("Criterion id", width=18), Column("Criterion", width=30), Column("Score", "score", 8),
               Column("Not scored", width=10), Column("Comment", width=50), Column("Confidence", "integer", 10),
               Column("Panel score", "score", 10), Column("Agreed by panel", width=10)]
    rows: list[list[Value]] = []
    for app in data.applications:
        combined = data.summary.panel.combined.get(app.id, {})
        agreed = data.moderations.get(app.id, {})
        for person in data.assessors:
            assessment = data.assessments.get((app.id, person.id))
            if assessment is None:
                continue
            conflicted = app.id in person.conflicts
            for theme in data.rubric.themes:
                for criterion in theme.criteria:
                    given = assessment.scores.get(criterion.id)
                    rows.append([
                        app.reference, app.organisation.name, person.name, assessment.status, conflicted,
                        theme.title, criterion.id, criterion.title,
                        given.score if given else None, bool(given and given.not_scored),
                        given.comment if given else "", given.confidence if given else None,
                        combined.get(criterion.id), criterion.id in agreed,
                    ])
    return Matrix("Scores (long)", columns, rows)


def wide_matrix(data: RoundData) -> Matrix:
    """One row per application, best first: standing, then each criterion's scores, then assessor totals."""
    people = data.scorers
    columns = [Column("Rank", "integer", 6), _reference(data), Column("Organisation", width=30),
               Column("Project", width=34), Column("Amount requested", "money", 14), Column("Total", "total", 8),
               Column("Priority points", "total", 9), Column("Ranking score", "total", 9),
               Column("Social value", "total", 9), Column("Quality", "total", 9), Column("Scored", "share", 8),
               Column("Budget line", width=30), Column("Meets threshold", width=10), Column("Decision", width=10),
               Column("Amount awarded", "money", 14)]
    for criterion in data.rubric.criteria:
        columns += [Column(f"{criterion.title}: {p.name}", "score", 12) for p in people]
        columns.append(Column(f"{criterion.title}: panel", "score", 12))
    columns += [Column(f"Total: {p.name}", "total", 12) for p in people]
    line = data.summary.budget
    rows: list[list[Value]] = []
    for rank, standing in enumerate(data.summary.ranking, start=1):
        app = data.application_by_id(standing.candidate.id)
        decision = data.decisions.get(app.id)
        total = standing.total
        row: list[Value] = [
            rank, app.reference, app.organisation.name, app.title, app.amount_requested, total.total,
            standing.priority_points, standing.ranking_score, total.social_value, total.quality, total.coverage,
            _line_words(line, app.id), standing.meets_threshold,
            decision.decision if decision else None, decision.amount_awarded if decision else None,
        ]
        own = data.summary.panel.own.get(app.id, {})
        combined = data.summary.panel.combined.get(app.id, {})
        for criterion in data.rubric.criteria:
            row += [own.get(p.id, {}).get(criterion.id) for p in people]
            row.append(combined.get(criterion.id))
        totals = data.summary.assessor_totals.get(app.id, {})
        row += [totals[p.id].total if p.id in totals else None for p in people]
        rows.append(row)
    return Matrix("Scores (wide)", columns, rows, frozen=3)
