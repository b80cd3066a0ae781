"""Commands about one application: what a contract award notice asks of its supplier."""

from __future__ import annotations

from pathlib import Path

import click

from svassessor.cli.common import FILE, ROUND, open_store
from svassessor.repository.rounds import UNSET, Unset

_ANSWERS: dict[str, bool | None] = {"yes": True, "no": False, "unknown": None}
_ANSWER = click.Choice(list(_ANSWERS), case_sensitive=False)


def answer_text(answer: bool | None) -> str:
    return "not known" if answer is None else "yes" if answer else "no"


@click.group("application")
def application_group() -> None:
    """Change what is recorded of one application's organisation."""


@application_group.command("set")
@click.argument("path", type=FILE)
@ROUND
@click.option("--application", "reference", required=True, help="The application's reference.")
@click.option("--sme", type=_ANSWER, help="Is the organisation a small or medium-sized enterprise: yes, no or unknown.")
@click.option("--vcse", type=_ANSWER, help="Is it a voluntary, community or social enterprise: yes, no or unknown.")
def application_set(path: Path, round_name: str | None, reference: str, sme: str | None, vcse: str | None) -> None:
    """Record whether an applicant is an SME and whether it is a VCSE, as a contract award notice asks.

    Example: svassessor application set council.svdb --round "Community meals contract"
    --application CMC-2026-BID-000017 --sme yes --vcse no
    """
    if sme is None and vcse is None:
        raise click.UsageError("Say what to change: --sme or --vcse.")
    given: dict[str, bool | None | Unset] = {
        name: UNSET if value is None else _ANSWERS[value.lower()] for name, value in (("sme", sme), ("vcse", vcse))}
    with open_store(path) as store:
        round_ = store.rounds.get(round_name)
        app = store.applications.set_supplier(store.applications.get(round_, reference), **given)
    org = app.organisation
    click.echo(f"{app.reference} ({org.name}): an SME {answer_text(org.sme)}; a voluntary, community or social "
               f"enterprise {answer_text(org.vcse)}.")
