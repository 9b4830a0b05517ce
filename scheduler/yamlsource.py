"""YAML that people edit: round-trip loading that keeps comments and knows line numbers.

ruamel.yaml rather than pyyaml here, because the queue and the config are written back and
diffed in git: pyyaml drops comments and forgets where each key stood, and every error
message about these files must name the line.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent

from scheduler.errors import InputError

# Aliases (*name) may repeat a few slots, but nested ones multiply ("billion laughs"): nine
# levels of nine took 30 s and 2.5 GB. A 10,000-account config repeating its slots stays far
# below this many values brought in by aliases.
MAX_ALIASED_VALUES = 100_000
ALIAS_HINT = "write the values out instead of repeating them with aliases (*name)"


class AliasBudget:
    """Counts the values aliases bring in while a document is composed; refuses too many."""

    def __init__(self) -> None:
        self.spent = 0
        self._sizes: dict[int, int] = {}

    def charge(self, node: Any, mark: Any, error: type[Exception]) -> None:
        self.spent += self._size(node)
        if self.spent > MAX_ALIASED_VALUES:
            raise error(
                None, None, f"aliases expand to more than {MAX_ALIASED_VALUES} values", mark
            )

    def _size(self, node: Any) -> int:
        key = id(node)
        if key not in self._sizes:
            self._sizes[key] = 1  # a node that holds itself counts once
            value = node.value
            if isinstance(value, list):
                children = (
                    c for item in value for c in (item if isinstance(item, tuple) else (item,))
                )
                self._sizes[key] = 1 + sum(self._size(child) for child in children)
        return self._sizes[key]


class AliasBombError(MarkedYAMLError):
    """A document whose aliases expand beyond MAX_ALIASED_VALUES."""


def charge_alias(composer: Any, event: Any, error: type[Exception]) -> None:
    """A composer (ruamel's or pyyaml's) met an alias: count what it brings in, or refuse."""
    node = composer.anchors.get(event.anchor)
    if node is not None:  # an undefined alias is the composer's own error
        budget = composer.__dict__.setdefault("alias_budget", AliasBudget())
        budget.charge(node, event.start_mark, error)


class _BoundedComposer(Composer):
    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            charge_alias(self, self.parser.peek_event(), AliasBombError)
        return super().compose_node(parent, index)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Composer = _BoundedComposer
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_duplicate_keys = False
    return yaml


def parse_yaml(text: str, path: Path | str, error: type[InputError] = InputError) -> Any:
    """Parse text; a syntax error names the file and line and says what to check."""
    try:
        return _yaml().load(text)
    except AliasBombError as exc:
        mark = exc.problem_mark
        raise error(
            f"YAML refused: {exc.problem}",
            path=path,
            line=mark.line + 1 if mark else None,
            hint=ALIAS_HINT,
        ) from exc
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise error(
            f"YAML does not parse: {problem}",
            path=path,
            line=line,
            hint="check the indentation and quoting on that line (a quote containing ': ' "
            "must be put in quotes)",
        ) from exc
    except YAMLError as exc:
        raise error(f"YAML does not parse: {exc}", path=path) from exc


def dump_yaml(data: Any) -> str:
    buffer = io.StringIO()
    _yaml().dump(data, buffer)
    return buffer.getvalue()


def refuse_unknown_keys(
    node: CommentedMap,
    allowed: tuple[str, ...],
    path: Path | str,
    where: str,
    error: type[InputError] = InputError,
) -> None:
    """Refuse the first key not in ``allowed``, at its line; ``where`` names the mapping
    ("rules", "snippet 3f2a…"), or is empty for the top of the file."""
    for key in node:
        if key not in allowed:
            raise error(
                f"unknown key '{key}'{' in ' + where if where else ''}",
                path=path,
                line=key_line(node, key),
                hint=f"use one of: {', '.join(allowed)}",
            )


def key_line(node: Any, key: Any) -> int | None:
    """The 1-based line of a mapping key, where the loader recorded it."""
    if isinstance(node, CommentedMap):
        try:
            return node.lc.key(key)[0] + 1
        except (KeyError, TypeError, AttributeError):
            return node_line(node)
    return None


def value_line(node: Any, key: Any) -> int | None:
    """The 1-based line of a mapping value or sequence item."""
    if isinstance(node, CommentedMap | CommentedSeq):
        try:
            return (
                node.lc.value(key)[0] + 1
                if isinstance(node, CommentedMap)
                else node.lc.item(key)[0] + 1
            )
        except (KeyError, TypeError, AttributeError, IndexError):
            return node_line(node)
    return None


def node_line(node: Any) -> int | None:
    try:
        return node.lc.line + 1
    except (AttributeError, TypeError):  # not from a file, or a mapping made in code
        return None
