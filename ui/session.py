"""Which round to open and who is at the keyboard, when a file is opened or the round changes."""

from __future__ import annotations

from collections.abc import Callable

from svassessor.models import Assessor, Round
from ui.context import AppContext

# Asks the user: given the round's people, returns the one at the keyboard or None (cancelled).
AskWho = Callable[[Round, list[Assessor]], Assessor | None]


def preferred_round(ctx: AppContext) -> Round | None:
    """The round used last with this file; else the first being scored; else the first."""
    assert ctx.store is not None and ctx.path is not None
    infos = ctx.store.rounds.list()
    if not infos:
        return None
    names = [i.name for i in infos]
    remembered = ctx.settings.round_for(ctx.path)
    name = remembered if remembered in names else next((i.name for i in infos if i.status == "scoring"), names[0])
    return ctx.store.rounds.get(name)


def preferred_person(ctx: AppContext, round_: Round, people: list[Assessor]) -> Assessor | None:
    """The person chosen last for this file and round, or the one with your name; None if neither."""
    assert ctx.path is not None
    by_name = {a.name: a for a in people}
    remembered = ctx.settings.assessor_for(ctx.path, round_.name)
    if remembered in by_name:
        return by_name[remembered]
    identity = ctx.settings.identity
    return by_name.get(identity[0]) if identity else None


def first_assessor(_round: Round, people: list[Assessor]) -> Assessor | None:
    """For screenshots and tests: whoever is first among the round's assessors, else its chair."""
    return next((a for a in people if a.role == "assessor"), people[0] if people else None)


def start_session(ctx: AppContext, round_: Round, ask: AskWho, *, force_ask: bool = False) -> bool:
    """Make `round_` the round worked on, by the remembered person or one the user picks.

    A round with no people yet opens with no one at the keyboard (the window says how to add them).
    """
    assert ctx.store is not None
    people = ctx.store.assessors.for_round(round_)
    person = None if force_ask else preferred_person(ctx, round_, people)
    if person is None and people or force_ask:
        person = ask(round_, people)
        if person is None and force_ask:
            return False
    ctx.set_session(round_, person)
    return True
