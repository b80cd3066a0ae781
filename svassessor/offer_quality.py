"""Is a social value offer a specific commitment? A hint for the assessor, never a score.

The BSSEC roundtables asked that commitments be specific enough to be followed up after award (DESIGN
§2.8): what is counted (a measure), how many (a quantity), by when (a timeframe), for whom (a
beneficiary group) and where (a place). `vague_parts` names what an offer lacks, in that order. A field
holding only a placeholder ("TBC", "n/a", "ongoing", "everyone", "the local area") says nothing, so it
counts as missing. The rule is deliberately simple and explainable: an assessor can see at a glance why
an offer was marked, and still judge it against the descriptors.
"""

from __future__ import annotations

import math
import re
from collections.abc import Set

from svassessor.models import Offer

MEASURE, QUANTITY, TIMEFRAME, GROUP, PLACE = "measure", "quantity", "timeframe", "beneficiary group", "place"
PARTS: tuple[str, ...] = (MEASURE, QUANTITY, TIMEFRAME, GROUP, PLACE)

# Words that fill a field without saying anything, whatever the field.
_PLACEHOLDERS = {"", "-", "--", "?", "tbc", "tbd", "tba", "n/a", "na", "none", "unknown", "various", "other",
                 "not known", "to be confirmed", "to be decided", "to be agreed", "not applicable"}
# Per field, answers that name no one, no place or no time.
_EMPTY_GROUPS = {"everyone", "everybody", "all", "anyone", "the public", "general public", "the general public",
                 "the community", "community", "local people", "the local community", "people", "residents",
                 "all residents", "all ages"}
_EMPTY_PLACES = {"local", "locally", "local area", "the local area", "the area", "area", "community",
                 "the community", "everywhere", "anywhere", "nationwide", "uk", "various locations"}
_EMPTY_TIMEFRAMES = {"ongoing", "on-going", "always", "as needed", "when possible", "asap", "soon", "in future",
                     "in the future", "eventually", "open-ended", "continuous"}


def _said(text: str | None, empty: Set[str] = frozenset()) -> bool:
    """True when `text` says something beyond a placeholder."""
    if text is None:
        return False
    words = re.sub(r"[\s.!]+", " ", text).strip().casefold()
    return words not in _PLACEHOLDERS and words not in empty


def vague_parts(offer: Offer) -> list[str]:
    """Name what the offer lacks to be a specific commitment: measure, quantity, timeframe, group, place.

    A measure is present when the offer names a rubric measure or at least a unit (what is counted).
    A quantity is present when it is a finite number above zero. An empty list means specific.
    """
    missing: list[str] = []
    if not (_said(offer.measure) or _said(offer.unit)):
        missing.append(MEASURE)
    quantity = offer.quantity
    if quantity is None or not math.isfinite(quantity) or quantity <= 0:
        missing.append(QUANTITY)
    if not _said(offer.timeframe, _EMPTY_TIMEFRAMES):
        missing.append(TIMEFRAME)
    if not _said(offer.beneficiary_group, _EMPTY_GROUPS):
        missing.append(GROUP)
    if not _said(offer.place, _EMPTY_PLACES):
        missing.append(PLACE)
    return missing


def is_specific(offer: Offer) -> bool:
    return not vague_parts(offer)
