"""The permission matrix: which role may do what, loaded from `permissions.toml`.

The matrix is data in one place (`permissions.toml`, shipped inside the package).
It is validated when loaded: every permission a role lists must be declared, and
every role of DOMAIN.md must be present, so a typo fails at import, not in
production.

`python -m bostad_common.auth.permissions` prints the matrix as a Markdown table
(the README section is generated from it and a test checks that it is current).
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Final

__all__ = [
    "ALL_PERMISSIONS",
    "ALL_ROLES",
    "LANDLORD_PERMISSIONS",
    "PERMISSION_DESCRIPTIONS",
    "ROLE_TITLES",
    "SYSTEM_PERMISSIONS",
    "matrix_markdown",
    "permissions_for",
    "require_known_permission",
    "role_has",
]

# The roles of DOMAIN.md, in the order the table shows them.
_EXPECTED_ROLES: Final = (
    "caseworker",
    "housing_officer",
    "coordinator",
    "unit_manager",
    "operations_manager",
    "fee_officer",
    "planner",
    "legal_counsel",
    "housing_support",
    "auditor",
    "admin",
)

_PERMISSION_NAME: Final = re.compile(r"^[a-z_]+:[a-z_]+\.[a-z_]+$")


@dataclass(frozen=True)
class _Matrix:
    descriptions: Mapping[str, str]
    role_titles: Mapping[str, str]
    roles: Mapping[str, frozenset[str]]
    landlord: frozenset[str]
    system: frozenset[str]


def _load() -> _Matrix:
    raw = tomllib.loads(
        resources.files("bostad_common.auth").joinpath("permissions.toml").read_text("utf-8")
    )
    descriptions: dict[str, str] = dict(raw["permissions"])
    for name in descriptions:
        if not _PERMISSION_NAME.match(name):
            raise ValueError(f"permissions.toml: badly formed permission name {name!r}")

    def checked(where: str, names: list[str]) -> frozenset[str]:
        unknown = sorted(set(names) - descriptions.keys())
        if unknown:
            raise ValueError(f"permissions.toml: {where} lists undeclared {unknown}")
        if len(set(names)) != len(names):
            raise ValueError(f"permissions.toml: {where} lists a permission twice")
        return frozenset(names)

    roles_raw: dict[str, dict] = raw["roles"]
    if set(roles_raw) != set(_EXPECTED_ROLES):
        raise ValueError(
            "permissions.toml: roles must be exactly "
            f"{sorted(_EXPECTED_ROLES)}, found {sorted(roles_raw)}"
        )
    roles = {
        role: checked(f"role {role}", roles_raw[role]["permissions"]) for role in _EXPECTED_ROLES
    }
    landlord_only = {name for name in descriptions if name.startswith("landlord:")}
    for role, granted in roles.items():
        if granted & landlord_only:
            raise ValueError(f"permissions.toml: staff role {role} has a landlord permission")
    principals = raw["principals"]
    landlord = checked("principals.landlord", principals["landlord"]["permissions"])
    if not landlord <= landlord_only:
        raise ValueError("permissions.toml: landlords may only have landlord:* permissions")
    system = checked("principals.system", principals["system"]["permissions"])
    if "audit:access_log.read" in system or system & landlord_only:
        raise ValueError("permissions.toml: system may not read the access log or act as landlord")
    return _Matrix(
        descriptions=MappingProxyType(descriptions),
        role_titles=MappingProxyType(
            {role: str(roles_raw[role].get("title", "")) for role in _EXPECTED_ROLES}
        ),
        roles=MappingProxyType(roles),
        landlord=landlord,
        system=system,
    )


_MATRIX: Final = _load()

ALL_ROLES: Final[tuple[str, ...]] = _EXPECTED_ROLES
"""The staff roles a token may carry, in display order."""

ALL_PERMISSIONS: Final[frozenset[str]] = frozenset(_MATRIX.descriptions)
PERMISSION_DESCRIPTIONS: Final[Mapping[str, str]] = _MATRIX.descriptions
ROLE_TITLES: Final[Mapping[str, str]] = _MATRIX.role_titles
LANDLORD_PERMISSIONS: Final[frozenset[str]] = _MATRIX.landlord
SYSTEM_PERMISSIONS: Final[frozenset[str]] = _MATRIX.system


def permissions_for(role: str) -> frozenset[str]:
    """The permissions of a staff role; an unknown role has none (fail closed)."""
    return _MATRIX.roles.get(role, frozenset())


def role_has(role: str, permission: str) -> bool:
    return permission in permissions_for(role)


def require_known_permission(permission: str) -> str:
    """Return `permission` if it is declared in the matrix, else raise ValueError.

    Guards call this when they are defined, so a misspelt permission fails at import.
    """
    if permission not in ALL_PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}; declare it in permissions.toml")
    return permission


def matrix_markdown() -> str:
    """The matrix as a Markdown table: one row per permission, one column per role."""
    columns = [*ALL_ROLES, "landlord"]
    header = "| permission | " + " | ".join(f"`{c}`" for c in columns) + " |"
    rule = "|---|" + "|".join(":-:" for _ in columns) + "|"
    lines = [header, rule]
    for permission in PERMISSION_DESCRIPTIONS:  # file order: grouped by service
        cells = ["✓" if role_has(role, permission) else "" for role in ALL_ROLES]
        cells.append("✓" if permission in LANDLORD_PERMISSIONS else "")
        description = PERMISSION_DESCRIPTIONS[permission]
        lines.append(f"| `{permission}` — {description} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover - tiny CLI
    sys.stdout.write(matrix_markdown())
