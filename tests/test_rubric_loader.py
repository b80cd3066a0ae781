"""Loading rubric YAML: every mistake an author can make comes back as `FILE:LINE: field: problem`."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from svassessor.errors import RubricError
from svassessor.paths import rubrics_dir
from svassessor.rubric.loader import MAX_BYTES, field_path, load_rubric, load_rubric_text

MINIMAL = """\
id: tiny
name: Tiny fund
version: "1"
description: A two-criterion rubric for the tests.
source: Written for the svassessor tests.
scale:
  levels:
    - value: 0
      label: Nothing
      descriptor: Nothing to credit.
    - value: 1
      label: Some
      descriptor: Partly answers the question.
    - value: 2
      label: Full
      descriptor: Fully answers the question.
themes:
  - id: need
    title: Need
    weight: 40
    part: quality
    criteria:
      - id: need_evidence
        title: Evidence of need
        question: How do you know the need exists?
        pass_mark: 1
  - id: offer
    title: Offer
    weight: 60
    criteria:
      - id: offer_who
        title: Who benefits
        question: Who will benefit?
        measures: [people_supported]
measures:
  - id: people_supported
    name: People supported
    unit: people
tags:
  - id: evidence
    label: Evidence
    colour: "#0072B2"
    key: e
moderation:
  spread_threshold: 1
"""

TENDER = MINIMAL.replace("id: tiny\n", "id: tiny\nkind: tender\ntender: {price: 50, quality: 30, social_value: 20}\n")

PROBLEM_LINE = re.compile(r"^r\.yaml:(\d+): (.+)$")


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the n-th line containing `needle` (what the loader must point at)."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def problems(text: str) -> list[tuple[int, str]]:
    """(line, 'field: problem') for each problem; fails the test if the text loads."""
    with pytest.raises(RubricError) as caught:
        load_rubric_text(text, filename="r.yaml")
    found = []
    for problem in caught.value.problems:
        match = PROBLEM_LINE.match(problem)
        assert match, f"not FILE:LINE: problem: {problem!r}"
        found.append((int(match.group(1)), match.group(2)))
    return found


def only_problem(text: str) -> tuple[int, str]:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


def test_minimal_rubric_loads() -> None:
    rubric = load_rubric_text(MINIMAL, filename="r.yaml")
    assert [c.id for c in rubric.criteria] == ["need_evidence", "offer_who"]
    assert rubric.social_value_share == 60
    assert load_rubric_text(TENDER, filename="r.yaml").tender is not None


def test_load_rubric_reads_a_file_and_accepts_a_utf8_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.replace("Tiny fund", "Fonds für Gemeinschaften").encode())
    assert load_rubric(path).name == "Fonds für Gemeinschaften"


def test_bad_yaml_syntax_is_reported_at_the_line_yaml_gives() -> None:
    text = MINIMAL.replace("    weight: 60\n", "    weight: [60\n")
    line, message = only_problem(text)
    assert message.startswith("YAML syntax error:")
    assert line == line_of(text, "criteria:", 2)  # where the parser discovers the list never closed


def test_unclosed_bracket_at_the_end_points_at_the_bracket_not_past_the_file() -> None:
    line, message = only_problem(MINIMAL + "tie_break: [social_value, reference\n\n")
    assert line == line_of(MINIMAL, "spread_threshold") + 1
    assert "the end of the file" in message


def test_tab_indentation_gets_a_plain_explanation() -> None:
    line, message = only_problem(MINIMAL.replace("    title: Offer", "\ttitle: Offer"))
    assert line == line_of(MINIMAL, "title: Offer")
    assert "tab" in message and "spaces" in message


def test_unknown_field_names_the_line_and_suggests_the_right_spelling() -> None:
    text = MINIMAL.replace("        pass_mark: 1", "        pass_mrak: 1")
    line, message = only_problem(text)
    assert line == 26
    assert message == "themes[need].criteria[need_evidence].pass_mrak: unknown field (did you mean 'pass_mark'?)"


def test_a_missing_field_is_reported_at_its_parent() -> None:
    text = MINIMAL.replace("      descriptor: Partly answers the question.\n", "")
    line, message = only_problem(text)
    assert line == line_of(text, "- value: 1")
    assert message == "scale.levels[1].descriptor: this field is required but missing"


def test_negative_weight_points_at_the_weight() -> None:
    line, message = only_problem(MINIMAL.replace("weight: 40", "weight: -40"))
    assert line == 20
    assert message == "themes[need].weight: input should be greater than or equal to 0 (found -40)"


def test_weights_that_cannot_work_are_refused() -> None:
    text = MINIMAL.replace("weight: 40", "weight: 0").replace("weight: 60", "weight: 0")
    line, message = only_problem(text)
    assert line == line_of(text, "themes:")
    assert "theme weights add up to 0" in message


def test_infinite_weight_is_refused() -> None:
    _, message = only_problem(MINIMAL.replace("weight: 60", "weight: .inf"))
    assert "finite" in message


def test_duplicate_ids_point_at_the_second_one() -> None:
    text = MINIMAL.replace("- id: offer_who", "- id: need_evidence")
    line, message = only_problem(text)
    assert line == line_of(text, "- id: need_evidence", 2)
    assert message.endswith("duplicate id 'need_evidence'")


def test_pass_mark_outside_the_scale_points_at_the_pass_mark() -> None:
    text = MINIMAL.replace("pass_mark: 1", "pass_mark: 3")
    line, message = only_problem(text)
    assert line == line_of(text, "pass_mark: 3")
    assert message == "themes[need].criteria[need_evidence].pass_mark: pass mark of 'need_evidence' is outside the scale 0–2"


def test_unknown_measure_points_at_the_list_item() -> None:
    text = MINIMAL.replace("measures: [people_supported]", "measures: [people_helped]")
    line, message = only_problem(text)
    assert line == line_of(text, "people_helped")
    assert message.startswith("themes[offer].criteria[offer_who].measures[0]: ")
    assert "unknown measure 'people_helped'" in message


def test_tender_weights_must_add_up_to_100() -> None:
    text = TENDER.replace("social_value: 20", "social_value: 30")
    line, message = only_problem(text)
    assert line == line_of(text, "tender:")
    assert message == "tender: price, quality and social_value must add up to 100, not 110"


def test_tender_quality_weight_needs_a_quality_theme() -> None:
    text = TENDER.replace("    part: quality\n", "")
    _, message = only_problem(text)
    assert message.startswith("tender.quality: ")


def test_spread_threshold_wider_than_the_scale_is_refused() -> None:
    text = MINIMAL.replace("spread_threshold: 1", "spread_threshold: 3")
    line, message = only_problem(text)
    assert line == line_of(text, "spread_threshold")
    assert "would ever be flagged" in message


def test_scale_levels_out_of_order_point_at_the_level() -> None:
    text = MINIMAL.replace("- value: 2", "- value: 1")
    line, message = only_problem(text)
    assert line == line_of(text, "- value: 1", 2)
    assert message.startswith("scale.levels[2].value: two levels have the same value")


def test_a_number_where_text_is_expected_says_to_quote_it() -> None:
    line, message = only_problem(MINIMAL.replace('version: "1"', "version: 1.10"))
    assert line == 3
    assert message == "version: should be text, but YAML read 1.1 as a float; put the value in quotes"


def test_yaml_11_surprises_stay_plain_text() -> None:
    text = MINIMAL.replace("label: Nothing", "label: No").replace('version: "1"', "version: 2025-04-01")
    rubric = load_rubric_text(text, filename="r.yaml")
    assert rubric.scale.levels[0].label == "No"
    assert rubric.version == "2025-04-01"


def test_duplicate_keys_are_a_problem_not_silently_the_last() -> None:
    text = MINIMAL.replace("    title: Offer\n", "    title: Offer\n    title: Our offer\n")
    line, message = only_problem(text)
    assert line == line_of(text, "title: Our offer")
    assert message == f"themes[offer].title: 'title' is given twice (first on line {line - 1}); keep only one"


def test_empty_file_and_comment_only_file() -> None:
    for text in ("", "\n\n", "# a rubric will go here\n"):
        assert only_problem(text) == (1, "the file is empty; a rubric starts with fields such as 'id:' and 'name:'")


@pytest.mark.parametrize("text, found", [("- id: tiny\n", "a list"), ("just words\n", "a single value")])
def test_top_level_must_be_a_mapping(text: str, found: str) -> None:
    line, message = only_problem(text)
    assert line == 1 and message.endswith(f"not {found}")


def test_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(MINIMAL.encode() + b"# padding\n" * (MAX_BYTES // 10 + 1))
    with pytest.raises(RubricError) as caught:
        load_rubric(path)
    assert caught.value.problems == [f"{path}:1: the file is larger than 1 MiB, far more than any rubric needs"]
    assert only_problem("# padding\n" * (MAX_BYTES // 10 + 1))[1].startswith("the file is larger than 1 MiB")


def test_alias_bomb_is_refused_at_the_first_anchor_without_expanding_it() -> None:
    bomb = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    for name, previous in zip("bcdefghi", "abcdefgh"):
        bomb += f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    started = time.perf_counter()
    line, message = only_problem(MINIMAL + bomb)
    assert time.perf_counter() - started < 5  # expanded, this is 387 million strings
    assert line == line_of(MINIMAL + bomb, "a: &a")
    assert message == "anchors (&a) are not allowed in a rubric; write each value out in full"


def test_alias_without_anchor_is_refused() -> None:
    line, message = only_problem(MINIMAL + "extra: *nothing\n")
    assert line == line_of(MINIMAL + "extra: *nothing\n", "extra:")
    assert message.startswith("aliases (*nothing) are not allowed")


def test_python_object_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = MINIMAL.replace('version: "1"', f"version: !!python/object/apply:pathlib.Path.touch [{str(marker)!r}]")
    line, message = only_problem(text)
    assert line == 3
    assert message.startswith("the tag !!python/object/apply:pathlib.Path.touch is not allowed")
    assert not marker.exists()


def test_any_explicit_tag_is_refused() -> None:
    _, message = only_problem(MINIMAL.replace('version: "1"', 'version: !!str 1'))
    assert message.startswith("the tag !!str is not allowed")


def test_non_utf8_bytes_give_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(MINIMAL.replace("Tiny fund", "Café fund").encode("latin-1"))
    with pytest.raises(RubricError) as caught:
        load_rubric(path)
    assert caught.value.problems == [f"{path}:2: the file is not UTF-8 text (byte 0xe9); save it as UTF-8"]


def test_control_characters_are_refused_with_their_line() -> None:
    line, message = only_problem(MINIMAL.replace("Tiny fund", "Tiny\x07fund"))
    assert (line, message) == (2, "the control character U+0007 is not allowed in YAML; delete it")


def test_deep_nesting_is_refused() -> None:
    _, message = only_problem("id: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "levels deep" in message


def test_unreadable_file_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(RubricError) as caught:
        load_rubric(tmp_path / "missing.yaml")
    assert caught.value.problems == [f"{tmp_path / 'missing.yaml'}: cannot be read: No such file or directory"]


def test_every_problem_is_reported_at_once_in_line_order() -> None:
    text = MINIMAL.replace("weight: 60", "weight: -60").replace("label: Some", "lable: Some")
    text += "tie_break: [cheapest]\n"
    found = problems(text)
    assert [line for line, _ in found] == sorted(line for line, _ in found)
    fields = [message.split(":")[0] for _, message in found]
    assert fields == ["scale.levels[1].label", "scale.levels[1].lable", "themes[offer].weight", "tie_break[0]"]


def test_field_path_prefers_ids_and_falls_back_to_positions() -> None:
    data = {"themes": [{"id": "need", "criteria": [{"title": "no id yet"}]}], "scale": {"levels": [{}, {}]}}
    assert field_path(("themes", 0, "criteria", 0, "weight"), data) == "themes[need].criteria[0].weight"
    assert field_path(("scale", "levels", 1, "descriptor"), data) == "scale.levels[1].descriptor"
    assert field_path(("themes", 5, "id"), data) == "themes[5].id"


def test_a_weight_of_thousands_of_digits_is_one_line_not_a_traceback():
    shipped = (rubrics_dir() / "small-grants.yaml").read_text(encoding="utf-8")
    text = shipped.replace("weight: 20", "weight: " + "9" * 5000, 1)
    with pytest.raises(RubricError) as refused:
        load_rubric_text(text, filename="big.yaml")
    assert refused.value.problems[0].startswith("big.yaml:") and "has 5000 digits" in refused.value.problems[0]
