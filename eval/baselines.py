"""Baselines run beside the assistant on the same questions and embedder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

Ranker = Callable[[str, str], tuple[list[str], list[str]]]


def bm25_only(assistant) -> Ranker:  # type: ignore[no-untyped-def]
    """BM25 over the same paragraphs, Dutch stemmer, nothing else."""
    chunks = assistant.retriever.chunks
    order = assistant.retriever.lexical_order

    def rank(question: str, language: str) -> tuple[list[str], list[str]]:
        scores = assistant.retriever.lexical.scores(question, language)[order]
        top = [int(i) for i in np.argsort(-scores, kind="stable")[:10]]
        return [chunks[i].id for i in top], [chunks[i].text for i in top]

    return rank


def dense_only(assistant) -> Ranker:  # type: ignore[no-untyped-def]
    """Paragraph cosine only (same embedder and paragraphs, no sentences, no BM25)."""
    retriever = assistant.retriever

    def rank(question: str, language: str) -> tuple[list[str], list[str]]:
        scores = retriever.stored.vectors @ retriever.embedder.query(question)
        top = [int(i) for i in np.argsort(-scores, kind="stable")[:10]]
        return [retriever.chunks[i].id for i in top], [retriever.chunks[i].text for i in top]

    return rank


def llama_defaults(assistant, source: Path) -> Ranker:  # type: ignore[no-untyped-def]
    """llama-index defaults: ``SentenceSplitter()`` chunks of the raw file, ``VectorStoreIndex`` top 10."""
    from llama_index.core import Document, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter

    from assistant.llama import EmbedderAdapter, configure

    configure(assistant.retriever.embedder)
    nodes = SentenceSplitter().get_nodes_from_documents([Document(text=source.read_text(encoding="utf-8"))])
    index = VectorStoreIndex(nodes, embed_model=EmbedderAdapter(assistant.retriever.embedder))
    retriever = index.as_retriever(similarity_top_k=10)

    def rank(question: str, language: str) -> tuple[list[str], list[str]]:
        found = retriever.retrieve(question)
        return [n.node.node_id for n in found], [n.node.get_content() for n in found]

    return rank
