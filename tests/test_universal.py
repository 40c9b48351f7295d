"""The second encoder (Universal Sentence Encoder): its vectors, where they are kept, and what it
may change in a ranking."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant import fusion
from index.store import Sentence
from index.universal import FILE, UniversalEncoder, UniversalVectors
from ingest.model import Chunk, Document

TOLL = "In 2026 zal Nederland een tolheffing voor het goederenvervoer over de weg invoeren."
OTHER = "Het Secretariaat-generaal organiseert een studiedag over mensenhandel."


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    [
        "Ab wann müssen Spediteure in den Niederlanden Lkw-Maut zahlen?",
        "Quand le péage pour les poids lourds aux Pays-Bas entre-t-il en vigueur ?",
        "When will the Netherlands start charging a toll on lorries?",
    ],
)
def test_the_encoder_matches_a_question_to_the_dutch_sentence_it_asks_about(question: str) -> None:
    vectors = UniversalEncoder().encode([question, TOLL, OTHER])
    assert vectors.shape == (3, UniversalEncoder.dim)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[1] @ vectors[0] > vectors[2] @ vectors[0] + 0.1


def _planted(n_chunks: int = 3) -> tuple[list[Chunk], list[Sentence], UniversalVectors]:
    plan = Document("Plan", 2026, "nl", "0" * 64)
    chunks = [Chunk(f"c{k}", plan, "1.1", "Titel", None, k, f"zin {k}", 0, 5) for k in range(n_chunks)]
    sentences = [Sentence(f"c{k}#1", f"c{k}", 1, f"zin {k}") for k in range(n_chunks)]
    rows = np.eye(n_chunks, 4, dtype=np.float32)
    return (
        chunks,
        sentences,
        UniversalVectors(tuple(c.id for c in chunks), rows, tuple(s.id for s in sentences), rows * 2),
    )


@pytest.mark.integration
def test_saved_vectors_come_back_in_the_order_the_store_reads_chunks_and_sentences(tmp_path: Path) -> None:
    chunks, sentences, vectors = _planted()
    vectors.save(tmp_path)
    loaded = UniversalVectors.load(tmp_path)
    arranged = loaded.arranged(chunks[::-1], sentences[::-1])
    assert arranged is not None
    assert arranged.ids == ("c2", "c1", "c0")
    assert np.array_equal(arranged.paragraphs, vectors.paragraphs[::-1])
    assert np.array_equal(arranged.sentences, vectors.sentences[::-1])
    assert loaded.arranged(chunks[:2], sentences[:2]) is None  # another set of chunks: derive them again
    assert [p.name for p in tmp_path.iterdir()] == [FILE]  # no temporary file left behind


@pytest.mark.integration
def test_texts_encoded_before_are_reused_by_their_text_and_the_rest_encoded(tmp_path: Path) -> None:
    chunks, sentences, _ = _planted()
    contexts = [TOLL, OTHER, "Een derde alinea."]
    encoder = UniversalEncoder()
    first = UniversalVectors.of(encoder, chunks, sentences, contexts)
    first.save(tmp_path)
    saved = UniversalVectors.load(tmp_path).by_key()
    assert len(saved) == len(set(contexts + [s.text for s in sentences]))

    class Counting(UniversalEncoder):
        def __init__(self) -> None:
            super().__init__()
            self.encoded: list[str] = []

        def encode(self, texts: list[str]) -> np.ndarray:
            self.encoded.extend(texts)
            return super().encode(texts)

    changed = [TOLL, OTHER, "Een gewijzigde derde alinea."]
    counting = Counting()
    second = UniversalVectors.of(counting, chunks, sentences, changed, reuse=saved)
    assert counting.encoded == ["Een gewijzigde derde alinea."]
    assert np.array_equal(second.paragraphs[:2], first.paragraphs[:2])
    assert np.allclose(second.paragraphs[2], encoder.encode(["Een gewijzigde derde alinea."])[0], atol=1e-6)
    assert np.array_equal(second.sentences, first.sentences)


@pytest.mark.integration
def test_a_damaged_file_is_an_error_the_caller_can_catch(tmp_path: Path) -> None:
    (tmp_path / FILE).write_bytes(b"not a numpy archive")
    with pytest.raises((OSError, ValueError)):
        UniversalVectors.load(tmp_path)


@pytest.mark.integration
def test_the_second_opinion_changes_only_the_best_candidates_and_by_little(assistant) -> None:  # type: ignore[no-untyped-def]
    retriever = assistant.retriever
    fused = np.linspace(1.0, 0.5, len(retriever.chunks))
    question = "Wanneer voert Nederland de tolheffing voor vrachtwagens in?"
    out, _, sentences, _ = retriever._second_opinion(question, fused)
    changed = np.flatnonzero(out != fused)
    assert changed.tolist() == list(range(fusion.SECOND_DEPTH))
    assert (np.abs(out[changed] - fused[changed]) <= fusion.SECOND_WEIGHT).all()  # cosines lie in [-1, 1]
    # the sentence ranker reads the cosine of every sentence of those candidates
    assert sorted(sentences) == sorted(s for i in changed for s in retriever.sentences_of[i])


@pytest.mark.integration
def test_an_index_without_the_vectors_file_derives_it_again_and_answers_the_same(  # type: ignore[no-untyped-def]
    index_dir: Path, embedder, assistant, tmp_path: Path
) -> None:
    from assistant.api import Assistant
    from assistant.settings import Settings

    copy = tmp_path / "data"
    shutil.copytree(index_dir, copy)
    saved = next(copy.glob(f"lexical/*/{FILE}"))
    saved.unlink()
    reopened = Assistant.open(Settings.from_env(data_dir=copy), embedder=embedder)
    assert saved.exists()
    question = "Quand le péage pour les poids lourds aux Pays-Bas entre-t-il en vigueur ?"
    ids = [c.chunk_id for c in reopened.ask(question).citations]
    assert ids == [c.chunk_id for c in assistant.ask(question).citations]
