"""Docs that cannot drift: the README's settings and CLI reference follow the code."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from assistant.settings import Settings

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
COG = [sys.executable, "-m", "cogapp"]


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for f in fields(Settings):
        assert f"`{f.metadata['env']}`" in readme, f"{f.metadata['env']} is missing from the README"
        assert f"`--{f.name.replace('_', '-')}`" in readme


def test_readme_cli_reference_is_current() -> None:
    out = subprocess.run([*COG, "--check", "README.md"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.parametrize(
    "edit",
    [
        lambda text: text.replace("answer a question with cited paragraphs", "answer a question", 1),
        lambda text: text.replace("| `--citations` |", "| `--citation-count` |", 1),
    ],
)
def test_a_stale_readme_fails_the_check(tmp_path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / "README.md"
    shutil.copy(ROOT / "README.md", copy)
    copy.write_text(edit(copy.read_text(encoding="utf-8")), encoding="utf-8")
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    out = subprocess.run([*COG, "--check", str(copy)], cwd=ROOT, capture_output=True, text=True, env=env)
    assert out.returncode != 0


def test_settings_from_env_and_errors() -> None:
    from ingest.errors import UsageError

    s = Settings.from_env({"JAARPLAN_CITATIONS": "4", "JAARPLAN_DATA_DIR": "/tmp/x"})
    assert (s.citations, s.data_dir) == (4, Path("/tmp/x"))
    with pytest.raises(UsageError, match="JAARPLAN_CITATIONS='lots'"):
        Settings.from_env({"JAARPLAN_CITATIONS": "lots"})
    with pytest.raises(UsageError, match="http://"):
        Settings.from_env({"JAARPLAN_CHROMA_URL": "localhost:8000"})
    assert Settings.from_env({"JAARPLAN_REFRESH_SECONDS": "2.5"}).refresh_seconds == 2.5
    with pytest.raises(UsageError, match="refresh_seconds=0.1: must be between 1 and 3600"):
        Settings.from_env({"JAARPLAN_REFRESH_SECONDS": "0.1"})
