"""What one column of a source does in an import: the claim the preview makes and the import keeps.

The dry run, the wizard's preview and the import itself all take this from the same plan and the
same reading of the rows, so what the preview says a column fills is what the import stores. A field
fed by several columns takes, in each row, the first of them that has a value; the later ones are
kept as extra in that row, and the claim says so rather than promising they will be used.
"""

from __future__ import annotations

from dataclasses import dataclass

WHY = {"chosen": "chosen", "remembered": "remembered from last time", "title": "by its title",
       "tender": "the price, as the round is a tender", "unmapped": "no field for it"}


@dataclass(frozen=True)
class ColumnUse:
    """One column: its field, the earlier columns that take that field first, and (once read) its rows."""

    column: str
    field: str
    origin: str
    note: str = ""
    ahead: tuple[str, ...] = ()  # earlier columns for the same field: this one fills it only where they are empty
    filled: int | None = None  # rows whose value filled the field; None until the rows are read
    kept: int | None = None  # rows whose value was kept as extra instead
    unit: str = "row"  # what a row is called in the source ("grant" in a 360Giving package)

    @property
    def fills(self) -> str:
        """What the column does, as `--map` names it: the field, 'kept as extra' or 'left out'."""
        if self.field == "ignore":
            return "left out"
        if self.field == "extra":
            return "kept as extra"
        if not self.ahead:
            return self.field
        others = " and ".join(f"'{c}'" for c in self.ahead)
        return f"{self.field} where {others} {'is' if len(self.ahead) == 1 else 'are'} empty, otherwise kept as extra"

    def sentence(self) -> str:
        """`Column → what it does (why)`, and once read, in how many rows."""
        why = WHY.get(self.origin, self.origin) + (f": {self.note}" if self.note else "")
        line = f"{self.column} → {self.fills} ({why})"
        if self.filled is None or self.field == "ignore":
            return line
        if self.field == "extra":
            return line + (f": {self._rows(self.kept)}" if self.kept else f": no {self.unit} has a value")
        if not self.filled and not self.kept:
            return line + f": no {self.unit} has a value"
        return line + f": {self._rows(self.filled)}" + (f"; kept as extra in {self._rows(self.kept)}"
                                                        if self.kept else "")

    def _rows(self, count: int | None) -> str:
        return f"{count} {self.unit}{'' if count == 1 else 's'}"
