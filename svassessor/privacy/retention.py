"""How long a round keeps its personal data (DESIGN §3 Retention): which rounds are past their date.

By the store's clock (`Store.clock`), never the system's, so the answer is the same in a test on any day.
A round is past its date the day after `retain_until`, and stays named until its applicants are erased.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from svassessor.repository.rounds import RoundInfo


def overdue(rounds: Sequence[RoundInfo], today: date, still_held: dict[str, int]) -> list[RoundInfo]:
    """The rounds past their retention date that still hold applicants not yet erased (`still_held`: by name)."""
    return [r for r in rounds if r.retain_until is not None and r.retain_until < today and still_held.get(r.name)]


def overdue_line(rounds: Sequence[RoundInfo]) -> str | None:
    """One line naming the rounds past their date, for the window's status and the command line; None if none."""
    if not rounds:
        return None
    named = "; ".join(f"'{r.name}' (kept until {_day(r.retain_until)})" for r in rounds if r.retain_until)
    one = len(rounds) == 1
    return (f"Personal data is held past its retention date in {'round' if one else 'rounds'} {named}: erase "
            f"{'it' if one else 'them'} (File > Erase personal data, or svassessor erase).")


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
