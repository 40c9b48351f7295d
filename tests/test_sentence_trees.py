"""The sentence ranker's trees (``assistant/sentence_trees.py``): the exported arrays score as scikit-learn's
model does, missing values included, and they rank only the sentences of the document they learned on."""

from __future__ import annotations

import numpy as np
import pytest

from assistant import sentence_trees
from eval.sentence_trees import export
from index.store import Sentence


@pytest.mark.unit
def test_the_exported_trees_score_as_scikit_learn_does() -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(0)
    x = rng.normal(size=(600, 4))
    x[rng.random(x.shape) < 0.1] = np.nan  # as a first or last sentence has no neighbour
    y = (np.nan_to_num(x[:, 0]) + np.nan_to_num(x[:, 1]) * np.nan_to_num(x[:, 2]) > 0).astype(int)
    model = HistGradientBoostingClassifier(max_iter=30, max_leaf_nodes=7, random_state=0).fit(x, y)
    assert np.allclose(sentence_trees.scores(x, export(model)), model.decision_function(x), atol=1e-9)


@pytest.mark.integration
def test_the_trees_rank_the_bundled_plan_whatever_else_is_indexed(assistant) -> None:  # type: ignore[no-untyped-def]
    retriever = assistant.retriever
    retrieval = retriever.search("Wanneer voert Nederland de vrachtwagenheffing in?", None, k=10)
    sentences = retriever.stored.sentences
    (plan,) = {chunk.document.key for chunk in retriever.chunks}
    assert sentence_trees.applies(retrieval, sentences, {plan}) is not None
    # another document's sentences beside the plan's change nothing for the plan's candidates
    other = [Sentence(f"x{k}", f"eigen-nota.nl:1:x:{k}", 0, "Een andere zin.") for k in range(3)]
    assert sentence_trees.applies(retrieval, sentences + other, {plan}) is not None
    # candidates from another document, or from two, or a plan split otherwise: the logistic ranker
    assert sentence_trees.applies(retrieval, sentences + other, {"eigen-nota.nl"}) is None
    assert sentence_trees.applies(retrieval, sentences + other, {plan, "eigen-nota.nl"}) is None
    assert sentence_trees.applies(retrieval, sentences[:-1], {plan}) is None
