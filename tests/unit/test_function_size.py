"""No function or method over 40 lines, from its `def` to its last line, unless listed below with a reason.

Beside ruff's limits on branches, statements and cyclomatic complexity (pyproject.toml), which a long
but flat function passes. Read from the source with `ast`; nested functions and methods count on their own
(and within the function that holds them).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ("services", "shared", "infra", "bench")
MAX_LINES = 40

# "path::qualified.name" → why it may be longer. An entry no longer needed fails a test below.
ALLOWED: dict[str, str] = {}


def _functions(
    node: ast.AST, prefix: str = ""
) -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """Every function below `node`, with its name qualified by the classes and functions around it."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = f"{prefix}{child.name}"
            if not isinstance(child, ast.ClassDef):
                yield name, child
            yield from _functions(child, f"{name}.")
        else:
            yield from _functions(child, prefix)


def _lengths() -> dict[str, tuple[int, int]]:
    """ "path::qualified.name" → (line of its `def`, its length in lines), for every checked function."""
    found = {}
    for folder in CHECKED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            for name, function in _functions(ast.parse(path.read_text(), filename=relative)):
                assert function.end_lineno is not None
                found[f"{relative}::{name}"] = (function.lineno, function.end_lineno - function.lineno + 1)
    return found


def test_no_function_is_over_40_lines_unless_allowed() -> None:
    long = [
        f"{key.replace('::', f':{line} ')} is {length} lines"
        for key, (line, length) in _lengths().items()
        if length > MAX_LINES and key not in ALLOWED
    ]
    assert not long, "split these (or list them in ALLOWED with a reason):\n" + "\n".join(long)


def test_every_allowed_function_is_still_there_and_still_long() -> None:
    lengths = _lengths()
    stale = [key for key in ALLOWED if key not in lengths or lengths[key][1] <= MAX_LINES]
    assert not stale, "no longer over the limit (or gone): remove from ALLOWED:\n" + "\n".join(stale)


def test_every_allowance_gives_a_one_line_reason() -> None:
    assert all(reason.strip() and "\n" not in reason for reason in ALLOWED.values())
