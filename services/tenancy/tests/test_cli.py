"""`python -m tenancy.cli payments import FILE` (what `./bostad payments import` runs)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bostad_devkit.tenancy_kit import BROMMA_BANKGIRO
from tenancy.payments.bgmax_writer import Deposit, PaymentLine, write_bgmax

pytestmark = pytest.mark.integration


def _cli(path: Path, database_url: str, var_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BOSTAD_DATABASE_URL": database_url, "BOSTAD_VAR_DIR": str(var_dir)}
    return subprocess.run(
        [sys.executable, "-m", "tenancy.cli", "payments", "import", str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def test_cli_prints_the_same_json_and_refuses_a_broken_file(postgres_url, tmp_path):
    good = tmp_path / "bgmax.txt"
    good.write_bytes(
        write_bgmax([Deposit(BROMMA_BANKGIRO, date(2027, 1, 2), [PaymentLine("4711", 12_300)])])
    )
    first = _cli(good, postgres_url, tmp_path)
    assert first.returncode == 0, first.stderr
    body = json.loads(first.stdout)
    assert body["payments"] == 1 and body["unmatched"] == 1 and body["amount_ore"] == 12_300
    second = _cli(good, postgres_url, tmp_path)
    assert second.returncode == 0 and json.loads(second.stdout) == body

    broken = tmp_path / "broken.txt"
    broken.write_bytes(good.read_bytes()[:200])
    refused = _cli(broken, postgres_url, tmp_path)
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.startswith("line 3:")
