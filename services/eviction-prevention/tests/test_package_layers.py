"""The aggregates import each other one way only, so each folder reads on its own.

`cases` is what the others hang on: notices, outreach and outcomes import it,
it imports none of them; the case file and statistics read across all of them
and nothing imports those two. A new import against this direction fails here
(see docs/ADDING_A_SERVICE.md).
"""

from __future__ import annotations

import ast
from pathlib import Path

import eviction_prevention

PACKAGE = Path(eviction_prevention.__file__).parent

# folder -> folders it must never import
FORBIDDEN: dict[str, set[str]] = {
    "cases": {"notices", "outreach", "outcomes", "case_file", "statistics"},
    "notices": {"outreach", "outcomes", "case_file", "statistics"},
    "outreach": {"notices", "outcomes", "case_file", "statistics"},
    "outcomes": {"notices", "outreach", "case_file", "statistics"},
    "checklists": {"notices", "outreach", "outcomes", "case_file", "statistics"},
}


def imported_folders(folder: str) -> set[str]:
    found: set[str] = set()
    for path in (PACKAGE / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            for name in names:
                parts = name.split(".")
                if parts[0] == "eviction_prevention" and len(parts) > 1:
                    found.add(parts[1])
    return found


def test_the_probe_sees_imports() -> None:
    assert "cases" in imported_folders("notices")


def test_aggregates_import_each_other_one_way_only() -> None:
    wrong = {
        folder: sorted(imported_folders(folder) & forbidden)
        for folder, forbidden in FORBIDDEN.items()
        if imported_folders(folder) & forbidden
    }
    assert wrong == {}
