"""360Giving out: the funded grants of a decided round, valid against the Data Standard's 1.4.3 schema."""

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
from svassessor.models import Organisation
from svassessor.reports.data import load_round
from svassessor.store import Store

SCHEMAS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "360giving"
if not (SCHEMAS / "360-giving-package-schema.json").exists():
    SCHEMAS = Path("/work/shared/data/360giving")


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
    assert vale["fundingOrganization"] == [{"id": "360G-REAVALLEYCF", "name": "Rea Valley Community Foundation"}]
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
    (Organisation(name="A", type="Scottish charity (SCIO)", registration="SC 012345"), ("GB-SC-SC012345", "SC012345", None)),
    (Organisation(name="A", type="Charity", registration="NIC100002"), ("GB-NIC-100002", "100002", None)),
    (Organisation(name="Zoë's Café / Group", type=None, registration=None), ("360G-X-ORG-zoe-s-cafe-group", None, None)),
])
def test_recipient_identifiers_follow_org_id_conventions(organisation, expected):
    assert giving360.organisation_id(organisation, "360G-X") == expected


def test_a_name_in_another_script_still_gets_a_stable_identifier():
    first = giving360.organisation_id(Organisation(name="华人社区中心"), "360G-X")[0]
    assert first.startswith("360G-X-ORG-") and first == giving360.organisation_id(Organisation(name="华人社区中心"), "360G-X")[0]
