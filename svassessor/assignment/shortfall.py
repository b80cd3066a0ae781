"""Why no assignment exists, in one sentence: which application (or which applications and which
assessors) cannot be covered, and what stands in the way (conflicts, the cap, too few assessors).

Three causes, each checked where it can be seen:
- one application has fewer assessors free of conflicts with it than the reviews it needs;
- all the applications together need more reviews than the assessors can take under the cap;
- a group of applications shares a few free assessors who are all at the cap. This one shows only
  in a maximum flow that falls short (`stuck_sentence`): the applications it could not fill, and the
  assessors it could have taken them to, are those reachable from a short application along arcs
  with room (an unused pair forward, a used pair back); every assessor reached is at the cap.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from svassessor.assignment.solver import Pair, Problem

_NAMED = 3  # applications a sentence names before "and N more"


def shortfall_sentence(problem: Problem, need: dict[str, int], free: dict[str, list[str]],
                       room: dict[str, int | None], load: Counter[str]) -> str | None:
    """The sentence for a shortfall seen without solving (too few assessors for one application, or too
    little room under the cap for all), or None."""
    pool = list(problem.assessors)
    for app in problem.applications:
        if need[app] > len(free.get(app, ())):
            more = " more" if need[app] < problem.per_application else ""
            reviewers = _count(need[app], f"{more.strip()} reviewer".strip())
            available = len(free.get(app, ()))
            conflicted = sum(1 for k in pool if (k, app) in problem.conflicted)
            if not conflicted:
                return (f"{_name(problem, app)} needs {reviewers} but there {_are(available)} only "
                        f"{_count(available, 'assessor')} to assign (a chair reviews only when assigned by hand).")
            return (f"{_name(problem, app)} needs {reviewers} but only {available} of the "
                    f"{_count(len(pool), 'assessor')} {_are(available)} free of conflicts with it.")
    total = sum(need.values())
    if problem.cap is not None:
        offered = Counter(k for ks in free.values() for k in ks)
        capacity = sum(min(offered[k], room[k] or 0) for k in pool)
        if capacity < total:
            applications = sum(1 for n in need.values() if n)
            more = "more " if any(load.values()) or any(n < problem.per_application for n in need.values()) else ""
            return (f"{_count(applications, 'application')} need {_count(total, more + 'review')} but the "
                    f"{_count(len(pool), 'assessor')} can take only {capacity:,} {more}at a cap of {problem.cap} "
                    f"each.")
    return None


def stuck_sentence(problem: Problem, need: dict[str, int], free: dict[str, list[str]], used: set[Pair]) -> str:
    """The sentence for a maximum flow (`used`) that left some application short."""
    served = Counter(app for _, app in used)
    start = next(app for app in problem.applications if need[app] and served[app] < need[app])
    taken: dict[str, list[str]] = {}
    for k, app in used:
        taken.setdefault(k, []).append(app)
    apps, assessors = {start}, set()
    queue = deque([start])
    while queue:
        app = queue.popleft()
        for k in free[app]:
            if (k, app) not in used and k not in assessors:
                assessors.add(k)
                for other in taken.get(k, ()):
                    if other not in apps:
                        apps.add(other)
                        queue.append(other)
    ordered = [app for app in problem.applications if app in apps]
    names = [problem.names.get(k, k) for k in problem.assessors if k in assessors]
    single = len(ordered) == 1
    what = _name(problem, start) if single else _list([_name(problem, a) for a in ordered], "applications")
    subject, pronoun, has, verb = ("it", "it", "has", "cannot have") if single else \
        ("they", "them", "have", "cannot all have")
    who = "that assessor is" if len(names) == 1 else "all of them are"
    return (f"{what} {verb} {_count(problem.per_application, 'reviewer')}: apart from the assessors {subject} "
            f"already {has}, only {_list(names, 'assessors')} {_are(len(names))} free of conflicts with {pronoun}, "
            f"and {who} at the cap of {problem.cap}.")


def _name(problem: Problem, item: str) -> str:
    return problem.names.get(item, item)


def _list(names: Iterable[str], noun: str) -> str:
    names = list(names)
    if len(names) > _NAMED + 1:
        return f"{', '.join(names[:_NAMED])} and {len(names) - _NAMED} more {noun}"
    if len(names) > 1:
        return f"{', '.join(names[:-1])} and {names[-1]}"
    return names[0] if names else f"no {noun}"


def _count(n: int, thing: str) -> str:
    return f"{n:,} {thing}{'' if n == 1 else 's'}"


def _are(n: int) -> str:
    return "is" if n == 1 else "are"
