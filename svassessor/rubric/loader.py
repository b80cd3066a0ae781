"""Load a rubric from YAML, reporting every problem as `FILE:LINE: field.path: problem`.

A rubric is written by hand, often by someone who has never seen a traceback, so each problem is one
sentence at the line to edit. Field paths name list items by id where they have one
(`themes[need].criteria[need_evidence].weight`) and by 0-based position otherwise
(`scale.levels[2].descriptor`), because ids are what the author sees in the file.
"""

from __future__ import annotations

import codecs
import difflib
import os
import re
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from svassessor.errors import RubricError
from svassessor.paths import rubrics_dir
from svassessor.rubric.model import Rubric
from svassessor.rubric.yaml_lines import Document, YamlProblem, read_yaml

MAX_BYTES = 1024 * 1024  # 1 MiB; the shipped rubrics are about 15 KiB
SCHEMA_ID = "urn:svassessor:schema:rubric:1"
_ITEM_ID = re.compile(r"^[A-Za-z0-9_]+$")


def load_rubric(path: str | os.PathLike[str]) -> Rubric:
    """Read and validate a rubric file; raise RubricError listing every problem found."""
    name = os.fspath(path)
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_BYTES + 1)
    except OSError as error:
        raise RubricError([f"{name}: cannot be read: {error.strerror or error}"]) from None
    return _load(data, name)


def load_rubric_text(text: str, *, filename: str) -> Rubric:
    """Validate rubric YAML held in memory (a round's snapshot); `filename` labels the problems."""
    return _load(text.encode("utf-8", "surrogatepass"), filename)


def _load(data: bytes, filename: str) -> Rubric:
    if len(data) > MAX_BYTES:
        raise RubricError([f"{filename}:1: the file is larger than 1 MiB, far more than any rubric needs"])
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise RubricError(
            [f"{filename}:{line}: the file is not UTF-8 text (byte 0x{data[error.start]:02x}); save it as UTF-8"]
        ) from None
    try:
        document = read_yaml(text)
    except YamlProblem as problem:
        raise RubricError([_format(filename, problem.line, problem.path, problem.message, None)]) from None
    if not isinstance(document.data, dict):
        found = "a list" if isinstance(document.data, list) else "a single value"
        raise RubricError(
            [f"{filename}:{document.line_of(())}: the file must be a mapping of fields (id:, name:, themes:, …), "
             f"not {found}"]
        )
    problems = [(p.line, _format(filename, p.line, p.path, p.message, document.data)) for p in document.problems]
    try:
        rubric = Rubric.model_validate(document.data)
    except ValidationError as error:
        problems += _validation_problems(error, document, filename)
    if problems:
        ordered = sorted(problems, key=lambda item: item[0])
        raise RubricError(list(dict.fromkeys(problem for _, problem in ordered)))
    return rubric


def _validation_problems(error: ValidationError, document: Document, filename: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for entry in error.errors(include_url=False):
        loc = tuple(entry["loc"])
        located = (entry.get("ctx") or {}).get("problems")
        pairs = [((*loc, *inner), message) for inner, message in located] if located else [(loc, _message(entry))]
        for path, message in pairs:
            line = document.line_of(path)
            found.append((line, _format(filename, line, path, message, document.data)))
    return found


def _message(entry: Any) -> str:
    """Pydantic's message, said for a rubric author."""
    kind, value, loc = entry["type"], entry.get("input"), entry["loc"]
    if kind == "missing":
        return "this field is required but missing"
    if kind in ("model_type", "dict_type"):
        return "should be a mapping of indented 'field: value' lines"
    if kind == "list_type":
        return "should be a list of items, each on a line starting with '- '"
    if kind == "extra_forbidden":
        allowed = _fields_at(loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"allowed here: {', '.join(allowed)}"
        return f"unknown field ({hint})"
    message = re.sub(r"^(Value error|Assertion failed), ", "", entry["msg"])
    message = message[:1].lower() + message[1:]
    if kind == "string_type" and isinstance(value, (bool, int, float)):
        return f"should be text, but YAML read {value!r} as a {type(value).__name__}; put the value in quotes"
    if isinstance(value, (bool, int, float, str)) and kind != "string_too_short":
        return f"{message} (found {value!r})"
    return message


def _fields_at(loc: tuple[Any, ...]) -> list[str]:
    """The field names allowed at `loc`, found by walking the model's annotations."""
    model: type[BaseModel] | None = Rubric
    for part in loc:
        if model is None:
            return []
        if isinstance(part, str):
            info = model.model_fields.get(part)
            model = _model_in(info.annotation) if info else None
    return list(model.model_fields) if model else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found:
                return found
    return None


def field_path(path: tuple[Any, ...], data: object) -> str:
    """`themes[need].criteria[need_evidence].weight`: list items by id where the item has one."""
    text = ""
    node: object = data
    for part in path:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            item_id = item.get("id") if isinstance(item, dict) else None
            text += f"[{item_id}]" if isinstance(item_id, str) and _ITEM_ID.match(item_id) else f"[{part}]"
            node = item
        else:
            text += f".{part}" if text else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return text


def _format(filename: str, line: int, path: tuple[Any, ...], message: str, data: object) -> str:
    where = field_path(path, data) if path else ""
    return f"{filename}:{line}: {where}: {message}" if where else f"{filename}:{line}: {message}"


def rubric_json_schema() -> dict[str, Any]:
    """The JSON Schema of a rubric file, for editors that check YAML as the author types."""
    schema = Rubric.model_json_schema()
    schema.pop("title", None)
    schema.pop("description", None)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "svassessor rubric",
        "description": (
            "A rubric for scoring the social value of small grant applications and small contracts: "
            "themes of criteria, a scale with a descriptor for every level, weights, pass marks, measures, "
            "annotation tags, priorities, the moderation rule and, for tenders, the price / quality / "
            "social value weighting. Check a file with `svassessor rubric validate FILE`."
        ),
        **schema,
    }


def shipped_rubrics() -> dict[str, Path]:
    """The rubrics svassessor ships, by rubric id (each file is loaded, so each is known valid)."""
    return {load_rubric(path).id: path for path in sorted(rubrics_dir().glob("*.yaml"))}
