"""llama-index adapters: the project's embedder as a ``BaseEmbedding``, its retriever as a ``BaseRetriever``."""

from __future__ import annotations

from typing import Any

from llama_index.core import Settings as LlamaSettings
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.llms.mock import MockLLM
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
from pydantic import PrivateAttr

from index.embed import Embedder


class EmbedderAdapter(BaseEmbedding):
    """Any ``index.embed.Embedder`` (e5 roles included) as a llama-index embedding model."""

    _embedder: Any = PrivateAttr()

    def __init__(self, embedder: Embedder, **kwargs: Any) -> None:
        super().__init__(model_name=embedder.name, embed_batch_size=16, **kwargs)
        self._embedder = embedder

    def _get_query_embedding(self, query: str) -> list[float]:
        return [float(x) for x in self._embedder.query(query)]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return [[float(x) for x in row] for row in self._embedder.passages(texts)]


def configure(embedder: Embedder) -> None:
    """Set llama-index's global models explicitly (its defaults would import OpenAI)."""
    LlamaSettings.llm = MockLLM()
    LlamaSettings.embed_model = EmbedderAdapter(embedder)


class JaarplanRetriever(BaseRetriever):
    """The assistant's hybrid, language-aware retrieval as a llama-index retriever."""

    def __init__(self, assistant: Any, k: int = 5, section: str | None = None) -> None:
        super().__init__()
        self._assistant, self._k, self._section = assistant, k, section

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        from assistant.retrieve import Filters

        text = self._assistant.check_question(query_bundle.query_str)
        found = self._assistant.retriever.search(text, None, Filters(section=self._section), k=self._k)
        return [
            NodeWithScore(
                node=TextNode(
                    id_=h.chunk.id,
                    text=h.chunk.text,
                    metadata={
                        "section": h.chunk.section,
                        "section_title": h.chunk.section_title,
                        "heading": h.chunk.heading or "",
                        "document": h.chunk.document.title,
                    },
                ),
                score=h.fused,
            )
            for h in found.hits
        ]
