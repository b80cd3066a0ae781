"""Who reviews which application: balanced, never conflicted, within the caps, reproducible (DESIGN §3).

The assignment is a minimum-cost flow, solved by OR-Tools' `SimpleMinCostFlow` (a maintained C++
solver; 2,000 applications × 12 assessors take tens of milliseconds). The network:

    application ──(1 per assessor free of conflicts with it)──▶ assessor ──(unit arcs)──▶ sink
    each application supplies the reviews it still needs; the sink takes them all

An assessor's j-th review costs (2j − 1)·BALANCE, so a load of L costs L²·BALANCE: the cheapest
flow has the most even loads the conflicts and caps allow (with room for it, loads differ by at most
one). Below that, a pair whose assessor's interests match the application costs INTEREST less, so
matches win whenever they cost no balance; below that, a pseudo-random 0..R−1 per pair, drawn from
the seed, decides between otherwise equal assignments: the same seed gives the same assignment.
The weights are lexicographic: INTEREST is more than every random cost together, and BALANCE more
than every interest and random cost together, so a lower level never outweighs a higher one.

Pairs already assigned (by hand, or by an earlier run) are kept: they count towards an application's
reviews and an assessor's load, so the run fills around them.

When conflicts and caps leave an application short, nothing is assigned and one sentence says
which application (or which group of applications and which assessors) cannot be covered and why.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field

from svassessor.assignment.shortfall import shortfall_sentence, stuck_sentence
from svassessor.errors import NotAllowed

Pair = tuple[str, str]  # (assessor id, application id)
_SPREAD = 16  # random costs 0..15 per pair: enough to vary the assignment between seeds
_INT64_ROOM = 2 ** 62  # OR-Tools refuses costs that could overflow its 64-bit sums


@dataclass(frozen=True)
class Problem:
    """What the chair asks for. Ids are opaque; `names` gives the reference or name a sentence uses."""

    applications: Sequence[str]  # application ids, in the order a sentence names them (natural reference order)
    assessors: Sequence[str]  # the ids of those who may be assigned automatically
    per_application: int
    cap: int | None = None  # most applications any one assessor reviews, kept ones included
    conflicted: Set[Pair] = frozenset()
    kept: Set[Pair] = frozenset()  # assignments already made, kept and counted
    matches: Set[Pair] = frozenset()  # pairs where the assessor's interests meet the application
    seed: int = 0
    names: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    """The assignment the solver chose: every pair (kept and new), what is new, and each assessor's load."""

    pairs: frozenset[Pair]
    added: frozenset[Pair]
    loads: dict[str, int]  # assessor id → applications they review (every assessor of the problem, and anyone kept)
    matched: int  # pairs (of all) where the assessor's interests meet the application


def solve(problem: Problem) -> Plan:
    """The balanced assignment of `problem`; NotAllowed with one sentence when no assignment exists."""
    if problem.per_application < 1:
        raise NotAllowed("Each application needs at least one reviewer; give --per-application 1 or more.")
    if problem.cap is not None and problem.cap < 1:
        raise NotAllowed("A cap of fewer than one application per assessor would leave nobody to review.")
    apps = list(problem.applications)
    pool = list(problem.assessors)
    on = set(apps)
    kept = {p for p in problem.kept if p[1] in on and p not in problem.conflicted}
    load = Counter(assessor for assessor, _ in kept)
    has = Counter(app for _, app in kept)
    need = {app: max(0, problem.per_application - has[app]) for app in apps}
    free = {app: [k for k in pool if (k, app) not in problem.conflicted and (k, app) not in kept]
            for app in apps if need[app]}
    room = {k: _room(problem.cap, load[k]) for k in pool}
    if (sentence := shortfall_sentence(problem, need, free, room, load)) is not None:
        raise NotAllowed(sentence)
    added = _flow(problem, need, free, room, load)
    pairs = frozenset(kept | added)
    loads = {k: 0 for k in pool} | Counter(assessor for assessor, _ in pairs)
    return Plan(pairs=pairs, added=frozenset(added), loads=dict(loads),
                matched=sum(1 for p in pairs if p in problem.matches))


def _room(cap: int | None, load: int) -> int | None:
    return None if cap is None else max(0, cap - load)


def _flow(problem: Problem, need: dict[str, int], free: dict[str, list[str]], room: dict[str, int | None],
          load: Counter[str]) -> set[Pair]:
    """The cheapest flow's new pairs (see the module's docstring for the costs)."""
    from ortools.graph.python.min_cost_flow import SimpleMinCostFlow  # its C++ library loads only when assigning

    total = sum(need.values())
    if not total:
        return set()
    pool = list(problem.assessors)
    offered = Counter(k for ks in free.values() for k in ks)
    # An assessor can take at most their room under the cap and the applications free for them.
    reach = {k: min(offered[k], total, total if (r := room[k]) is None else r) for k in pool}
    spread, interest, balance = _weights(problem, total, len(free) + len(pool) + 1, max(
        (load[k] + reach[k] for k in pool), default=1))
    solver = SimpleMinCostFlow()
    node = {k: i for i, k in enumerate(pool)}
    sink = len(pool)
    draw, bits = random.Random(problem.seed).getrandbits, spread.bit_length() - 1  # spread is a power of two
    arcs: list[tuple[int, str, str]] = []
    for n, app in enumerate(free, start=sink + 1):
        solver.set_node_supply(n, need[app])
        for k in free[app]:
            cost = draw(bits) + (0 if (k, app) in problem.matches else interest)
            arcs.append((solver.add_arc_with_capacity_and_unit_cost(n, node[k], 1, cost), k, app))
    for k in pool:
        for j in range(load[k] + 1, load[k] + reach[k] + 1):
            solver.add_arc_with_capacity_and_unit_cost(node[k], sink, 1, balance * (2 * j - 1))
    solver.set_node_supply(sink, -total)
    status = solver.solve_max_flow_with_min_cost()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"the assignment solver stopped with status {status}")
    used = {(k, app) for arc, k, app in arcs if solver.flow(arc)}
    if len(used) < total:  # a group of applications whose only free assessors are all at the cap
        raise NotAllowed(stuck_sentence(problem, need, free, used))
    return used


def _weights(problem: Problem, total: int, nodes: int, most: int) -> tuple[int, int, int]:
    """(spread, interest, balance): each level worth more than all the levels below it together.

    A flow uses `total` pair arcs, so the random costs of any two assignments differ by less than
    spread·total, and their interest costs by at most interest·total. Very large rounds get a
    smaller spread so that no arc's cost can overflow the solver's 64-bit arithmetic.
    """
    spread = _SPREAD
    while True:
        interest = spread * total + 1 if problem.matches else 0
        balance = (interest + spread) * total + 1
        if balance * (2 * most) * (nodes + 1) < _INT64_ROOM or spread == 1:
            return spread, interest, balance
        spread //= 2
