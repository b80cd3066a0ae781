"""`svassessor rubric validate` and `schema`, in-process and as a subprocess, as an author runs them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from svassessor.cli.rubric import rubric
from svassessor.paths import rubrics_dir
from svassessor.rubric.loader import rubric_json_schema

GRANTS = (rubrics_dir() / "small-grants.yaml").read_text(encoding="utf-8")
CONTRACT = (rubrics_dir() / "small-contract.yaml").read_text(encoding="utf-8")


def edited(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    return [n for n, line in enumerate(text.splitlines(), 1) if needle in line][occurrence - 1]


BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n" for name, prev in zip("bcdefghi", "abcdefgh")
)

# name -> (file content, the line the problem must name (None: not checked), words in that problem)
MALFORMED: dict[str, tuple[str | bytes, int | None, str]] = {
    "bad_yaml": (edited(GRANTS, "weight: 30", "weight: [30"), None, "YAML syntax error"),
    "unknown_field": (edited(GRANTS, "  spread_threshold: 2", "  spread_treshold: 2"),
                      line_of(GRANTS, "spread_threshold"), "did you mean 'spread_threshold'"),
    "all_weights_zero": (re.sub(r"(?m)^    weight: \d+$", "    weight: 0", GRANTS), line_of(GRANTS, "themes:"),
                         "theme weights add up to 0"),
    "missing_descriptor": (edited(GRANTS, "      descriptor: >-\n        The answer addresses the question only", "      "
                                  "note: >-\n        The answer addresses the question only"),
                           line_of(GRANTS, "- value: 1"), "descriptor: this field is required"),
    "duplicate_ids": (edited(GRANTS, "- id: need_voice", "- id: need_evidence"), line_of(GRANTS, "- id: need_voice"),
                      "duplicate id 'need_evidence'"),
    "negative_weight": (edited(GRANTS, "weight: 30", "weight: -30"), line_of(GRANTS, "weight: 30"),
                        "themes[offer].weight"),
    "empty_file": ("", 1, "the file is empty"),
    "huge_file": ("# padding\n" * 110_000, 1, "larger than 1 MiB"),
    "alias_bomb": (GRANTS + BOMB, line_of(GRANTS + BOMB, "a: &a"), "anchors (&a) are not allowed"),
    "python_tag": (edited(GRANTS, 'version: "2025.1"', "version: !!python/object/apply:os.system ['echo pwned']"),
                   line_of(GRANTS, 'version: "2025.1"'), "the tag !!python/object/apply:os.system is not allowed"),
    "pass_mark_outside_scale": (edited(GRANTS, "pass_mark: 2", "pass_mark: 5"), line_of(GRANTS, "pass_mark: 2"),
                                "outside the scale 0–4"),
    "tender_weights": (edited(CONTRACT, "quality: 30", "quality: 35"), line_of(CONTRACT, "tender:"),
                       "must add up to 100, not 105"),
    "not_utf8": (GRANTS.replace("£5,000", "\xa35,000").encode("latin-1", "replace"), line_of(GRANTS, "£5,000"),
                 "not UTF-8"),
    "duplicate_key": (edited(GRANTS, "kind: grant\n", "kind: grant\nkind: tender\n"), line_of(GRANTS, "kind:") + 1,
                      "'kind' is given twice"),
}


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / f"{name}.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def check_problems(stderr: str, path: Path, line: int | None, words: str) -> None:
    assert "Traceback" not in stderr
    lines = [text for text in stderr.splitlines() if text.startswith(f"{path}:")]
    assert lines, stderr
    assert all(re.match(rf"^{re.escape(str(path))}:\d+: \S", text) for text in lines), lines
    named = [text for text in lines if words in text]
    assert named, lines
    if line is not None:
        assert named[0].startswith(f"{path}:{line}: "), (line, lines)


def test_validate_reports_each_shipped_rubric_as_valid() -> None:
    paths = [str(rubrics_dir() / name) for name in ("small-grants.yaml", "charter.yaml", "small-contract.yaml")]
    result = CliRunner().invoke(rubric, ["validate", *paths])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{paths[0]}: valid (rubric Community small grants version 2025.1, 9 criteria)",
        f"{paths[1]}: valid (rubric Birmingham Business Charter for Social Responsibility version 2025.1, 8 criteria)",
        f"{paths[2]}: valid (rubric Small council contract (under £20,000) version 2025.1, 6 criteria)",
    ]


@pytest.mark.parametrize("case", MALFORMED)
def test_validate_malformed_exits_2_with_file_line_problems(tmp_path: Path, case: str) -> None:
    content, line, words = MALFORMED[case]
    path = write(tmp_path, case, content)
    result = CliRunner().invoke(rubric, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    check_problems(result.stderr, path, line, words)


def test_validate_checks_every_file_and_fails_if_any_is_bad(tmp_path: Path) -> None:
    good = rubrics_dir() / "charter.yaml"
    bad = write(tmp_path, "bad", edited(GRANTS, "weight: 30", "weight: -30"))
    result = CliRunner().invoke(rubric, ["validate", str(bad), str(good)])
    assert result.exit_code == 2
    assert result.stdout.startswith(f"{good}: valid")
    check_problems(result.stderr, bad, line_of(GRANTS, "weight: 30"), "greater than or equal to 0")


def test_validate_a_missing_file_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(rubric, ["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'nope.yaml'}: cannot be read: No such file or directory\n"


def test_schema_prints_the_json_schema() -> None:
    result = CliRunner().invoke(rubric, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == rubric_json_schema()
    assert result.stdout.startswith('{\n  "$schema": ')


def test_help_text_carries_examples() -> None:
    runner = CliRunner()
    assert "svassessor rubric validate my-rubric.yaml" in runner.invoke(rubric, ["--help"]).stdout
    assert "FILE:LINE: field: problem" in runner.invoke(rubric, ["validate", "--help"]).stdout
    assert "yaml-language-server" in runner.invoke(rubric, ["schema", "--help"]).stdout


def run_module(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "svassessor.cli.rubric", *args], capture_output=True, text=True, timeout=120
    )


def test_subprocess_validate_valid_and_invalid(tmp_path: Path) -> None:
    good = rubrics_dir() / "small-grants.yaml"
    done = run_module("validate", str(good))
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{good}: valid (rubric Community small grants version 2025.1, 9 criteria)\n"

    for case in ("alias_bomb", "python_tag", "bad_yaml", "not_utf8"):
        content, line, words = MALFORMED[case]
        path = write(tmp_path, case, content)
        done = run_module("validate", str(path))
        assert done.returncode == 2, (case, done.stderr)
        check_problems(done.stderr, path, line, words)


def test_subprocess_schema_matches_the_shipped_file() -> None:
    done = run_module("schema")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == json.loads((rubrics_dir() / "rubric.schema.json").read_text(encoding="utf-8"))
