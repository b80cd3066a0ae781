"""How long work reports progress and hears a cancel: one convention for imports, exports and merges.

`progress(done, total, what="")` is called as work proceeds (total 0: no idea how long); `cancelled()`
is asked between steps, and True stops the work, which then keeps nothing of it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class Progress(Protocol):
    def __call__(self, done: int, total: int, what: str = "") -> None: ...


Cancelled = Callable[[], bool]


def no_progress(done: int, total: int, what: str = "") -> None:  # noqa: ARG001 - the Progress signature
    """The default: nobody is watching."""


def never() -> bool:
    """The default: nobody can cancel."""
    return False
