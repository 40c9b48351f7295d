"""Which sentences an extractive answer quotes, and in what order (synthetic scores, the shipped sentence
ranker, no encoder)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from assistant import sentence_rank
from assistant.answer import _antecedent, _quotes, _run, pick_sentences
from assistant.retrieve import Hit, Retrieval
from assistant.sentence_rank import FEATURES, chosen, model, products, signals, trained_on
from index.store import Sentence

pytestmark = pytest.mark.unit
DUTCH = SimpleNamespace(document=SimpleNamespace(language="nl", key="een-nota.nl"))


def _sentences(*texts_per_paragraph: tuple[str, ...]) -> tuple[list[Sentence], list[list[int]]]:
    sentences, owned = [], []
    for p, texts in enumerate(texts_per_paragraph):
        owned.append(list(range(len(sentences), len(sentences) + len(texts))))
        sentences += [Sentence(f"p{p}#{k}", f"p{p}", k, text) for k, text in enumerate(texts, 1)]
    return sentences, owned


def test_the_likeliest_sentence_leads_and_the_nearly_as_likely_follow_in_reading_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A ranker weighing the cosine alone (0.01 is one log-odds): this is about the order, not the weights.
    cosine_only = np.zeros(len(FEATURES))
    cosine_only[FEATURES.index("cosine")] = 100.0
    flat = (np.zeros(len(FEATURES)), np.ones(len(FEATURES)))
    monkeypatch.setattr(sentence_rank, "model", lambda: (*flat, cosine_only, 2.5))
    sentences, owned = _sentences(("P0 one.", "P0 two.", "P0 three."), ("P1 one.", "P1 two.", "P1 three."))
    scores = np.array([0.89, 0.50, 0.885, 0.84, 0.90, 0.60], dtype=np.float32)
    hits = [Hit(1, DUTCH, 0.86, 0.85, 0.0), Hit(0, DUTCH, 0.859, 0.85, 0.0)]  # type: ignore[arg-type]
    picked = pick_sentences(hits, Retrieval(hits, "nl", np.zeros(3, dtype=np.float32), scores), owned, sentences)
    # P1 two, the closest sentence, of the paragraph ranked first, leads; P0 one and three, nearly as close,
    # follow in reading order; the sentences far from the question are not quoted
    assert [(n, sentences[s].text) for n, s in picked] == [(1, "P1 two."), (2, "P0 one."), (2, "P0 three.")]


def test_signals_are_differences_from_the_best_candidate() -> None:
    sentences, owned = _sentences(("De tol gaat in 2026 in.", "Hij geldt voor vrachtwagens."), ("Iets anders.",))
    scores = np.array([0.88, 0.80, 0.85], dtype=np.float32)
    hits = [Hit(0, DUTCH, 0.90, 0.86, 0.0), Hit(1, DUTCH, 0.80, 0.84, 0.0)]  # type: ignore[arg-type]
    retrieval = Retrieval(hits, "nl", np.zeros(3, dtype=np.float32), scores)
    pool, matrix = signals("Wanneer gaat de tol in?", hits, retrieval, owned, sentences)
    column = {name: matrix[:, FEATURES.index(name)].tolist() for name in FEATURES}
    assert pool == [(1, 0), (1, 1), (2, 2)]
    assert column["cosine"] == pytest.approx([0.0, -0.08, -0.03], abs=1e-6)
    assert column["paragraph_fused"] == pytest.approx([0.0, 0.0, -0.10])
    assert column["ranked_first"] == [1.0, 1.0, 0.0] and column["opens_paragraph"] == [1.0, 0.0, 1.0]
    assert column["states_asked"] == [1.0, 0.0, 0.0]  # a question asking when; only the first names a year
    # "Wanneer", "gaat", "tol": the first holds two of the three
    assert column["words_held"] == pytest.approx([2 / 3, 0.0, 0.0])
    assert column["words_held_less"] == pytest.approx([0.0, -2 / 3, -2 / 3])


def test_a_sentence_that_states_what_is_asked_wins_a_tie() -> None:
    sentences, owned = _sentences(
        ("De tolheffing kost 12 euro per dag.", "De tolheffing geldt voor vrachtwagens."),
    )
    scores = np.array([0.85, 0.85], dtype=np.float32)
    hits = [Hit(0, DUTCH, 0.86, 0.85, 0.0)]  # type: ignore[arg-type]
    retrieval = Retrieval(hits, "nl", np.zeros(3, dtype=np.float32), scores)
    for question, first in (("Hoeveel kost de tolheffing?", 0), ("Voor wie geldt de tolheffing?", 1)):
        picked = pick_sentences(hits, retrieval, owned, sentences, question)
        assert picked[0] == (1, first), question


def test_the_shipped_model_weighs_every_feature_and_the_bundled_encoders_products() -> None:
    mean, scale, weights, margin = model()
    assert len(mean) == len(scale) == len(weights) == len(FEATURES) + 384  # e5-small's dimensions
    assert np.isfinite(weights).all() and (scale > 0).all() and margin > 0
    assert trained_on() == ("bundled-e5-small", "nl")


def test_the_vector_products_are_differences_from_the_closest_candidate() -> None:
    vectors = np.array([[1.0, 0.0], [0.6, 0.8], [0.0, 1.0]], dtype=np.float32)
    hits = [Hit(0, DUTCH, 0.86, 0.85, 0.0)]  # type: ignore[arg-type]
    query = np.array([0.8, 0.6], dtype=np.float32)
    retrieval = Retrieval(hits, "nl", query, vectors @ query, sentence_vectors=vectors, encoder="x")
    # cosines 0.8, 0.96, 0.6: the second sentence is the closest; its row is zero, the others' sum to
    # their cosine's difference from it
    found = products([(1, 0), (1, 1), (1, 2)], retrieval)
    assert found.ravel().tolist() == pytest.approx([0.32, -0.48, 0.0, 0.0, -0.48, 0.12], abs=1e-6)
    assert products([(1, 0)], Retrieval(hits, "nl", query, vectors @ query)).shape == (1, 0)


def test_with_another_encoder_or_document_language_the_ranker_weighs_its_features_alone() -> None:
    """The products' weights were learned on the bundled encoder's vectors of Dutch sentences: with them,
    products made to favour the second sentence put it first; with another encoder's, or a French
    document's, the ranker ranks as if the retrieval carried no vectors."""
    sentences, owned = _sentences(("De tolheffing kost 12 euro per dag.", "De tolheffing geldt voor vrachtwagens."))
    weights = model()[2][len(FEATURES) :]
    query = np.full(384, 0.05, dtype=np.float32)
    vectors = np.zeros((2, 384), dtype=np.float32)
    vectors[1] = np.sign(weights) * 2.0  # each product pushes the way its weight rewards
    hits = [Hit(0, DUTCH, 0.86, 0.85, 0.0)]  # type: ignore[arg-type]
    scores = np.array([0.85, 0.85], dtype=np.float32)
    question = "Hoeveel kost de tolheffing?"  # the features alone put the amount first
    bare = Retrieval(hits, "nl", query, scores)
    assert chosen(question, hits, bare, owned, sentences)[0] == (1, 0)
    bundled = Retrieval(hits, "nl", query, scores, sentence_vectors=vectors, encoder="bundled-e5-small")
    assert chosen(question, hits, bundled, owned, sentences)[0] == (1, 1)
    other = Retrieval(hits, "nl", query, scores, sentence_vectors=vectors, encoder="another-encoder")
    assert chosen(question, hits, other, owned, sentences) == chosen(question, hits, bare, owned, sentences)
    # nor with the bundled encoder's vectors of a French document's sentences: learned on Dutch ones
    french = [Hit(0, SimpleNamespace(document=SimpleNamespace(language="fr", key="une-note.fr")), 0.86, 0.85, 0.0)]  # type: ignore[arg-type]
    assert chosen(question, french, bundled, owned, sentences) == chosen(question, french, bare, owned, sentences)


def test_a_first_quote_that_points_back_comes_with_the_sentence_it_points_to() -> None:
    sentences, owned = _sentences(
        ("Het plan noemt de KI-fabrieken.", "Dit zijn ecosystemen voor innovatie.", "Iets anders."),
        ("Deze tekst staat in een andere alinea.",),
    )
    scores = np.array([0.70, 0.90, 0.60, 0.89], dtype=np.float32)
    hits = [Hit(0, DUTCH, 0.86, 0.85, 0.0), Hit(1, DUTCH, 0.80, 0.80, 0.0)]  # type: ignore[arg-type]
    picked = pick_sentences(hits, Retrieval(hits, "nl", np.zeros(3, dtype=np.float32), scores), owned, sentences)
    assert [sentences[s].text for _, s in picked][:2] == [
        "Het plan noemt de KI-fabrieken.",
        "Dit zijn ecosystemen voor innovatie.",
    ]
    # a paragraph's first sentence has nothing before it to carry, whatever it opens with
    assert _antecedent((2, 3), hits, owned, sentences) is None


def test_a_sentence_pointing_back_is_one_quote_with_the_sentence_before_it() -> None:
    sentences, owned = _sentences(
        ("Het plan noemt de KI-fabrieken.", "Dit zijn ecosystemen.", "Het kost geld."),
    )
    hits = [Hit(0, DUTCH, 0.86, 0.85, 0.0)]  # type: ignore[arg-type]
    assert _quotes([(1, 0), (1, 1), (1, 2)], hits, owned, sentences) == [
        (1, "Het plan noemt de KI-fabrieken. Dit zijn ecosystemen."),
        (1, "Het kost geld."),
    ]
    # not adjacent in the paragraph: two quotes
    assert _quotes([(1, 0), (1, 2)], hits, owned, sentences) == [
        (1, "Het plan noemt de KI-fabrieken."),
        (1, "Het kost geld."),
    ]


def test_a_further_quote_that_points_back_follows_the_sentence_it_points_to() -> None:
    sentences, owned = _sentences(
        ("De Benelux werkt aan mobiliteit.", "Het plan noemt de tol.", "Dit kost geld.", "Iets anders."),
    )
    scores = np.array([0.885, 0.90, 0.885, 0.50], dtype=np.float32)
    hits = [Hit(0, DUTCH, 0.86, 0.85, 0.0)]  # type: ignore[arg-type]
    picked = pick_sentences(hits, Retrieval(hits, "nl", np.zeros(3, dtype=np.float32), scores), owned, sentences)
    # reading order would put the paragraph's first sentence between "Het plan noemt de tol." and "Dit ..."
    assert [sentences[s].text for _, s in picked] == [
        "Het plan noemt de tol.",
        "Dit kost geld.",
        "De Benelux werkt aan mobiliteit.",
    ]


def test_a_chain_of_sentences_pointing_back_is_quoted_from_where_it_starts() -> None:
    sentences, owned = _sentences(
        ("Er is mensenhandel.", "Jongeren zijn kwetsbaar.", "Zij zijn het doelwit.", "Dit probleem speelt hier."),
    )
    hits = [Hit(0, DUTCH, 0.86, 0.85, 0.0)]  # type: ignore[arg-type]
    assert _run((1, 3), hits, owned, sentences) == [(1, 1), (1, 2), (1, 3)]
    assert _quotes([(1, 1), (1, 2), (1, 3)], hits, owned, sentences) == [
        (1, "Jongeren zijn kwetsbaar. Zij zijn het doelwit. Dit probleem speelt hier.")
    ]
