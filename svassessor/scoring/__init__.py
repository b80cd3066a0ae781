"""The scoring engine (DESIGN §4): pure functions over plain data, no SQL, no Qt, no I/O.

Most callers need only `summarise_round` and `summary_json`; the pieces are public for the UI's
drill-downs and for tests.
"""

from svassessor.scoring.agreement import Agreement, Alpha, krippendorff_alpha, round_agreement
from svassessor.scoring.inputs import (
    Candidate,
    Conflicts,
    Moderated,
    Plan,
    Scores,
    ScoringProblem,
    plan,
    tender_weights,
)
from svassessor.scoring.normalise import Normalisation, normalise
from svassessor.scoring.panel import Flag, Panel, combine
from svassessor.scoring.ranking import TIE, BudgetLine, WhatIf, budget_line, rank, scenario, what_if
from svassessor.scoring.standing import Standing, evaluate
from svassessor.scoring.summary import RoundSummary, summarise_round, summary_json
from svassessor.scoring.tender import overall, price_scores, sv_point_costs
from svassessor.scoring.totals import Total, score_total, threshold_failures

__all__ = [
    "TIE",
    "Agreement",
    "Alpha",
    "BudgetLine",
    "Candidate",
    "Conflicts",
    "Flag",
    "Moderated",
    "Normalisation",
    "Panel",
    "Plan",
    "RoundSummary",
    "Scores",
    "ScoringProblem",
    "Standing",
    "Total",
    "WhatIf",
    "budget_line",
    "combine",
    "evaluate",
    "krippendorff_alpha",
    "normalise",
    "overall",
    "plan",
    "price_scores",
    "rank",
    "round_agreement",
    "scenario",
    "score_total",
    "summarise_round",
    "summary_json",
    "sv_point_costs",
    "tender_weights",
    "threshold_failures",
    "what_if",
]
