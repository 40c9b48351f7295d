"""The reference sentences: well-formed, independent of the plan and the question sets, cached per model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.reference import HERE, SETS, SHIPPED_PREFIX, References, read_set, shipped_path
from eval.gold import DEFAULT_DEV

LANGS = ["nl", "fr", "de", "en"]


@pytest.mark.unit
@pytest.mark.parametrize("name", sorted(SETS))
def test_sets_are_parallel_and_owe_nothing_to_the_plan_or_the_questions(name: str, plan_text: str) -> None:
    sentences = read_set(SETS[name])
    assert list(sentences) == LANGS
    assert len({len(v) for v in sentences.values()}) == 1 and len(sentences["nl"]) >= 16
    gold = "".join(p.read_text() for p in Path(DEFAULT_DEV).parent.glob("gold-*.jsonl"))
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
def test_a_question_leans_towards_its_own_language(embedder, tmp_path: Path) -> None:
    refs = References.for_embedder(embedder, "nl", tmp_path)
    for lang, question in {
        "nl": "Hoe werken de landen samen tegen drugshandel?",
        "fr": "Comment les pays coopèrent-ils contre le trafic de drogue ?",
        "de": "Wie arbeiten die Länder gegen den Drogenhandel zusammen?",
        "en": "How do the countries work together against drug trafficking?",
    }.items():
        leaning = refs.leaning(embedder.query(question))
        assert max(leaning, key=leaning.__getitem__) == lang, leaning


@pytest.fixture
def tiny_sets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three-row reference sets: the cache's behaviour does not need the real ones (seconds, not a minute)."""
    folder = tmp_path / "sets"
    folder.mkdir()
    for name, path in SETS.items():
        lines = path.read_text(encoding="utf-8").splitlines()[:4]
        (folder / path.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        monkeypatch.setitem(SETS, name, folder / path.name)
    return tmp_path / "cache"


@pytest.mark.integration
def test_cache_is_written_reused_and_a_damaged_one_is_replaced(embedder, tiny_sets: Path) -> None:
    first = References.for_embedder(embedder, "nl", tiny_sets, shipped=False)
    (cache,) = tiny_sets.glob("*.npz")
    again = References.for_embedder(embedder, "nl", tiny_sets, shipped=False)
    assert np.array_equal(first.offtopic, again.offtopic)
    whole = cache.read_bytes()
    for damage in (b"not an npz file", whole[: len(whole) // 2]):  # garbage, and a zip cut short
        cache.write_bytes(damage)
        repaired = References.for_embedder(embedder, "nl", tiny_sets, shipped=False)
        assert np.allclose(first.offtopic, repaired.offtopic, atol=1e-6)
        assert cache.read_bytes() == whole  # rewritten whole
    assert [p.name for p in tiny_sets.iterdir()] == [cache.name]  # no temporary file left


@pytest.mark.integration
def test_unwritable_cache_folder_still_gives_references(embedder, tiny_sets: Path) -> None:
    blocker = tiny_sets.parent / "a-file"
    blocker.write_text("the cache folder cannot be created under a file, even by root")
    refs = References.for_embedder(embedder, "nl", blocker / "references", shipped=False)
    assert refs.offtopic.shape[0] == 4 * len(read_set(SETS["offtopic"])["nl"]) == 12
    assert blocker.read_text().startswith("the cache folder")


@pytest.mark.integration
def test_the_shipped_references_are_the_bundled_models_view_of_the_current_sets(embedder, tmp_path: Path) -> None:
    """``make references`` was run after the sets last changed: the file for their digest exists,
    holds what the bundled model gives now, and is used as it is (nothing embedded or written)."""
    (path,) = HERE.glob(f"{SHIPPED_PREFIX}*.npz")
    assert path == shipped_path(embedder)
    with np.load(path) as saved:
        assert sorted(saved.files) == sorted(f"{name}-{lang}" for name in SETS for lang in LANGS)
        assert all(saved[f"parallel-{lang}"].shape == (1, embedder.dim) for lang in LANGS)
        fresh = np.array([embedder.query(t) for t in read_set(SETS["offtopic"])["de"]])
        # Vectors move a little between CPUs (AVX-512 or not): what matters is their direction.
        cosines = np.sum(saved["offtopic-de"] * fresh, axis=1)
        assert cosines.min() >= 0.999, cosines.min()
    refs = References.for_embedder(embedder, "nl", tmp_path)
    assert list(tmp_path.iterdir()) == [] and sorted(refs.offsets) == ["de", "en", "fr"]


@pytest.mark.unit
def test_alignment_towards_one_documents_language() -> None:
    basis = np.eye(4, dtype=np.float32)
    vectors = {f"parallel-{lang}": basis[i : i + 1] for i, lang in enumerate(LANGS)}
    refs = References(vectors, "nl")
    french = basis[1]
    assert np.array_equal(refs.align(french, "fr", towards="fr"), french)  # a French question to a French plan
    towards_dutch = refs.align(french, "fr")
    assert towards_dutch @ basis[0] > 0 and towards_dutch @ basis[1] < 1
    english_to_french = refs.align(basis[3], "en", towards="fr")
    assert english_to_french @ basis[1] > 0 and english_to_french @ basis[0] == pytest.approx(0.0, abs=1e-6)
    assert np.array_equal(refs.align(basis[0], "nl"), basis[0])
