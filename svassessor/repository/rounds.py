"""Rounds and the frozen rubric each was scored with."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import TYPE_CHECKING, Literal

from svassessor.errors import NotAllowed, NotFound
from svassessor.models import Round, RoundStatus
from svassessor.orgids import checked_org_id, checked_prefix
from svassessor.panel.progress import missing_reviews
from svassessor.repository.progress import review_facts
from svassessor.repository.rows import round_model
from svassessor.round_status import RoundFacts, check_move
from svassessor.rubric.loader import load_rubric_text
from svassessor.rubric.model import Rubric
from svassessor.standstill import Nation, checked_nation, standstill_end
from svassessor.storage.codec import date_parse, date_text, dicts, new_id, pence, utc_text
from svassessor.text_rules import required_name

if TYPE_CHECKING:
    from svassessor.store import Store


class Unset(Enum):
    """The type of UNSET: a setting `Rounds.update` leaves as it is (None would clear it)."""

    UNSET = "unset"


UNSET: Literal[Unset.UNSET] = Unset.UNSET


ROUND_NEEDS_A_NAME = "A round needs a name (spaces and invisible characters alone are not one)."


def checked_budget(budget: Decimal | None) -> Decimal | None:
    """A budget as stored: whole pence, not negative; anything else is refused with one sentence."""
    if budget is None:
        return None
    try:
        value = Decimal(budget)
    except (InvalidOperation, TypeError, ValueError) as error:
        raise NotAllowed(f"A budget must be an amount in pounds, not '{budget}'.") from error
    if not value.is_finite():
        raise NotAllowed(f"A budget must be an amount in pounds, not '{budget}'.")
    if value < 0:
        raise NotAllowed(f"A budget cannot be negative (£{value:,}).")
    if value != value.quantize(Decimal("0.01")):
        raise NotAllowed(f"A budget is in whole pence: £{value:,} has a fraction of a penny.")
    return value


@dataclass(frozen=True)
class RoundInfo:
    name: str
    status: RoundStatus
    applications: int
    budget: Decimal | None
    nation: Nation | None = None
    standstill_from: date | None = None
    retain_until: date | None = None
    tender: bool = False

    @property
    def standstill_ends(self) -> date | None:
        """A tender's, once its standstill has a start; counted when asked, not when rounds are listed, as
        the bank-holiday calendars take a quarter of a second to load and opening a file lists its rounds."""
        return standstill_end(self.standstill_from) if self.tender and self.standstill_from is not None else None


class Rounds:
    def __init__(self, store: Store):
        self.store = store
        self._rubrics: dict[str, Rubric] = {}

    def create(
        self, *, name: str, rubric_yaml: str, rubric_filename: str = "rubric.yaml", budget: Decimal | None = None,
        opens: date | None = None, closes: date | None = None, status: RoundStatus = "setup",
        funder_name: str | None = None, funder_org_id: str | None = None, funder_identifier: str | None = None,
        nation: str | None = None,
    ) -> Round:
        """Make a round with a frozen copy of its rubric (validated first: a bad rubric makes no round).

        `funder_org_id` is the funder's org-id and `funder_identifier` its 360Giving prefix (see `orgids`);
        `nation` the part of the UK whose bank holidays count a tender's standstill.
        """
        name = required_name(name, ROUND_NEEDS_A_NAME)
        nation = checked_nation(nation)
        funder_name, funder_org_id, funder_identifier = _funder(funder_name, funder_org_id, funder_identifier)
        budget = checked_budget(budget)
        if opens is not None and closes is not None and closes < opens:
            raise NotAllowed(f"A round cannot close on {_day(closes)}, before it opens on {_day(opens)}.")
        rubric = load_rubric_text(rubric_yaml, filename=rubric_filename)
        if self._row_by_name(name) is not None:
            raise NotAllowed(f"A round called '{name}' already exists in {self.store.database.path}.")
        snapshot_id = new_id()
        round_ = Round(
            name=name, status=status, budget=budget, opens=opens, closes=closes, rubric_snapshot_id=snapshot_id,
            funder_name=funder_name, funder_org_id=funder_org_id, funder_identifier=funder_identifier, nation=nation,
        )
        with self.store.change() as audit:
            audit.insert("rubric_snapshots", {
                "id": snapshot_id, "rubric_id": rubric.id, "version": rubric.version, "name": rubric.name,
                "yaml": rubric_yaml, "sha256": hashlib.sha256(rubric_yaml.encode("utf-8")).hexdigest(),
            })
            audit.insert("rounds", {
                "id": round_.id, "name": name, "status": status, "budget_pence": pence(budget),
                "opens": date_text(opens), "closes": date_text(closes), "rubric_snapshot_id": snapshot_id,
                "sv_weight": None, "funder_name": funder_name, "funder_identifier": funder_identifier,
                "funder_org_id": funder_org_id, "nation": nation, "standstill_from": None,
                "created_at": utc_text(round_.created_at),
            })
        self._rubrics[snapshot_id] = rubric
        return round_

    def list(self) -> list[RoundInfo]:
        rows = self.store.database.conn.execute(
            "SELECT r.id, r.name, r.status, r.budget_pence, r.nation, r.standstill_from, "
            "(SELECT count(*) FROM applications a WHERE a.round_id = r.id), r.retain_until FROM rounds r "
            "ORDER BY r.created_at"
        ).fetchall()
        return [RoundInfo(name, status, count, None if b is None else Decimal(b) / 100, nation, date_parse(start),
                          date_parse(keep), start is not None and self.rubric(self.by_id(round_id)).kind == "tender")
                for round_id, name, status, b, nation, start, count, keep in rows]

    def standstill_ends(self, round_: Round) -> date | None:
        """The last day of a tender's standstill (it ends at midnight at its end); None until the round has
        a start, and for a grant round, which has no standstill."""
        if round_.standstill_from is None or self.rubric(round_).kind != "tender":
            return None
        return standstill_end(round_.standstill_from)

    def get(self, name: str | None = None) -> Round:
        """The round with this name; with no name, the file's only round."""
        if name is None:
            rows = dicts(self.store.database.conn.execute("SELECT * FROM rounds ORDER BY created_at"))
            if len(rows) == 1:
                return round_model(rows[0])
            if not rows:
                raise NotFound(f"{self.store.database.path} holds no rounds yet.")
            names = ", ".join(f"'{r['name']}'" for r in rows)
            raise NotFound(f"{self.store.database.path} holds several rounds ({names}): name one with --round.")
        row = self._row_by_name(name)
        if row is None:
            raise NotFound(f"There is no round called '{name}' in {self.store.database.path}.")
        return round_model(row)

    def by_id(self, round_id: str) -> Round:
        rows = dicts(self.store.database.conn.execute("SELECT * FROM rounds WHERE id = ?", [round_id]))
        if not rows:
            raise NotFound(f"There is no round with id {round_id}.")
        return round_model(rows[0])

    def rubric(self, round_: Round) -> Rubric:
        """The rubric frozen into the round when it was made."""
        snapshot_id = round_.rubric_snapshot_id
        if snapshot_id not in self._rubrics:
            found = self.store.database.conn.execute(
                "SELECT yaml, rubric_id FROM rubric_snapshots WHERE id = ?", [snapshot_id]).fetchone()
            if found is None:
                raise NotFound(f"The rubric of round '{round_.name}' is missing from the file.")
            self._rubrics[snapshot_id] = load_rubric_text(found[0], filename=f"{found[1]} (frozen in the round)")
        return self._rubrics[snapshot_id]

    def rubric_yaml(self, round_: Round) -> str:
        found = self.store.database.conn.execute(
            "SELECT yaml FROM rubric_snapshots WHERE id = ?", [round_.rubric_snapshot_id]).fetchone()
        return found[0]

    def set_status(self, round_: Round, status: RoundStatus, *, force: bool = False) -> Round:
        """Move the round one stage on (or back), if what the next stage needs is there.

        A forward move that would leave work behind (see `round_status.work_left`) is refused with
        `WorkLeft`, naming the counts, unless `force`.
        """
        with self.store.change() as audit:
            current = audit.conn.execute("SELECT status FROM rounds WHERE id = ?", [round_.id]).fetchone()[0]
            check_move(round_.name, current, status, self._facts(round_), force=force)
            audit.update("rounds", round_.id, {"status": status})
        return round_.model_copy(update={"status": status})

    def _facts(self, round_: Round) -> RoundFacts:
        """The counts the status rules read; a conflicted assessor's work counts for nothing (DESIGN §4), and
        an ineligible application, out of scoring, needs no score or decision; missing reviews are counted over
        the assignment, as the progress view counts them."""
        conn = self.store.database.conn
        free = ("NOT EXISTS (SELECT 1 FROM conflicts k WHERE k.assessor_id = s.assessor_id "
                "AND k.application_id = s.application_id)")
        eligible = "a.id NOT IN (SELECT value FROM json_each(?))"
        out = json.dumps(sorted(self.store.screenings.ineligible_ids(round_)))
        counts = conn.execute(
            "SELECT count(*), "
            "count(CASE WHEN EXISTS (SELECT 1 FROM assessments s JOIN scores c ON c.assessment_id = s.id "
            f"  WHERE s.application_id = a.id AND c.score IS NOT NULL AND {free}) THEN 1 END), "
            "count(d.id), count(CASE WHEN d.decision = 'fund' THEN 1 END) "
            f"FROM applications a LEFT JOIN decisions d ON d.application_id = a.id WHERE a.round_id = ? AND {eligible}",
            [round_.id, out]).fetchone()
        assessments = conn.execute(
            "SELECT count(*), count(CASE WHEN s.status = 'submitted' THEN 1 END) "
            f"FROM assessments s JOIN applications a ON a.id = s.application_id WHERE a.round_id = ? AND {free} "
            f"AND {eligible}", [round_.id, out]).fetchone()
        applications, scored, decided, funded = counts
        started, submitted = assessments
        return RoundFacts(applications, scored, decided, funded, started, submitted,
                          missing_reviews(review_facts(self.store, round_)))

    def update(
        self, round_: Round, *, name: str | None = None, budget: Decimal | None | Unset = UNSET,
        opens: date | None | Unset = UNSET, closes: date | None | Unset = UNSET,
        sv_weight: float | None | Unset = UNSET, funder_name: str | None | Unset = UNSET,
        funder_org_id: str | None | Unset = UNSET, funder_identifier: str | None | Unset = UNSET,
        nation: str | None | Unset = UNSET, standstill_from: date | None | Unset = UNSET,
        anonymised: bool | Unset = UNSET, reveal_at: RoundStatus | None | Unset = UNSET,
        retain_until: date | None | Unset = UNSET,
    ) -> Round:
        """Change a round's settings; only those passed change, all checked first, in one audited step.

        `sv_weight` None means the rubric's own. The funder's three settings are checked as
        `set_funder` checks them (blank clears one). A standstill (`standstill_from`, the day the award
        notice is published) is a tender's and cannot begin before the round closes. `anonymised` and
        `reveal_at` (None: moderation) change only before identities appear: see `_anonymity_changes`.
        `retain_until` None keeps personal data until someone erases it.
        """
        current = self.by_id(round_.id)
        changes: dict[str, object] = {}
        if name is not None:
            name = required_name(name, ROUND_NEEDS_A_NAME)
            if name != current.name and self._row_by_name(name) is not None:
                raise NotAllowed(f"A round called '{name}' already exists in {self.store.database.path}.")
            changes["name"] = name
        if budget is not UNSET:
            changes["budget_pence"] = pence(checked_budget(budget))
        new_opens = current.opens if opens is UNSET else opens
        new_closes = current.closes if closes is UNSET else closes
        if new_opens is not None and new_closes is not None and new_closes < new_opens:
            raise NotAllowed(f"Round '{current.name}' cannot close on {_day(new_closes)}, before it opens "
                             f"on {_day(new_opens)}.")
        if opens is not UNSET:
            changes["opens"] = date_text(opens)
        if closes is not UNSET:
            changes["closes"] = date_text(closes)
        if sv_weight is not UNSET:
            from svassessor.scoring.weights import round_weight_problem  # the engine, only when a weight is set

            if problem := round_weight_problem(self.rubric(current), sv_weight):
                raise NotAllowed(f"Round '{current.name}' cannot use that social value weight: {problem}.")
            changes["sv_weight"] = None if sv_weight is None else float(sv_weight)
        if (funder_name, funder_org_id, funder_identifier) != (UNSET, UNSET, UNSET):
            given = _funder(
                current.funder_name if funder_name is UNSET else funder_name,
                current.funder_org_id if funder_org_id is UNSET else funder_org_id,
                current.funder_identifier if funder_identifier is UNSET else funder_identifier)
            changes.update(zip(("funder_name", "funder_org_id", "funder_identifier"), given))
        new_nation = current.nation if nation is UNSET else checked_nation(nation)
        new_start = current.standstill_from if standstill_from is UNSET else standstill_from
        if (standstill_from, closes) != (UNSET, UNSET):
            self._check_standstill(current, new_start, new_closes)
        if nation is not UNSET:
            changes["nation"] = new_nation
        if standstill_from is not UNSET:
            changes["standstill_from"] = date_text(standstill_from)
        changes.update(_anonymity_changes(current, anonymised, reveal_at))
        if retain_until is not UNSET:
            if retain_until is not None and new_closes is not None and retain_until < new_closes:
                raise NotAllowed(f"Round '{current.name}' cannot keep its personal data only until "
                                 f"{_day(retain_until)}: it closes on {_day(new_closes)}.")
            changes["retain_until"] = date_text(retain_until)
        if changes:
            with self.store.change() as audit:
                audit.update("rounds", round_.id, changes)
        return self.by_id(round_.id)

    def _check_standstill(self, round_: Round, start: date | None, closes: date | None) -> None:
        if start is None:
            return
        if self.rubric(round_).kind != "tender":
            raise NotAllowed(f"Round '{round_.name}' is a grant round: a standstill period is for a contract awarded "
                             f"under the Procurement Act 2023, in a round on a tender rubric.")
        if closes is not None and start < closes:
            raise NotAllowed(f"The standstill of round '{round_.name}' cannot begin on {_day(start)}, before the round "
                             f"closes on {_day(closes)}.")

    def set_budget(self, round_: Round, budget: Decimal | None) -> Round:
        budget = checked_budget(budget)
        with self.store.change() as audit:
            audit.update("rounds", round_.id, {"budget_pence": pence(budget)})
        return round_.model_copy(update={"budget": budget})

    def set_funder(self, round_: Round, *, name: str | None, org_id: str | None, prefix: str | None) -> Round:
        """Set who funds the round, as 360Giving data names it: its name, org-id and 360Giving prefix.

        All three are replaced (blank clears one); an org-id or prefix of the wrong form is refused.
        """
        name, org_id, prefix = _funder(name, org_id, prefix)
        changes = {"funder_name": name, "funder_org_id": org_id, "funder_identifier": prefix}
        with self.store.change() as audit:
            audit.update("rounds", round_.id, changes)
        return round_.model_copy(update=changes)

    def _row_by_name(self, name: str) -> dict | None:
        rows = dicts(self.store.database.conn.execute("SELECT * FROM rounds WHERE name = ?", [name]))
        return rows[0] if rows else None


def _anonymity_changes(current: Round, anonymised: bool | Unset, reveal_at: RoundStatus | None | Unset) -> dict:
    """The columns an anonymity setting changes; refused from moderation on, when the panel may have seen
    identities already and hiding them again would hide nothing."""
    from svassessor.anonymity.view import DEFAULT_REVEAL, REVEAL_STATUSES

    changes: dict[str, object] = {}
    if anonymised is not UNSET and bool(anonymised) != current.anonymised:
        changes["anonymised"] = int(bool(anonymised))
    if reveal_at is not UNSET and (reveal_at or DEFAULT_REVEAL) != (current.reveal_at or DEFAULT_REVEAL):
        if reveal_at is not None and reveal_at not in REVEAL_STATUSES:
            raise NotAllowed(f"Identities can appear at {', '.join(REVEAL_STATUSES)}, not at {reveal_at}.")
        changes["reveal_at"] = reveal_at
    if changes and current.status != "setup" and current.status != "scoring":
        raise NotAllowed(f"Round '{current.name}' is in {current.status}: whether its assessors see who applies is "
                         f"settled before moderation.")
    return changes


def _funder(name: str | None, org_id: str | None, prefix: str | None) -> tuple[str | None, str | None, str | None]:
    """The funder's name, org-id and prefix as stored: blanks as None, the two identifiers checked."""
    return (name or "").strip() or None, checked_org_id(org_id), checked_prefix(prefix)


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
