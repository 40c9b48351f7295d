"""The reference sentences: well-formed, independent of the plan and the question sets, cached per model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.reference import SETS, References, read_set
from eval.gold import DEFAULT_DEV, DEFAULT_TEST

LANGS = ["nl", "fr", "de", "en"]


@pytest.mark.unit
@pytest.mark.parametrize("name", sorted(SETS))
def test_sets_are_parallel_and_owe_nothing_to_the_plan_or_the_questions(name: str, plan_text: str) -> None:
    sentences = read_set(SETS[name])
    assert list(sentences) == LANGS
    assert len({len(v) for v in sentences.values()}) == 1 and len(sentences["nl"]) >= 16
    gold = Path(DEFAULT_DEV).read_text() + Path(DEFAULT_TEST).read_text()
    questions = {json.loads(line)["question"].lower() for line in gold.splitlines() if line.strip()}
    for lang, texts in sentences.items():
        for text in texts:
            assert text.strip() == text and len(text) > 10, (lang, text)
            assert text.lower() not in questions and text not in plan_text, (lang, text)


@pytest.mark.integration
def test_alignment_leaves_dutch_alone_and_moves_other_languages_closer(embedder, tmp_path: Path) -> None:
    refs = References.for_embedder(embedder, "nl", tmp_path)
    dutch = embedder.query("Hoe werken de landen samen tegen drugshandel?")
    assert np.array_equal(refs.align(dutch, "nl"), dutch)
    french = embedder.query("Comment les pays coopèrent-ils contre le trafic de drogue ?")
    moved = refs.align(french, "fr")
    assert abs(float(np.linalg.norm(moved)) - 1.0) < 1e-5
    assert float(moved @ dutch) > float(french @ dutch)


@pytest.mark.integration
def test_cache_is_written_reused_and_a_damaged_one_is_replaced(embedder, tmp_path: Path) -> None:
    first = References.for_embedder(embedder, "nl", tmp_path)
    (cache,) = tmp_path.glob("*.npz")
    again = References.for_embedder(embedder, "nl", tmp_path)
    assert np.array_equal(first.offtopic, again.offtopic)
    whole = cache.read_bytes()
    for damage in (b"not an npz file", whole[: len(whole) // 2]):  # garbage, and a zip cut short
        cache.write_bytes(damage)
        repaired = References.for_embedder(embedder, "nl", tmp_path)
        assert np.allclose(first.offtopic, repaired.offtopic, atol=1e-6)
        assert cache.read_bytes() == whole  # rewritten whole
    assert [p.name for p in tmp_path.iterdir()] == [cache.name]  # no temporary file left


@pytest.mark.integration
def test_unwritable_cache_folder_still_gives_references(embedder, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("the cache folder cannot be created under a file, even by root")
    refs = References.for_embedder(embedder, "nl", blocker / "references")
    assert refs.offtopic.shape[0] == 4 * len(read_set(SETS["offtopic"])["nl"])
    assert blocker.read_text().startswith("the cache folder")
