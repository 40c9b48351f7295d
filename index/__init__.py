"""Embeddings, the Chroma collections, the lexical (BM25) index and the manifest."""
