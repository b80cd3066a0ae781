"""What the commands share: opening a file, naming the actor, money on the command line."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import click

from svassessor import money
from svassessor.store import Store

FILE = click.Path(dir_okay=False, path_type=Path)
ROUND = click.option("--round", "round_name", help="The round (may be left out when the file holds one).")


def who() -> str:
    """The person running a command, for the audit log when no assessor is named."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "command line"


@contextmanager
def open_store(path: Path, *, actor: str | None = None, readonly: bool = False) -> Iterator[Store]:
    """The file open for one command; closed after it, saying on stderr if its backup on open failed (the
    command's own work is saved either way)."""
    store = Store.open(path, actor=actor or who(), readonly=readonly)
    try:
        yield store
    finally:
        store.close()
        if (problem := store.database.backup_problem) is not None:
            click.echo(f"svassessor: {problem}", err=True)


class Money(click.ParamType):
    """Pounds, written as 90000, 90,000 or £90,000.50."""

    name = "GBP"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> Decimal:
        if isinstance(value, Decimal):
            return value
        try:
            amount = money.typed_pounds(str(value))
        except ValueError as problem:
            self.fail(str(problem), param, ctx)
        if amount < 0 or amount != amount.quantize(Decimal("0.01")):
            self.fail(f"'{value}' is not an amount in pounds and pence", param, ctx)
        return amount


def cut(text: str, width: int) -> str:
    """A name in its column, cut with an ellipsis rather than run into the next."""
    return text if len(text) <= width else text[: width - 1] + "…"


def money_text(amount: Decimal | None) -> str:
    return money.money_text(amount, none="")
