"""Read hand-written YAML safely, remembering the line of every key and list item.

PyYAML's SafeLoader still expands aliases (ten lines can become gigabytes), honours tags, turns
`no` into false and `2025-04-01` into a date, and lets a repeated key silently replace the first.
A rubric needs none of that, so aliases, anchors and tags are refused, YAML 1.1's yes/no/on/off
booleans and timestamps are read as plain text, and a repeated key is reported. Every mapping key
and sequence item keeps its line, so that a problem found later (by pydantic) can be reported at the
line the author has to edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from yaml.events import AliasEvent, NodeEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Path = tuple[str | int, ...]

MAX_DEPTH = 40  # a rubric nests about 8 deep; a deeper file is a mistake or an attack on the parser

_KEPT_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:null"}
_BOOL = "tag:yaml.org,2002:bool"


def _core_resolvers() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """SafeLoader's implicit types, less timestamps, `=` and `<<`, with booleans only true/false."""
    resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items():
        kept = [(tag, regexp) for tag, regexp in entries if tag in _KEPT_TAGS]
        if kept:
            resolvers[first] = kept
    true_false = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
    for first in "tTfF":
        resolvers.setdefault(first, []).append((_BOOL, true_false))
    return resolvers


class YamlProblem(Exception):
    """A problem in the YAML itself, at a 1-based line, optionally under a key path."""

    def __init__(self, line: int, message: str, path: Path = ()):
        super().__init__(message)
        self.line = line
        self.message = message
        self.path = path


@dataclass
class Document:
    """The plain data read, the line of each key path, and problems that did not stop reading."""

    data: object
    lines: dict[Path, int]
    problems: list[YamlProblem] = field(default_factory=list)

    def line_of(self, path: Path) -> int:
        """The line of `path`, or of its nearest enclosing key that exists in the file."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return 1


def _shorthand(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


class _Loader(yaml.SafeLoader):
    yaml_implicit_resolvers = _core_resolvers()

    def __init__(self, text: str):
        super().__init__(text)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: object) -> Node | None:
        """Refuse aliases, anchors and tags before any node is built, so a bomb costs nothing."""
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, AliasEvent):
            raise YamlProblem(line, f"aliases (*{event.anchor}) are not allowed in a rubric; "
                                    "write the value out in full")
        if isinstance(event, NodeEvent) and event.anchor is not None:
            raise YamlProblem(line, f"anchors (&{event.anchor}) are not allowed in a rubric; "
                                    "write each value out in full")
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise YamlProblem(line, f"the tag {_shorthand(tag)} is not allowed in a rubric; "
                                    "remove it (a rubric is plain data)")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise YamlProblem(line, f"the file nests more than {MAX_DEPTH} levels deep, which no rubric needs")
            # PyYAML passes a mapping value's key node as `index`; its stubs say int.
            return super().compose_node(parent, index)  # type: ignore[arg-type]
        finally:
            self._depth -= 1


def _syntax_problem(error: yaml.YAMLError, text: str) -> YamlProblem:
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        if mark is not None and mark.index >= len(text.rstrip()) and error.context_mark is not None:
            mark = error.context_mark  # "unexpected end of file": the line to fix is where the open item starts
        if error.problem and "'\\t'" in error.problem:
            message = "YAML syntax error: a tab is used for indentation; indent with spaces"
        elif error.problem and error.context and error.problem.startswith("but "):
            message = f"YAML syntax error: {error.context}, {error.problem}"
        else:
            message = f"YAML syntax error: {error.problem or error.context}"
            if error.problem and error.context and error.context_mark is not None:
                message += f" ({error.context} that starts on line {error.context_mark.line + 1})"
        message = message.replace("'<stream end>'", "the end of the file").replace("end of stream", "end of the file")
        return YamlProblem(mark.line + 1 if mark else 1, message)
    if isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, error.position) + 1
        return YamlProblem(line, f"the control character U+{error.character:04X} is not allowed in YAML; delete it")
    return YamlProblem(1, f"YAML cannot be read: {error}")


def read_yaml(text: str) -> Document:
    """Parse one YAML document of plain data; raise YamlProblem for anything that stops reading."""
    try:
        loader = _Loader(text)  # checks for unprintable characters first
    except yaml.YAMLError as error:
        raise _syntax_problem(error, text) from None
    try:
        root = loader.get_single_node()
        if root is None:
            raise YamlProblem(1, "the file is empty; a rubric starts with fields such as 'id:' and 'name:'")
        document = Document(data=None, lines={(): root.start_mark.line + 1})
        document.data = _build(loader, root, (), document)
        return document
    except yaml.YAMLError as error:
        raise _syntax_problem(error, text) from None
    finally:
        loader.dispose()


def _build(loader: _Loader, node: Node, path: Path, document: Document) -> object:
    if isinstance(node, MappingNode):
        mapping: dict[str, object] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                raise YamlProblem(line, "a key must be a plain name, not a list or a mapping", path)
            key = key_node.value  # the key as written: `1:` and `yes:` are names here, not numbers
            if key in mapping:
                first = document.lines[(*path, key)]
                document.problems.append(
                    YamlProblem(line, f"'{key}' is given twice (first on line {first}); keep only one", (*path, key))
                )
                continue
            document.lines[(*path, key)] = line
            mapping[key] = _build(loader, value_node, (*path, key), document)
        return mapping
    if isinstance(node, SequenceNode):
        items: list[object] = []
        for index, item in enumerate(node.value):
            document.lines[(*path, index)] = item.start_mark.line + 1
            items.append(_build(loader, item, (*path, index), document))
        return items
    try:
        return loader.construct_object(node)
    except ValueError:  # a number of thousands of digits: Python refuses to convert it (int_max_str_digits)
        raise YamlProblem(node.start_mark.line + 1, f"'{node.value[:20]}…' has {len(node.value)} digits: "
                          f"far too long to be a number a rubric needs", path) from None
