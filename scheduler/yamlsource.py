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
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from scheduler.errors import InputError


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_duplicate_keys = False
    return yaml


def parse_yaml(text: str, path: Path | str, error: type[InputError] = InputError) -> Any:
    """Parse text; a syntax error names the file and line and says what to check."""
    try:
        return _yaml().load(text)
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
    except AttributeError:
        return None
