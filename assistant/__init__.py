"""Retrieval (hybrid, language-aware), cited extractive answers, the CLI and the Python API."""
