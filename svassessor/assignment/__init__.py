"""Assignment (DESIGN §3): which assessors review which application. Pure: no SQL, no Qt.

`solve` turns the chair's wish (reviews per application, a cap, the conflicts, the hand assignments
to keep, the interests that match) into a balanced assignment or one sentence saying why none exists.
"""

from svassessor.assignment.interests import application_text, interest_pattern, meets
from svassessor.assignment.solver import Pair, Plan, Problem, solve

__all__ = ["Pair", "Plan", "Problem", "application_text", "interest_pattern", "meets", "solve"]
