"""The permission matrix: loaded from data, sane, and rendered for the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from bostad_common.auth.permissions import (
    ALL_PERMISSIONS,
    ALL_ROLES,
    LANDLORD_PERMISSIONS,
    SYSTEM_PERMISSIONS,
    matrix_markdown,
    permissions_for,
    require_known_permission,
    role_has,
)
from bostad_common.auth.principal import SYSTEM, Principal

README = Path(__file__).resolve().parents[3] / "README.md"
START, END = "<!-- permission-matrix:start -->", "<!-- permission-matrix:end -->"


def staff(*roles: str) -> Principal:
    return Principal("u", "staff", frozenset(roles), frozenset({"bromma"}))


def test_all_domain_roles_are_present() -> None:
    assert set(ALL_ROLES) == {
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
    }


def test_only_the_auditor_reads_the_access_log_and_the_auditor_reads_nothing_else() -> None:
    assert permissions_for("auditor") == frozenset({"audit:access_log.read"})
    holders = {role for role in ALL_ROLES if role_has(role, "audit:access_log.read")}
    assert holders == {"auditor"}
    assert not SYSTEM.can("audit:access_log.read")


def test_decisions_belong_to_the_right_roles() -> None:
    assert not role_has("caseworker", "intake:decision.write")
    assert role_has("unit_manager", "intake:decision.write")
    assert {r for r in ALL_ROLES if role_has(r, "intake:investigation.approve")} == {"coordinator"}
    assert {r for r in ALL_ROLES if role_has(r, "allocation:priority.decide")} == {"unit_manager"}
    assert {r for r in ALL_ROLES if role_has(r, "tenancy:payment.write")} == {"fee_officer"}
    assert {r for r in ALL_ROLES if role_has(r, "eviction:statistics.read")} == {
        "unit_manager",
        "operations_manager",
    }


def test_housing_support_reads_cases_and_writes_outreach_only() -> None:
    assert role_has("housing_support", "eviction:case.read")
    assert role_has("housing_support", "eviction:outreach.write")
    assert not role_has("housing_support", "eviction:case.write")
    assert not role_has("housing_support", "eviction:case.close")


def test_landlord_pseudo_permissions_are_not_staff_permissions() -> None:
    assert LANDLORD_PERMISSIONS == {"landlord:notice.submit", "landlord:notice.read_own"}
    for role in ALL_ROLES:
        assert not permissions_for(role) & LANDLORD_PERMISSIONS
    landlord = Principal("hsb", "landlord", frozenset(), frozenset({"bromma"}), landlord_id="hsb")
    assert landlord.can("landlord:notice.submit")
    assert not landlord.can("eviction:case.read")
    # A landlord principal claiming a staff role still gets only landlord permissions.
    sneaky = Principal(
        "hsb", "landlord", frozenset({"caseworker"}), frozenset({"bromma"}), landlord_id="hsb"
    )
    assert sneaky.permissions == LANDLORD_PERMISSIONS


def test_principal_unions_its_roles_and_fails_closed() -> None:
    both = staff("caseworker", "coordinator")
    assert both.can("intake:investigation.approve") and both.can("eviction:case.write")
    assert not staff("no_such_role").can("eviction:case.read")
    assert not staff("caseworker").can("no:such.permission")
    assert permissions_for("system") == frozenset()  # system is a kind, not a role


def test_system_executes_but_does_not_decide() -> None:
    assert SYSTEM.can("eviction:case.write")
    assert SYSTEM_PERMISSIONS <= ALL_PERMISSIONS
    for human_decision in (
        "intake:decision.write",
        "intake:investigation.approve",
        "allocation:priority.decide",
        "eviction:landlord.admin",
    ):
        assert not SYSTEM.can(human_decision)


def test_unknown_permission_names_are_refused_where_guards_are_defined() -> None:
    assert require_known_permission("eviction:case.read") == "eviction:case.read"
    with pytest.raises(ValueError, match="unknown permission"):
        require_known_permission("eviction:cases.read")


def test_matrix_markdown_has_a_row_per_permission_and_a_column_per_role() -> None:
    table = matrix_markdown()
    lines = table.strip().splitlines()
    assert len(lines) == 2 + len(ALL_PERMISSIONS)
    for role in ALL_ROLES:
        assert f"`{role}`" in lines[0]
    auditor_column = [*ALL_ROLES, "landlord"].index("auditor") + 1
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        ticked = cells[auditor_column] == "✓"
        assert ticked == ("`audit:access_log.read`" in cells[0])


def test_readme_section_is_current() -> None:
    text = README.read_text("utf-8")
    section = text.split(START, 1)[1].split(END, 1)[0]
    assert section.strip() == matrix_markdown().strip(), (
        "README permission matrix is stale; regenerate with "
        "`uv run python -m bostad_common.auth.permissions`"
    )
