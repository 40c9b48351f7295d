"""Cited paragraphs translated by the user's LLM into the asker's language, for reading beside the original.

A translation is shown as a machine translation under the original paragraph, never instead of it. It
is kept only when it has words, is in the language asked (``assistant.lang.detect``: a model that
echoes the paragraph gives none) and states no number the paragraph does not (``verify``'s check, across
languages); kept translations are cached in memory by (chunk id, language, model), the most recently
used ``CACHE_SIZE``.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from typing import Any

from assistant.generate import GenerationError, LLMConfig, complete, config_from
from assistant.lang import detect
from assistant.prompts import NOT_IN_PLAN, TRANSLATE
from assistant.verify import fabricated_numbers

log = logging.getLogger(__name__)
CACHE_SIZE = 1024


class Translator:
    """Translates paragraphs with the model at ``config``; thread-safe, one per app."""

    def __init__(self, config: LLMConfig, size: int = CACHE_SIZE) -> None:
        self.config, self.size = config, size
        self._cache: OrderedDict[tuple[str, str, str], str] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Any) -> Translator | None:
        """The translator of the LLM the settings name, or ``None`` without one (then no translations)."""
        config = config_from(settings) if getattr(settings, "llm_url", "") else None
        return cls(config) if config else None

    @property
    def model(self) -> str:
        return self.config.model

    def cached(self, chunk_id: str, language: str) -> str | None:
        """The translation already made of this paragraph into ``language`` by this model, if any."""
        key = (chunk_id, language, self.config.model)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        return None

    def translate(self, chunk_id: str, text: str, language: str) -> str | None:
        """``text`` (the paragraph ``chunk_id``) in ``language``, from the cache or the model; ``None`` when
        the model fails, is too slow or gives no usable translation (nothing is cached then)."""
        known = self.cached(chunk_id, language)
        if known is not None or language not in TRANSLATE:
            return known
        try:
            reply = complete(self.config, TRANSLATE[language], " ".join(text.split()))
        except GenerationError as exc:
            log.warning("translating %s into %s failed: %s", chunk_id, language, exc)
            return None
        translation = " ".join(reply.split())
        problem = _unusable(translation, language, text)
        if problem:
            log.warning("translation of %s into %s dropped: %s", chunk_id, language, problem)
            return None
        with self._lock:
            self._cache[(chunk_id, language, self.config.model)] = translation
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return translation


def _unusable(translation: str, language: str, original: str) -> str:
    """Why a translation cannot be shown ("in nl, not fr", "numbers not in the original: 45"), or ""."""
    if not re.search(r"[^\W\d_]", translation) or NOT_IN_PLAN in translation:
        return "no words"
    found = detect(translation, default=language)
    if found != language:
        return f"in {found}, not {language}"
    invented = fabricated_numbers(translation, original)
    return f"numbers not in the original: {', '.join(invented)}" if invented else ""
