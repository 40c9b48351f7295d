"""A short, bounded load test over loopback (the 60 s, 32-client run is `jaarplan load`, run by CI)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.load


@pytest.mark.parametrize("api", [False, True], ids=["gradio-queue", "json-api"])
def test_concurrent_clients_get_single_user_answers(
    index_dir: Path, capsys: pytest.CaptureFixture[str], api: bool
) -> None:
    from assistant.settings import Settings
    from eval.load import main

    assert main(Settings.from_env(data_dir=index_dir), clients=8, seconds=5, api=api) == 0
    out = capsys.readouterr().out
    assert ", 0 errors, 0 answers differing from single-user" in out
    assert "efficiency: " in out
