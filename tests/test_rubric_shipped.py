"""The rubrics svassessor ships: valid, proportionate, complete, and what the demo data relies on."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from svassessor.paths import rubrics_dir
from svassessor.rubric.loader import load_rubric, rubric_json_schema, shipped_rubrics
from svassessor.rubric.model import Rubric

SHIPPED = {"small_grants": "small-grants.yaml", "charter": "charter.yaml", "small_contract": "small-contract.yaml"}


@pytest.fixture(scope="module")
def rubrics() -> dict[str, Rubric]:
    return {rubric_id: load_rubric(path) for rubric_id, path in shipped_rubrics().items()}


def test_shipped_rubrics_maps_each_id_to_its_file() -> None:
    found = shipped_rubrics()
    assert {rubric_id: path.name for rubric_id, path in found.items()} == SHIPPED
    assert all(path.parent == rubrics_dir() for path in found.values())


@pytest.mark.parametrize("filename", SHIPPED.values())
def test_each_file_has_a_header_pointing_editors_at_the_schema(filename: str) -> None:
    first_lines = (rubrics_dir() / filename).read_text(encoding="utf-8").splitlines()[:4]
    assert first_lines[0] == "# yaml-language-server: $schema=rubric.schema.json"
    assert all(line.startswith("#") for line in first_lines)


def test_every_level_criterion_and_measure_is_written_out(rubrics: dict[str, Rubric]) -> None:
    for rubric in rubrics.values():
        assert len(rubric.source.split()) >= 20, rubric.id
        for level in rubric.scale.levels:
            assert len(level.descriptor.split()) >= 10, (rubric.id, level.value)
        for criterion in rubric.criteria:
            assert criterion.question.rstrip().endswith(("?", ".)", ".")), (rubric.id, criterion.id)
            assert criterion.guidance and len(criterion.guidance.split()) >= 15, (rubric.id, criterion.id)
            assert criterion.scale is None  # one scale per rubric keeps the comparison view honest
        for measure in rubric.measures:
            assert measure.proxy_gbp_per_unit is None, "£ proxies are licensed and contested: ship them empty"


def test_rubrics_are_proportionate(rubrics: dict[str, Rubric]) -> None:
    for rubric in rubrics.values():
        assert len(rubric.criteria) <= 10, rubric.id
        assert len(rubric.measures) <= 10, rubric.id


def test_every_measure_is_asked_for_and_shared_ids_mean_the_same_unit(rubrics: dict[str, Rubric]) -> None:
    units: dict[str, str] = {}
    for rubric in rubrics.values():
        used = {m for criterion in rubric.criteria for m in criterion.measures}
        assert used == {m.id for m in rubric.measures}, rubric.id
        for measure in rubric.measures:
            assert units.setdefault(measure.id, measure.unit) == measure.unit, measure.id


def test_small_grants_has_the_ids_the_demo_and_engine_use(rubrics: dict[str, Rubric]) -> None:
    rubric = rubrics["small_grants"]
    assert rubric.kind == "grant"
    assert [(level.value, level.label) for level in rubric.scale.levels] == [
        (0, "No evidence"), (1, "Weak"), (2, "Adequate"), (3, "Good"), (4, "Excellent")
    ]
    assert [(t.id, t.weight, t.part, [c.id for c in t.criteria]) for t in rubric.themes] == [
        ("need", 20, "quality", ["need_evidence", "need_voice"]),
        ("offer", 30, "social_value", ["offer_who", "offer_where", "offer_measures"]),
        ("stories", 15, "social_value", ["stories_evidence"]),
        ("delivery", 20, "quality", ["delivery_plan", "delivery_capacity"]),
        ("value", 15, "quality", ["value_money"]),
    ]
    assert {c.id: c.pass_mark for c in rubric.criteria if c.pass_mark is not None} == {
        "need_evidence": 2, "delivery_capacity": 2
    }
    assert {m.id: m.unit for m in rubric.measures} == {
        "people_supported": "people", "volunteer_hours": "hours", "local_jobs_fte": "FTE",
        "training_places": "people", "sessions_delivered": "sessions", "local_spend_gbp": "£",
        "apprenticeship_weeks": "weeks", "carbon_saved_tco2e": "tonnes CO2e",
    }
    assert [(t.id, t.key) for t in rubric.tags] == [
        ("evidence", "e"), ("story", "s"), ("commitment", "c"), ("target_group", "g"), ("risk", "r")
    ]
    assert [(p.id, p.kind, p.points, p.match) for p in rubric.priorities] == [
        ("older_isolated", "group", 5, ["Older people living alone", "Older people"]),
        ("young_neet", "group", 5, ["Young people not in education, employment or training"]),
        ("disabled_people", "group", 5, ["Disabled people"]),
        ("priority_wards", "place", 3, ["Lozells", "Sparkbrook", "Ladywood", "Castle Vale"]),
    ]
    assert (rubric.moderation.aggregate, rubric.moderation.spread_threshold, rubric.moderation.normalise_after) == (
        "mean", 2, 5
    )
    assert rubric.tie_break == ["social_value", "lowest_amount", "reference"]
    assert rubric.social_value_share == 45


def test_charter_has_the_six_principles(rubrics: dict[str, Rubric]) -> None:
    rubric = rubrics["charter"]
    assert [t.title for t in rubric.themes] == [
        "Local Employment", "Buy Birmingham First", "Partners in Communities",
        "Good Employer", "Green and Sustainable", "Ethical Procurement",
    ]
    assert all(1 <= len(t.criteria) <= 2 for t in rubric.themes)
    assert rubric.scale.values == [0, 1, 2, 3, 4]
    assert sum(t.weight for t in rubric.themes) == 100
    assert {"local_jobs_fte", "local_spend_gbp", "volunteer_hours", "carbon_saved_tco2e"} <= {
        m.id for m in rubric.measures
    }


def test_small_contract_follows_the_social_value_model(rubrics: dict[str, Rubric]) -> None:
    rubric = rubrics["small_contract"]
    assert rubric.kind == "tender"
    assert rubric.tender is not None
    assert (rubric.tender.price, rubric.tender.quality, rubric.tender.social_value) == (50, 30, 20)
    assert rubric.scale.values == [0, 25, 50, 75, 100]
    assert [level.label for level in rubric.scale.levels] == [
        "Fail or no response", "Limited", "Acceptable", "Good", "Excellent"
    ]
    quality = [t.id for t in rubric.themes if t.part == "quality"]
    social = [t.title for t in rubric.themes if t.part == "social_value"]
    assert quality == ["method", "resources"]
    assert social == ["Fair work", "Tackling economic inequality", "Fighting climate change",
                      "Equal opportunity and wellbeing"]
    assert "PPN 06/20" in rubric.source and "PPN 002" in rubric.source
    assert rubric.tie_break == ["quality", "lowest_price", "reference"]
    assert rubric.moderation.spread_threshold == 50  # two levels apart, like 2 on a 0-4 scale


def _luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_tag_colours_are_distinct_and_readable_on_light_and_dark(rubrics: dict[str, Rubric]) -> None:
    for rubric in rubrics.values():
        colours = [tag.colour for tag in rubric.tags]
        assert len(set(colours)) == len(colours)
        for colour in colours:
            # WCAG 3:1, the minimum for graphics and highlights, on a white and on a dark window
            assert _contrast(colour, "#ffffff") >= 3, colour
            assert _contrast(colour, "#1e1e1e") >= 3, colour


def test_shipped_json_schema_is_current() -> None:
    shipped = json.loads((rubrics_dir() / "rubric.schema.json").read_text(encoding="utf-8"))
    assert shipped == rubric_json_schema(), (
        "svassessor/rubric/shipped/rubric.schema.json is stale; regenerate it with "
        "`python -m svassessor rubric schema > svassessor/rubric/shipped/rubric.schema.json`"
    )


def test_json_schema_accepts_every_shipped_rubric_and_catches_typos() -> None:
    schema = rubric_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] and schema["title"] and schema["description"]
    validator = jsonschema.Draft202012Validator(schema)
    for path in shipped_rubrics().values():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert list(validator.iter_errors(data)) == [], path.name
        data["themes"][0]["wieght"] = 5
        assert not validator.is_valid(data)
