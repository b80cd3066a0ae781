"""360Giving out: the funded grants of a decided round, valid against the Data Standard's 1.4.3 schema.

Identifiers come out as they went in: the published files in the shared data are imported into an
empty file, decided through the core and exported again; a small file made here holds the cases that
used to change on the way out (a Northern Ireland charity, a Scottish one, a company, a 17-character
grant identifier).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from svassessor.errors import NotAllowed
from svassessor.exports import giving360
from svassessor.importing import import_applications, plan_import
from svassessor.models import Organisation
from svassessor.reports.data import load_round
from svassessor.store import Store
from tests.conftest import TINY_RUBRIC, make_application, run_cli
from tests.shared_data import SHARED_DATA

SCHEMAS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "360giving"
if not (SCHEMAS / "360-giving-package-schema.json").exists():
    SCHEMAS = SHARED_DATA / "360giving"


@pytest.fixture(scope="module")
def package_validator() -> Draft202012Validator:
    """The package schema with the grant schema resolved from the shared files (no network)."""
    if not (SCHEMAS / "360-giving-schema.json").exists():
        pytest.skip("the shared 360Giving schema is not on this machine")
    grant = json.loads((SCHEMAS / "360-giving-schema.json").read_text(encoding="utf-8"))
    package = json.loads((SCHEMAS / "360-giving-package-schema.json").read_text(encoding="utf-8"))
    grant_ref = package["properties"]["grants"]["items"]["$ref"]  # the package names 1.4.2; the file is 1.4.3
    resource = Resource(contents=grant, specification=DRAFT202012)  # its $schema says http://, not https://
    registry = Registry().with_resources([(grant["$id"], resource), (grant_ref, resource)])
    return Draft202012Validator(package, registry=registry, format_checker=_formats())


def _formats() -> FormatChecker:
    """Formats asserted as the 360Giving tools do: the schema's `oneOf` of a date-time or a plain date only
    works when "date-time" really is checked (jsonschema checks it only with an optional package)."""
    checker = FormatChecker()
    rfc3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$", re.I)
    checker.checks("date-time")(lambda value: not isinstance(value, str) or bool(rfc3339.match(value)))
    return checker


@pytest.fixture(scope="module")
def decided(demo_template):
    with Store.open(demo_template, actor="test", readonly=True) as store:
        yield load_round(store, store.rounds.get("Neighbourhood Fund 2025")), load_round(
            store, store.rounds.get("Neighbourhood Fund 2026"))


def _errors(validator: Draft202012Validator, document: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(document)]


def test_json_package_validates_and_holds_the_funded_grants(decided, package_validator, tmp_path):
    data, _ = decided
    out = tmp_path / "grants.json"
    assert giving360.write_json(data, out) == 4
    document = json.loads(out.read_text(encoding="utf-8"))
    assert _errors(package_validator, document) == []
    broken = json.loads(json.dumps(document))
    broken["grants"][0]["awardDate"] = "25/11/2025"  # the validator does reject what the standard forbids
    assert _errors(package_validator, broken)
    grants = {g["id"]: g for g in document["grants"]}
    vale = grants["360G-REAVALLEYCF-NF25-003"]
    assert vale["amountAwarded"] == 14200 and vale["amountAppliedFor"] == 15600 and vale["currency"] == "GBP"
    assert vale["recipientOrganization"][0] == {"id": "GB-COH-14408213", "name": "Vale Digital Buddies CIC",
                                                "companyNumber": "14408213", "postalCode": "B35 6JY"}
    assert vale["beneficiaryLocation"] == [{"name": "Castle Vale", "countryCode": "GB"}]
    assert vale["grantProgramme"] == [{"title": "Neighbourhood Fund 2025"}]
    assert vale["fundingOrganization"] == [{"id": "GB-CHC-1999999", "name": "Rea Valley Community Foundation"}]
    walkers = grants["360G-REAVALLEYCF-NF25-002"]["recipientOrganization"][0]
    assert walkers["id"] == "360G-REAVALLEYCF-ORG-farm-park-sisters-walking-group"  # no registration
    assert all("/" not in g for g in grants)
    assert "NF25-005" not in json.dumps(document)  # reserve and decline are not published


def _unflatten(row: dict[str, str]) -> dict:
    """A CSV row back to a JSON grant, by the standard's titles (amounts as numbers, empty cells left out)."""
    typed = {t: (float(v) if t in giving360.NUMBERS else v) for t, v in row.items() if v != ""}
    return giving360.rolled_up(typed)


def test_csv_uses_the_standard_titles_and_reads_back_valid(decided, package_validator, tmp_path):
    data, _ = decided
    out = tmp_path / "grants.csv"
    assert giving360.write_csv(data, out) == 4
    with open(out, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        titles = reader.fieldnames or []
        rows = list(reader)
    standard = (SCHEMAS / "360-giving-grants-sheet-titles-header-only.csv").read_text(encoding="utf-8-sig")
    assert set(titles) <= set(standard.strip().split(","))  # only 1.4.3 titles, spelt as the standard does
    assert titles[:7] == ["Identifier", "Title", "Description", "Currency", "Amount Applied For", "Amount Awarded",
                          "Award Date"]
    assert _errors(package_validator, {"grants": [_unflatten(r) for r in rows]}) == []
    assert rows[0]["Award Date"] == data.decisions[data.applications[0].id].decided_at.date().isoformat()


def test_a_round_with_no_funded_grants_is_refused(decided, tmp_path):
    _, scoring = decided
    with pytest.raises(NotAllowed, match="360Giving data is published once the round is decided"):
        giving360.write_json(scoring, tmp_path / "x.json")
    assert not (tmp_path / "x.json").exists()


@pytest.mark.parametrize(("organisation", "expected"), [
    (Organisation(name="A", type="Registered charity", registration="1098812"), ("GB-CHC-1098812", "1098812", None)),
    (Organisation(name="A", type="Community interest company", registration="5612047"),
     ("GB-COH-05612047", None, "05612047")),
    (Organisation(name="A", type="Company limited by guarantee", registration="SC123456"),
     ("GB-COH-SC123456", None, "SC123456")),
    (Organisation(name="A", type="Company limited by guarantee", registration="sc12345"),
     ("GB-COH-SC012345", None, "SC012345")),
    (Organisation(name="A", type=None, registration="NI012345"), ("GB-COH-NI012345", None, "NI012345")),
    (Organisation(name="A", type="Scottish charity (SCIO)", registration="SC 012345"),
     ("GB-SC-SC012345", "SC012345", None)),
    (Organisation(name="A", type="Scottish charity", registration="12345"), ("GB-SC-SC012345", "SC012345", None)),
    (Organisation(name="A", type="Charity", registration="NIC100002"), ("GB-NIC-100002", "100002", None)),
    (Organisation(name="A", type="Northern Ireland charity", registration="101510"),
     ("GB-NIC-101510", "101510", None)),
    (Organisation(name="A", type=None, registration=None), (None, None, None)),
])
def test_an_organisation_with_no_imported_org_id_gets_one_from_its_registration(organisation, expected):
    assert giving360.registered_id(organisation) == expected


def _applicant(name: str, registration: str | None = None, **extra: str):
    app = make_application("r", "NF-1")
    return app.model_copy(update={"organisation": Organisation(name=name, registration=registration), "extra": extra})


def test_an_imported_org_id_is_kept_and_its_numbers_agree_with_it():
    # The importer reads Charity Number into the registration, where alone it would look like England and Wales.
    ni = _applicant("Newry Advice Centre", "101510", **{"Recipient Org:Identifier": "GB-NIC-101510"})
    assert giving360.recipient_id(ni, "360G-X") == ("GB-NIC-101510", "101510", None)
    company = _applicant("A", "1234567", **{"Recipient Org:Identifier": "GB-COH-01234567"})
    assert giving360.recipient_id(company, None) == ("GB-COH-01234567", None, "01234567")
    charitable_company = _applicant("A", "1126147", **{"Recipient Org:Identifier": "GB-COH-05612047"})
    assert giving360.recipient_id(charitable_company, None) == ("GB-COH-05612047", "1126147", "05612047")
    own = _applicant("A", **{"Recipient Org:Identifier": "360G-wolfson:org-13177"})
    assert giving360.recipient_id(own, None) == ("360G-wolfson:org-13177", None, None)


def test_a_name_with_no_registration_gets_a_stable_identifier_under_the_prefix():
    assert giving360.recipient_id(_applicant("Zoë's Café / Group"), "360G-X")[0] == "360G-X-ORG-zoe-s-cafe-group"
    first, again = (giving360.recipient_id(_applicant("华人社区中心"), "360G-X")[0] for _ in range(2))
    assert first is not None and first.startswith("360G-X-ORG-") and first == again
    assert giving360.recipient_id(_applicant("A"), None)[0] is None  # with no prefix there is none to give


DATA = SCHEMAS  # the published grant files sit beside the schema


def _decide_all(store: Store, name: str) -> set[str]:
    """Through the core, as a panel would: one score, every application with an amount funded in full (the
    rest declined), the round decided. Returns the funded references."""
    round_ = store.rounds.set_status(store.rounds.get(name), "scoring")
    chair = store.assessors.add(round_, name="Panel chair", role="chair")
    apps = store.applications.for_round(round_)
    store.assessments.set_score(round_, chair, apps[0].id, "need_evidence", score=3)
    round_ = store.rounds.set_status(round_, "moderation", force=True)  # one score is enough here
    funded = set()
    for app in apps:
        if app.amount_requested:
            store.panel.decide(round_, app, decision="fund", amount_awarded=app.amount_requested, feedback="")
            funded.add(app.reference)
        else:  # Wolfson's file has grants of £0
            store.panel.decide(round_, app, decision="decline", amount_awarded=None, feedback="")
    store.rounds.set_status(round_, "decided")
    return funded


def _imported(path: Path) -> dict[str, str]:
    """Grant Identifier → Recipient Org:Identifier, as the published file gives them."""
    if path.suffix == ".json":
        grants = json.loads(path.read_text(encoding="utf-8"))["grants"]
        return {g["id"]: g["recipientOrganization"][0]["id"] for g in grants}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {r["Identifier"]: r["Recipient Org:Identifier"] for r in csv.DictReader(handle)}


@pytest.mark.parametrize(("source", "funder_name", "funder_id"), [
    ("abct-ab-charitable-trust-grants-2013-2020.csv", "A B Charitable Trust", "GB-CHC-1000147"),
    ("wolfson-foundation-grants-2014.json", "Wolfson Foundation", "GB-CHC-1156077"),
])
def test_published_identifiers_come_out_as_they_went_in(svdb, tmp_path, package_validator, source, funder_name,
                                                        funder_id):
    path = DATA / source
    with Store.open(svdb, actor="Grants officer", create=True) as store:
        round_ = store.rounds.create(name="Archive", rubric_yaml=TINY_RUBRIC)
        import_applications(store, round_, plan_import(path))
        funded = _decide_all(store, "Archive")
        data = load_round(store, store.rounds.get("Archive"))
        with pytest.raises(NotAllowed) as refused:  # imported with no funder set: the message says how
            giving360.write_csv(data, tmp_path / "refused.csv")
        store.rounds.set_funder(store.rounds.get("Archive"), name=funder_name, org_id=funder_id, prefix=None)
        data = load_round(store, store.rounds.get("Archive"))
        giving360.write_csv(data, tmp_path / "grants.csv")
        giving360.write_json(data, tmp_path / "grants.json")
    assert (f"has no funder name or funder org-id, which 360Giving data needs: set them with svassessor round set "
            f"FILE --round Archive --funder-name '{funder_name}' --funder-id {funder_id}") in str(refused.value)
    assert not (tmp_path / "refused.csv").exists()

    expected = {grant: org for grant, org in _imported(path).items() if grant in funded}
    assert len(expected) == len(funded) >= 265  # Wolfson: 379 grants, 114 of them £0
    document = json.loads((tmp_path / "grants.json").read_text(encoding="utf-8"))
    assert {g["id"]: g["recipientOrganization"][0]["id"] for g in document["grants"]} == expected
    assert {g["fundingOrganization"][0]["id"] for g in document["grants"]} == {funder_id}
    assert _errors(package_validator, document) == []
    with open(tmp_path / "grants.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["Identifier"]: r["Recipient Org:Identifier"] for r in rows} == expected
    assert _errors(package_validator, {"grants": [_unflatten(r) for r in rows]}) == []


SMALL = """\
Identifier,Title,Description,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,Recipient Org:Name,\
Recipient Org:Charity Number,Recipient Org:Company Number,Funding Org:Identifier,Funding Org:Name
360G-LBFEW-100001,Advice sessions,Weekly advice in Newry,GBP,5000,2025-03-04,GB-NIC-101510,Newry Advice Centre,\
101510,,GB-CHC-1234567,Example Foundation
360G-LBFEW-100002,Food larder,A community larder,GBP,4200,2025-03-04,GB-SC-SC012345,Leith Larder,SC012345,,\
GB-CHC-1234567,Example Foundation
360G-LBFEW-100003,Repair cafe,Monthly repair cafe,GBP,3100,2025-03-04,GB-COH-SC123456,Fixers Ltd,,SC123456,\
GB-CHC-1234567,Example Foundation
"""


def test_a_northern_ireland_charity_a_scottish_one_and_a_company_keep_their_org_ids(svdb, tmp_path,
                                                                                    package_validator):
    source = tmp_path / "grants-in.csv"
    source.write_text(SMALL, encoding="utf-8")
    with Store.open(svdb, actor="Grants officer", create=True) as store:
        round_ = store.rounds.create(name="Small grants", rubric_yaml=TINY_RUBRIC, funder_name="Example Foundation",
                                     funder_org_id="GB-CHC-1234567", funder_identifier="360G-LBFEW")
        import_applications(store, round_, plan_import(source))
        _decide_all(store, "Small grants")
        document = giving360.package(load_round(store, store.rounds.get("Small grants")))
    assert _errors(package_validator, document) == []
    grants = {g["id"]: g for g in document["grants"]}
    assert set(grants) == {"360G-LBFEW-100001", "360G-LBFEW-100002", "360G-LBFEW-100003"}  # 17 characters, kept
    assert [grants[i]["recipientOrganization"][0] for i in sorted(grants)] == [
        {"id": "GB-NIC-101510", "name": "Newry Advice Centre", "charityNumber": "101510"},
        {"id": "GB-SC-SC012345", "name": "Leith Larder", "charityNumber": "SC012345"},
        {"id": "GB-COH-SC123456", "name": "Fixers Ltd", "companyNumber": "SC123456"},
    ]
    assert {g["fundingOrganization"][0]["id"] for g in grants.values()} == {"GB-CHC-1234567"}


def test_references_of_our_own_get_the_prefix_once(svdb):
    with Store.open(svdb, actor="Grants officer", create=True) as store:
        round_ = store.rounds.create(name="Own", rubric_yaml=TINY_RUBRIC, funder_name="Example Foundation",
                                     funder_org_id="GB-CHC-1234567", funder_identifier="360G-EXAMPLE")
        store.applications.add([make_application(round_.id, "NF/26/001"),
                                make_application(round_.id, "360G-EXAMPLE-7")])
        _decide_all(store, "Own")
        rows = giving360.grant_rows(load_round(store, store.rounds.get("Own")))
    assert sorted(r["Identifier"] for r in rows) == ["360G-EXAMPLE-7", "360G-EXAMPLE-NF-26-001"]
    assert {r["Recipient Org:Identifier"] for r in rows} == {"360G-EXAMPLE-ORG-example-community-trust"}


def test_a_round_without_a_prefix_is_refused_only_when_a_grant_needs_one(svdb, tmp_path):
    with Store.open(svdb, actor="Grants officer", create=True) as store:
        round_ = store.rounds.create(name="Own", rubric_yaml=TINY_RUBRIC, funder_name="Example Foundation",
                                     funder_org_id="GB-CHC-1234567")
        store.applications.add([make_application(round_.id, "NF-001")])
        _decide_all(store, "Own")
    result = run_cli("export", svdb, "--format", "360giving", "-o", tmp_path / "out.csv")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "svassessor: Round 'Own' has no 360Giving prefix, which 360Giving data needs: set it with svassessor round "
        "set FILE --round Own --prefix 360G-….")
    set_prefix = run_cli("round", "set", svdb, "--prefix", "360G-EXAMPLE")
    assert set_prefix.returncode == 0, set_prefix.stderr
    assert "360Giving prefix 360G-EXAMPLE" in set_prefix.stdout
    assert run_cli("export", svdb, "--format", "360giving", "-o", tmp_path / "out.csv").returncode == 0
    with open(tmp_path / "out.csv", encoding="utf-8", newline="") as handle:
        row = next(csv.DictReader(handle))
    assert (row["Identifier"], row["Funding Org:Identifier"]) == ("360G-EXAMPLE-NF-001", "GB-CHC-1234567")


def test_a_stored_prefix_of_the_wrong_form_is_named_on_export(svdb):
    with Store.open(svdb, actor="Grants officer", create=True) as store:
        round_ = store.rounds.create(name="Own", rubric_yaml=TINY_RUBRIC, funder_name="Example Foundation",
                                     funder_org_id="GB-CHC-1234567", funder_identifier="360G-EXAMPLE")
        store.applications.add([make_application(round_.id, "NF-001", amount="900")])
        _decide_all(store, "Own")
        with store.change() as audit:  # as a file upgraded from an old value could hold
            audit.update("rounds", round_.id, {"funder_identifier": "360G-My Trust"})
        with pytest.raises(NotAllowed, match=r"^Round 'Own' cannot be published as 360Giving data until its "
                                             r"360Giving prefix is corrected \(svassessor round set FILE --round Own "
                                             r"--prefix …\): the 360Giving prefix '360G-My Trust' should be"):
            giving360.grant_rows(load_round(store, store.rounds.get("Own")))
