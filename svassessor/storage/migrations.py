"""Named schema migrations, applied in order, each in one transaction (DESIGN §5).

`PRAGMA user_version` holds how many have been applied; `schema_migrations` records which and when. A file
with a higher version than this build knows is refused rather than guessed at.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from svassessor.storage.codec import utc_text

if TYPE_CHECKING:
    import sqlite_utils

AUDITED_TABLES = (
    "rubric_snapshots",
    "rounds",
    "assessors",
    "applications",
    "narratives",
    "offers",
    "attachments",
    "conflicts",
    "assessments",
    "scores",
    "annotations",
    "moderations",
    "decisions",
    "deliveries",
    "assignments",
    "explanation_overrides",
    "screenings",
    "redaction_words",
    "erasures",
)

_INITIAL = """
CREATE TABLE rubric_snapshots (
    id TEXT PRIMARY KEY,
    rubric_id TEXT NOT NULL,
    version TEXT NOT NULL,
    name TEXT NOT NULL,
    yaml TEXT NOT NULL,
    sha256 TEXT NOT NULL
);
CREATE TABLE rounds (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('setup','scoring','moderation','decided','monitoring')),
    budget_pence INTEGER CHECK (budget_pence IS NULL OR budget_pence >= 0),
    opens TEXT,
    closes TEXT,
    rubric_snapshot_id TEXT NOT NULL REFERENCES rubric_snapshots(id),
    sv_weight REAL,
    funder_name TEXT,
    funder_identifier TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE assessors (
    id TEXT PRIMARY KEY,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('assessor','chair')),
    created_at TEXT NOT NULL,
    UNIQUE (round_id, name)
);
CREATE TABLE applications (
    id TEXT PRIMARY KEY,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    reference TEXT NOT NULL,
    org_name TEXT NOT NULL,
    org_type TEXT,
    org_registration TEXT,
    org_postcode TEXT,
    org_area TEXT,
    title TEXT NOT NULL,
    amount_requested_pence INTEGER,
    price_pence INTEGER,
    summary TEXT NOT NULL DEFAULT '',
    received TEXT,
    extra TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (round_id, reference)
);
CREATE TABLE narratives (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications(id),
    position INTEGER NOT NULL,
    question TEXT NOT NULL,
    text TEXT NOT NULL,
    source TEXT
);
CREATE TABLE offers (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications(id),
    position INTEGER NOT NULL,
    description TEXT NOT NULL,
    measure TEXT,
    quantity REAL,
    unit TEXT,
    beneficiary_group TEXT,
    place TEXT,
    timeframe TEXT,
    evidence TEXT
);
CREATE TABLE attachments (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications(id),
    filename TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    added_at TEXT NOT NULL
);
CREATE TABLE conflicts (
    id TEXT PRIMARY KEY,
    assessor_id TEXT NOT NULL REFERENCES assessors(id),
    application_id TEXT NOT NULL REFERENCES applications(id),
    reason TEXT NOT NULL DEFAULT '',
    declared_at TEXT NOT NULL,
    UNIQUE (assessor_id, application_id)
);
CREATE TABLE assessments (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications(id),
    assessor_id TEXT NOT NULL REFERENCES assessors(id),
    status TEXT NOT NULL CHECK (status IN ('draft','submitted')),
    overall_comment TEXT NOT NULL DEFAULT '',
    submitted_at TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (application_id, assessor_id)
);
CREATE TABLE scores (
    id TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessments(id),
    criterion_id TEXT NOT NULL,
    score REAL,
    not_scored INTEGER NOT NULL DEFAULT 0 CHECK (not_scored IN (0, 1)),
    comment TEXT NOT NULL DEFAULT '',
    confidence INTEGER CHECK (confidence IS NULL OR confidence BETWEEN 1 AND 5),
    updated_at TEXT NOT NULL,
    UNIQUE (assessment_id, criterion_id),
    CHECK (NOT (not_scored = 1 AND score IS NOT NULL))
);
CREATE TABLE annotations (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications(id),
    assessor_id TEXT NOT NULL REFERENCES assessors(id),
    narrative_id TEXT NOT NULL REFERENCES narratives(id),
    start INTEGER NOT NULL CHECK (start >= 0),
    "end" INTEGER NOT NULL CHECK ("end" >= start),
    quote TEXT NOT NULL,
    tag TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    criterion_id TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE moderations (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications(id),
    criterion_id TEXT NOT NULL,
    score REAL NOT NULL,
    rationale TEXT NOT NULL,
    moderated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (application_id, criterion_id)
);
CREATE TABLE decisions (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL UNIQUE REFERENCES applications(id),
    decision TEXT NOT NULL CHECK (decision IN ('fund','reserve','decline')),
    amount_awarded_pence INTEGER CHECK (amount_awarded_pence IS NULL OR amount_awarded_pence >= 0),
    feedback TEXT NOT NULL DEFAULT '',
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
CREATE TABLE deliveries (
    id TEXT PRIMARY KEY,
    offer_id TEXT NOT NULL REFERENCES offers(id),
    on_date TEXT NOT NULL,
    quantity REAL,
    status TEXT NOT NULL CHECK (status IN ('on_track','at_risk','delivered','missed')),
    evidence TEXT NOT NULL DEFAULT '',
    story TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('insert','update','delete')),
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    old TEXT,
    new TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""

# Lookups the window and the summary make on every open; kept apart from the tables so that a file
# made before them shows the forward migration working on real data.
_LOOKUP_INDEXES = """
CREATE INDEX idx_applications_round ON applications(round_id);
CREATE INDEX idx_narratives_application ON narratives(application_id, position);
CREATE INDEX idx_offers_application ON offers(application_id, position);
CREATE INDEX idx_attachments_application ON attachments(application_id);
CREATE INDEX idx_assessors_round ON assessors(round_id);
CREATE INDEX idx_conflicts_application ON conflicts(application_id);
CREATE INDEX idx_assessments_assessor ON assessments(assessor_id);
CREATE INDEX idx_annotations_application ON annotations(application_id);
CREATE INDEX idx_deliveries_offer ON deliveries(offer_id, on_date);
CREATE INDEX idx_audit_entity ON audit(entity, entity_id);
"""


# A delivery report's own files (a register, photographs, an invoice) sit in the attachments table
# beside the application's documents, so they share its SHA-256 check and its place in the file;
# `delivery_id` is NULL for an application's own documents.
_DELIVERY_ATTACHMENTS = """
ALTER TABLE attachments ADD COLUMN delivery_id TEXT REFERENCES deliveries(id);
CREATE INDEX idx_attachments_delivery ON attachments(delivery_id);
"""


# A round's funder org-id (org-id.guide, published as Funding Org:Identifier) beside its 360Giving prefix,
# which stays in `funder_identifier`: that one column used to stand for both, so an export published the
# prefix as the funder's identifier. Old values are split by `orgids.split_old_setting`, which keeps the
# prefix every earlier export used (grant identifiers already published do not change); each round it
# changes gets an audit event, so the rows still match their log.
def _funder_org_id(db: sqlite_utils.Database) -> None:
    from svassessor.orgids import split_old_setting
    from svassessor.storage.audit import AuditWriter
    from svassessor.storage.database import Database

    db.execute("ALTER TABLE rounds ADD COLUMN funder_org_id TEXT")
    audit = AuditWriter(Database(Path(""), db.conn, readonly=False), "svassessor (file upgrade)")
    for round_id, old in db.execute("SELECT id, funder_identifier FROM rounds WHERE funder_identifier IS NOT NULL "
                                    "ORDER BY created_at, id").fetchall():
        org_id, prefix = split_old_setting(old)
        audit.update("rounds", round_id, {"funder_org_id": org_id, "funder_identifier": prefix})


# What an assessor knows and cares about (free text), for matching them to applications. NULL when none
# is given, so that rows made before the column still match the audit events that recorded them.
_ASSESSOR_INTERESTS = """
ALTER TABLE assessors ADD COLUMN interests TEXT;
"""


# Which assessors review which application (DESIGN §3). A round without any row gives every assessor every
# application they are not conflicted on, as rounds did before assignment existed.
_ASSIGNMENTS = """
CREATE TABLE assignments (
    id TEXT PRIMARY KEY,
    assessor_id TEXT NOT NULL REFERENCES assessors(id),
    application_id TEXT NOT NULL REFERENCES applications(id),
    assigned_at TEXT NOT NULL,
    UNIQUE (assessor_id, application_id)
);
CREATE INDEX idx_assignments_application ON assignments(application_id);
"""


# An officer's screening of an application for eligibility (DESIGN §3): their answers to the rubric's
# questions (JSON: question id → "yes" or "no") and, when they decide, eligible or ineligible with the
# reason. One row per application; the rules themselves live in the round's frozen rubric.
_SCREENINGS = """
CREATE TABLE screenings (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL UNIQUE REFERENCES applications(id),
    decision TEXT CHECK (decision IS NULL OR decision IN ('eligible','ineligible')),
    reason TEXT NOT NULL DEFAULT '',
    answers TEXT NOT NULL DEFAULT '{}',
    screened_by TEXT NOT NULL,
    screened_at TEXT NOT NULL
);
"""


# The chair's word that an explanation the assessment summaries' checker questioned stands as written
# (DESIGN §13 step 8), with the reason; one row per application, criterion and kind of question.
_EXPLANATION_OVERRIDES = """
CREATE TABLE explanation_overrides (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications(id),
    criterion_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('empty','restates','no_gap')),
    reason TEXT NOT NULL,
    overridden_by TEXT NOT NULL,
    overridden_at TEXT NOT NULL,
    UNIQUE (application_id, criterion_id, kind)
);
"""


# What a contract award notice asks of each supplier (is it an SME? a voluntary, community or social
# enterprise?), and what a tender round needs to count its standstill period (Procurement Act 2023, s.51):
# the part of the UK whose bank holidays it counts, and the day the award notice was published. NULL
# while not known, so that rows made before the columns still match the audit events that recorded them.
_SUPPLIERS_AND_STANDSTILL = """
ALTER TABLE applications ADD COLUMN sme INTEGER CHECK (sme IS NULL OR sme IN (0, 1));
ALTER TABLE applications ADD COLUMN vcse INTEGER CHECK (vcse IS NULL OR vcse IN (0, 1));
ALTER TABLE rounds ADD COLUMN nation TEXT
    CHECK (nation IS NULL OR nation IN ('england', 'wales', 'scotland', 'northern_ireland'));
ALTER TABLE rounds ADD COLUMN standstill_from TEXT;
"""


# Anonymised assessment (DESIGN §3): whether assessors see a label and redacted text in place of who
# applies, from which status the panel sees identities (NULL: moderation), and the chair's own words to
# redact, for the whole round or one application. Both columns stay NULL for rounds made before them,
# so those rows still match the events that recorded them.
_ANONYMISED_ROUNDS = """
ALTER TABLE rounds ADD COLUMN anonymised INTEGER CHECK (anonymised IS NULL OR anonymised IN (0, 1));
ALTER TABLE rounds ADD COLUMN reveal_at TEXT
    CHECK (reveal_at IS NULL OR reveal_at IN ('moderation','decided','monitoring'));
CREATE TABLE redaction_words (
    id TEXT PRIMARY KEY,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    application_id TEXT REFERENCES applications(id),
    word TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE INDEX idx_redaction_words_round ON redaction_words(round_id);
"""


# Personal data made erasable, and how long a round keeps it (DESIGN §3 "Retention"; see `storage.audit` and
# `storage.erasure`). Events already in the log stay as they are, in format 1, and verify as before; new
# ones are format 2, with their erasable values beside them. The triggers still refuse any change to an
# event, except erasing a format 2 event's private text (setting it to NULL) and an erasure cutting a
# format 1 event down to its kept columns, once. An erasure's own record (one row per applicant, audited)
# says whose history it erased and, for format 1 events it cut down, a digest of what they now hold.
_ERASABLE_AUDIT = """
ALTER TABLE audit ADD COLUMN format INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit ADD COLUMN old_digest TEXT;
ALTER TABLE audit ADD COLUMN new_digest TEXT;
ALTER TABLE audit ADD COLUMN old_private TEXT;
ALTER TABLE audit ADD COLUMN new_private TEXT;
ALTER TABLE audit ADD COLUMN erased_by TEXT;
DROP TRIGGER audit_no_update;
CREATE TRIGGER audit_no_update
BEFORE UPDATE OF seq, id, at, actor, action, entity, entity_id, prev_hash, hash, format, old_digest, new_digest ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_values_only_erased BEFORE UPDATE OF old_private, new_private ON audit
WHEN (NEW.old_private IS NOT NULL AND NEW.old_private IS NOT OLD.old_private)
  OR (NEW.new_private IS NOT NULL AND NEW.new_private IS NOT OLD.new_private)
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: its values can only be erased'); END;
CREATE TRIGGER audit_old_events_cut_once BEFORE UPDATE OF old, new, erased_by ON audit
WHEN OLD.format <> 1 OR OLD.erased_by IS NOT NULL OR NEW.erased_by IS NULL
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
ALTER TABLE rounds ADD COLUMN retain_until TEXT;
CREATE TABLE erasures (
    id TEXT PRIMARY KEY,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    application_id TEXT NOT NULL REFERENCES applications(id),
    label TEXT NOT NULL,
    what TEXT NOT NULL,
    erased_rows TEXT NOT NULL,
    old_events INTEGER NOT NULL,
    old_events_digest TEXT,
    erased_by TEXT NOT NULL,
    erased_at TEXT NOT NULL
);
CREATE INDEX idx_erasures_round ON erasures(round_id);
"""


def _run_script(script: str) -> Callable[[sqlite_utils.Database], None]:
    def apply(db: sqlite_utils.Database) -> None:
        for statement in _statements(script):
            db.execute(statement)

    return apply


def expected_triggers() -> dict[str, str]:
    """Trigger name → its SQL (whitespace folded), as every migration leaves them: read from the scripts
    themselves, without a database, so that opening a file for writing can check them at no cost."""
    triggers: dict[str, str] = {}
    scripts = {"0001_initial": _INITIAL, "0011_erasable_audit": _ERASABLE_AUDIT}
    for name, _ in MIGRATIONS:
        for statement in _statements(scripts.get(name, "")):
            words = statement.split()
            if words[:2] == ["CREATE", "TRIGGER"]:
                triggers[words[2]] = " ".join(words).rstrip(";")
            elif words[:2] == ["DROP", "TRIGGER"]:
                triggers.pop(words[2].rstrip(";"), None)
    return triggers


def _statements(script: str) -> list[str]:
    """Split a DDL script into statements, keeping trigger bodies whole."""
    statements, current = [], []
    for line in script.strip().splitlines():
        current.append(line)
        text = "\n".join(current)
        if line.rstrip().endswith(";") and sqlite3.complete_statement(text):
            statements.append(text)
            current = []
    return statements


MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("0001_initial", _run_script(_INITIAL)),
    ("0002_lookup_indexes", _run_script(_LOOKUP_INDEXES)),
    ("0003_delivery_attachments", _run_script(_DELIVERY_ATTACHMENTS)),
    ("0004_funder_org_id", _funder_org_id),
    ("0005_assessor_interests", _run_script(_ASSESSOR_INTERESTS)),
    ("0006_assignments", _run_script(_ASSIGNMENTS)),
    ("0007_screenings", _run_script(_SCREENINGS)),
    ("0008_suppliers_and_standstill", _run_script(_SUPPLIERS_AND_STANDSTILL)),
    ("0009_explanation_overrides", _run_script(_EXPLANATION_OVERRIDES)),
    ("0010_anonymised_rounds", _run_script(_ANONYMISED_ROUNDS)),
    ("0011_erasable_audit", _run_script(_ERASABLE_AUDIT)),
]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: sqlite_utils.Database, *, target: int = SCHEMA_VERSION) -> list[str]:
    """Apply, in order, each of the first `target` migrations the file has not had; return the names applied.

    A migration is known by its name in `schema_migrations`, not by its place: a file made by a build in
    which two migrations had landed in the other order still gets each one exactly once.
    """
    recorded = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").fetchone()
    done = {row[0] for row in db.execute("SELECT name FROM schema_migrations")} if recorded else set()
    applied = []
    for name, apply in MIGRATIONS[:target]:
        if name in done:
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            if not done:
                db.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                           "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            apply(db)
            db.execute(
                "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                [name, utc_text(datetime.now(UTC))],
            )
            done.add(name)
            db.execute(f"PRAGMA user_version = {len(done)}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            done.discard(name)
            raise
        applied.append(name)
    return applied
