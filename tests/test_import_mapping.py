"""The mapping step, encodings and delimiters, re-imports that say what changed, progress and cancel."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from svassessor.errors import ImportProblem, NotAllowed
from svassessor.importing import ImportCancelled, MappingMemory, import_applications, plan_import
from svassessor.models import Annotation
from svassessor.storage.integrity import check_file
from tests.conftest import TINY_RUBRIC

FORM_EXPORT = [
    ["App ID", "Group", "Project", "Ask (£)", "Submitted", "Tell us about the need", "Offer", "How many"],
    ["NF-001", "Café Ørsted", "Lunch club", "£12,480.50", "05/06/2026", "Older people alone.", "Weekly lunches", "40"],
    ["NF-002", "Hope Street", "Garden", "9000", "2026-06-07", "No green space.", "", ""],
]
MAPPING = {"App ID": "reference", "Group": "organisation.name", "Project": "title", "Ask (£)": "amount_requested",
           "Submitted": "received", "Tell us about the need": "narrative", "Offer": "offer.description",
           "How many": "offer.quantity"}


def _csv(path: Path, rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    text = "\r\n".join(delimiter.join(f'"{c}"' if delimiter in c else c for c in row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def round_(store):
    return store.rounds.create(name="Round", rubric_yaml=TINY_RUBRIC)


@pytest.mark.parametrize(("encoding", "delimiter"), [
    ("utf-8", ","), ("utf-8-sig", ";"), ("utf-16", "\t"), ("utf-16-le", "|"), ("cp1252", ","), ("utf-16-be", ";"),
])
def test_encodings_and_delimiters_read_the_same(store, round_, tmp_path, encoding, delimiter):
    source = _csv(tmp_path / "form.csv", FORM_EXPORT, delimiter=delimiter, encoding=encoding)
    plan = plan_import(source, mapping=MAPPING)
    result = import_applications(store, round_, plan)
    assert result.new == ["NF-001", "NF-002"]
    app = store.applications.get(round_, "NF-001")
    assert app.organisation.name == "Café Ørsted"
    assert app.amount_requested == Decimal("12480.50")
    assert str(app.received) == "2026-06-05"
    assert [(n.question, n.text) for n in app.narrative] == [("Tell us about the need", "Older people alone.")]
    assert [(o.description, o.quantity) for o in app.offers] == [("Weekly lunches", 40.0)]
    assert store.applications.get(round_, "NF-002").offers == []


def test_without_a_mapping_the_plan_says_what_is_missing(round_, store, tmp_path):
    plan = plan_import(_csv(tmp_path / "form.csv", FORM_EXPORT))
    assert plan.missing == ["reference", "organisation.name"]  # "Project" is a title by its name
    with pytest.raises(ImportProblem, match="no column is mapped to reference, organisation.name;"):
        import_applications(store, round_, plan)
    plan = plan.remap(MAPPING)
    assert plan.missing == [] and {c.origin for c in plan.columns} == {"chosen"}
    preview = plan.preview(1)
    assert preview[0].row == 2 and preview[0].application.reference == "NF-001" and not preview[0].problems


def test_a_mapping_naming_no_field_or_no_column_is_refused(tmp_path):
    source = _csv(tmp_path / "form.csv", FORM_EXPORT)
    with pytest.raises(ImportProblem, match="'colour' is not a field"):
        plan_import(source, mapping={"Group": "colour"})
    with pytest.raises(ImportProblem, match="names the column 'Nope'"):
        plan_import(source, mapping={"Nope": "title"})


def test_the_mapping_is_remembered_for_files_with_the_same_columns(store, round_, tmp_path):
    memory = MappingMemory(tmp_path / "mappings.json")
    first = _csv(tmp_path / "first.csv", FORM_EXPORT)
    import_applications(store, round_, plan_import(first, mapping=MAPPING, memory=memory), memory=memory)
    renamed = [[h.upper() for h in FORM_EXPORT[0]]] + FORM_EXPORT[1:]
    assert plan_import(_csv(tmp_path / "other.csv", renamed), memory=memory).missing  # other titles: not known
    later = plan_import(_csv(tmp_path / "next-year.csv", FORM_EXPORT), memory=memory)
    assert later.mapping == MAPPING and {c.origin for c in later.columns} == {"remembered"}


def test_reimport_updates_by_reference_and_says_what_changed(store, round_, tmp_path, svdb):
    import_applications(store, round_, plan_import(_csv(tmp_path / "a.csv", FORM_EXPORT), mapping=MAPPING))
    changed = [row[:] for row in FORM_EXPORT]
    changed[1][3] = "13000"
    changed[1][5] = "Older people alone, and carers."
    changed.append(["NF-003", "New group", "Choir", "500", "", "", "", ""])
    result = import_applications(store, round_, plan_import(_csv(tmp_path / "b.csv", changed), mapping=MAPPING))
    assert result.new == ["NF-003"] and result.unchanged == ["NF-002"]
    assert result.updated == {"NF-001": ["amount_requested", "narrative:Tell us about the need"]}
    assert "1 new, 1 updated, 1 unchanged" in result.summary()
    app = store.applications.get(round_, "NF-001")
    assert app.amount_requested == 13000 and app.narrative[0].text == "Older people alone, and carers."
    again = import_applications(store, round_, plan_import(_csv(tmp_path / "c.csv", changed), mapping=MAPPING))
    assert again.unchanged == ["NF-001", "NF-002", "NF-003"] and not again.new and not again.updated
    events = store.database.conn.execute(
        "SELECT count(*) FROM audit WHERE action = 'update' AND entity IN ('applications', 'narratives')").fetchone()
    assert events[0] == 2
    store.close()
    assert check_file(svdb).ok


def test_a_dry_run_reports_and_saves_nothing(store, round_, tmp_path):
    plan = plan_import(_csv(tmp_path / "a.csv", FORM_EXPORT), mapping=MAPPING)
    audit_before = store.database.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    result = import_applications(store, round_, plan, dry_run=True)
    assert result.new == ["NF-001", "NF-002"] and not result.saved and "dry run" in result.summary()
    assert store.applications.for_round(round_) == []
    assert store.database.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == audit_before


def test_cancel_keeps_nothing_and_progress_reaches_the_end(store, round_, tmp_path):
    rows = [FORM_EXPORT[0]] + [[f"NF-{n:04}", "Group", "Title", "100", "", "Need", "", ""] for n in range(3000)]
    plan = plan_import(_csv(tmp_path / "big.csv", rows), mapping=MAPPING)
    seen: list[tuple[int, int]] = []
    saving = []

    def cancel_while_saving() -> bool:
        return bool(saving)

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done > total // 2:
            saving.append(done)

    with pytest.raises(ImportCancelled, match="nothing of it was kept"):
        import_applications(store, round_, plan, progress=progress, cancelled=cancel_while_saving)
    assert store.applications.for_round(round_) == []
    seen.clear()
    import_applications(store, round_, plan, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1][0] == seen[-1][1] == 6000
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_highlighted_answers_are_not_replaced(store, round_, tmp_path):
    import_applications(store, round_, plan_import(_csv(tmp_path / "a.csv", FORM_EXPORT), mapping=MAPPING))
    assessor = store.assessors.add(round_, name="Assessor")
    round_ = store.rounds.set_status(round_, "scoring")  # highlights are made while a round is scored
    app = store.applications.get(round_, "NF-001")
    answer = app.narrative[0]
    store.annotations.add(round_, assessor, Annotation(application_id=app.id, assessor_id=assessor.id,
                                                       narrative_id=answer.id, start=0, end=5, quote="Older",
                                                       tag="evidence"))
    changed = [row[:] for row in FORM_EXPORT]
    changed[1][5] = "Entirely new words."
    with pytest.raises(ImportProblem, match="an assessor has highlighted this answer"):
        import_applications(store, round_, plan_import(_csv(tmp_path / "b.csv", changed), mapping=MAPPING))
    assert store.applications.get(round_, "NF-001").narrative[0].text == "Older people alone."


def test_a_round_past_scoring_takes_no_imports(store, tmp_path):
    closed = store.rounds.create(name="Closed", rubric_yaml=TINY_RUBRIC, status="moderation")
    with pytest.raises(NotAllowed, match="imported in setup or scoring"):
        import_applications(store, closed, plan_import(_csv(tmp_path / "a.csv", FORM_EXPORT), mapping=MAPPING))


def test_two_columns_for_one_field_take_the_first_with_a_value(store, round_, tmp_path):
    """An individual's name stands in for an organisation's, row by row; an award is not what was applied for."""
    rows = [["Identifier", "Title", "Recipient Org:Name", "Recipient Ind:Name", "Amount Applied For", "Amount Awarded"],
            ["G-1", "Grant", "", "A person", "", "500"],
            ["G-2", "Grant", "An org", "", "900", "800"]]
    plan = plan_import(_csv(tmp_path / "g.csv", rows))
    result = import_applications(store, round_, plan)
    first, second = store.applications.for_round(round_)
    assert first.organisation.name == "A person" and first.amount_requested is None
    assert first.extra["Amount Awarded"] == "500"
    assert second.amount_requested == 900 and second.extra["Amount Awarded"] == "800"
    said = {use.column: use.sentence() for use in result.columns}
    assert said["Recipient Ind:Name"] == ("Recipient Ind:Name → organisation.name where 'Recipient Org:Name' is "
                                          "empty, otherwise kept as extra (by its title): 1 row")
    assert said["Amount Awarded"] == ("Amount Awarded → kept as extra (by its title: 'Amount Applied For' gives the "
                                      "amount applied for): 2 rows")
