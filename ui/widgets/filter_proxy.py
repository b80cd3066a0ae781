"""A filter proxy whose rule changes: the one place that knows how each Qt version wants to hear it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSortFilterProxyModel


class RefilteredProxy(QSortFilterProxyModel):
    def refilter(self, change: Callable[[], None]) -> None:
        """Apply `change` to what the filter reads, and filter again."""
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later: rows are re-filtered, not the model reset
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateFilter()
