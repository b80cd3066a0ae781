"""Roll funded offers and their deliveries up by application, theme, beneficiary group and place.

Pure functions over plain data (the round's rubric, applications, decisions and deliveries), so the
figures can be checked by hand and a view can recompute them without the store.

An offer's theme is the first theme, in rubric order, with a criterion that names the offer's
measure: each offer counts once, so theme totals add up to the round's. An offer with no measure (or
one the rubric does not define) is shown under "Not measured".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from svassessor.models import Application, Attachment, Decision, Delivery, Offer, Round
from svassessor.monitoring.model import (
    NO_GROUP,
    NO_PLACE,
    NO_THEME,
    NOT_MEASURED,
    STATUSES,
    ApplicationProgress,
    Group,
    OfferProgress,
    Proxy,
    RoundProgress,
    Tally,
    TallyKey,
    Totals,
)
from svassessor.references import reference_key
from svassessor.rubric.model import Measure, Rubric, Theme


def measure_themes(rubric: Rubric) -> dict[str, Theme]:
    """Measure id → the first theme (rubric order) with a criterion that names it."""
    themes: dict[str, Theme] = {}
    for theme in rubric.themes:
        for criterion in theme.criteria:
            for measure_id in criterion.measures:
                themes.setdefault(measure_id, theme)
    return themes


def proxy_for(offer: Offer, measure: Measure | None, delivered: float | None) -> Proxy | None:
    """The rubric's £ proxy for the offer, if its measure has one and the offer counts in the measure's unit."""
    if measure is None or measure.proxy_gbp_per_unit is None:
        return None
    if offer.unit and offer.unit.strip().casefold() != measure.unit.casefold():
        return None  # a proxy per person says nothing about an offer counted in families
    rate = measure.proxy_gbp_per_unit
    return Proxy(gbp_per_unit=rate, source=measure.proxy_source,
                 promised=None if offer.quantity is None else offer.quantity * rate,
                 delivered=None if delivered is None else delivered * rate)


def offer_progress(application: Application, number: int, offer: Offer, rubric: Rubric,
                   history: Sequence[Delivery], themes: dict[str, Theme] | None = None,
                   files: Mapping[str, Sequence[Attachment]] | None = None) -> OfferProgress:
    """One offer with its reports (sorted here by date, then by when each was recorded) and their files."""
    themes = measure_themes(rubric) if themes is None else themes
    measure = rubric.measure(offer.measure) if offer.measure else None
    theme = themes.get(measure.id) if measure else None
    ordered = tuple(sorted(history, key=lambda d: (d.on, d.recorded_at)))
    latest_quantity = next((d.quantity for d in reversed(ordered) if d.quantity is not None), None)
    return OfferProgress(
        application_id=application.id, reference=application.reference,
        organisation=application.organisation.name, number=number, offer=offer, measure=measure,
        theme_id=theme.id if theme else None,
        theme=theme.title if theme else (NO_THEME if measure else NOT_MEASURED),
        history=ordered, proxy=proxy_for(offer, measure, latest_quantity),
        files={d.id: tuple(files[d.id]) for d in ordered if files and files.get(d.id)})


def totals(offers: Iterable[OfferProgress], rubric: Rubric) -> Totals:
    """Tallies per measure and unit (rubric measure order, then unmeasured units A–Z), statuses, proxies."""
    offers = list(offers)
    grouped: dict[TallyKey, list[OfferProgress]] = defaultdict(list)
    for offer in offers:
        grouped[offer.key].append(offer)
    order = {m.id: i for i, m in enumerate(rubric.measures)}
    keys = sorted(grouped, key=lambda k: (k[0] is None, order.get(k[0] or "", 0), k[1] is None, k[1] or ""))
    statuses = dict.fromkeys(STATUSES, 0)
    for offer in offers:
        statuses[offer.status] += 1
    proxied = [o.proxy for o in offers if o.proxy is not None]
    return Totals(
        tallies=tuple(_tally(key, grouped[key]) for key in keys), statuses=statuses,
        proxy_promised=sum(p.promised for p in proxied if p.promised is not None) if proxied else None,
        proxy_delivered=sum(p.delivered for p in proxied if p.delivered is not None) if proxied else None)


def _tally(key: TallyKey, offers: list[OfferProgress]) -> Tally:
    counted = [o for o in offers if o.promised is not None]
    return Tally(
        key=key, label=offers[0].label, unit=offers[0].unit,
        promised=sum(o.promised for o in counted if o.promised is not None),
        delivered=sum(o.delivered or 0.0 for o in counted), offers=len(counted),
        unreported=sum(1 for o in counted if o.delivered is None), unquantified=len(offers) - len(counted))


def _grouped(offers: Sequence[OfferProgress], rubric: Rubric, name: Callable[[OfferProgress], str | None],
             missing: str) -> tuple[Group, ...]:
    """Groups by a free-text field, matched case- and space-insensitively; labelled as first written."""
    members: dict[str | None, list[OfferProgress]] = defaultdict(list)
    labels: dict[str | None, str] = {None: missing}
    for offer in offers:
        text = " ".join((name(offer) or "").split())
        key = text.casefold() or None
        labels.setdefault(key, text)
        members[key].append(offer)
    keys = sorted(members, key=lambda k: (k is None, k or ""))
    return tuple(Group(labels[k], tuple(members[k]), totals(members[k], rubric)) for k in keys)


def by_theme(offers: Sequence[OfferProgress], rubric: Rubric) -> tuple[Group, ...]:
    members: dict[str, list[OfferProgress]] = defaultdict(list)
    for offer in offers:
        members[offer.theme].append(offer)
    order = [t.title for t in rubric.themes] + [NO_THEME, NOT_MEASURED]
    return tuple(Group(title, tuple(members[title]), totals(members[title], rubric))
                 for title in order if title in members)


def by_group(offers: Sequence[OfferProgress], rubric: Rubric) -> tuple[Group, ...]:
    return _grouped(offers, rubric, lambda o: o.offer.beneficiary_group, NO_GROUP)


def by_place(offers: Sequence[OfferProgress], rubric: Rubric) -> tuple[Group, ...]:
    return _grouped(offers, rubric, lambda o: o.offer.place, NO_PLACE)


def round_progress(round_: Round, rubric: Rubric, applications: Iterable[Application],
                   decisions: Iterable[Decision], deliveries: Iterable[Delivery],
                   files: Mapping[str, Sequence[Attachment]] | None = None) -> RoundProgress:
    """The monitoring picture of a round: funded applications only (decision 'fund'), by reference.

    `files` maps a delivery's id to the files kept with it (names only travel; content stays stored).
    """
    funded = {d.application_id: d for d in decisions if d.decision == "fund"}
    history: dict[str, list[Delivery]] = defaultdict(list)
    for delivery in deliveries:
        history[delivery.offer_id].append(delivery)
    themes = measure_themes(rubric)
    progress = []
    for application in sorted(applications, key=lambda a: reference_key(a.reference)):
        if application.id not in funded:
            continue
        offers = tuple(offer_progress(application, n, offer, rubric, history[offer.id], themes, files)
                       for n, offer in enumerate(application.offers, start=1))
        progress.append(ApplicationProgress(application, funded[application.id], offers, totals(offers, rubric)))
    every = [o for a in progress for o in a.offers]
    return RoundProgress(round=round_, rubric=rubric, applications=tuple(progress),
                         by_theme=by_theme(every, rubric), by_group=by_group(every, rubric),
                         by_place=by_place(every, rubric), totals=totals(every, rubric))
