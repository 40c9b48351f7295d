"""A question as typed, checked and cleaned before any model is needed."""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser

from assistant.errors import QuestionError
from assistant.lang import SERVED
from index.lexical import stopwords

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# A message that is one web or e-mail address and nothing else: pasted, not asked.
_ADDRESS_ONLY = re.compile(r"[<(\[]?(?:(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)[>)\].,;:!?]*")


def content_words(text: str) -> list[str]:
    """The words that name something: numbers, acronyms ("EU", though French "eu" is a stop word) and
    words of two letters or more that are no stop word of a served language ("het", "und", "the", "a"
    are; "tol" is not)."""
    stop = _stop_words()
    return [
        w
        for w in re.findall(r"[^\W_]+", text)
        if w.isdigit() or (len(w) > 1 and (w.isupper() or w.lower() not in stop))
    ]


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """The stop words of every served language, joined once (every question is checked against them)."""
    return frozenset().union(*(stopwords(language) for language in SERVED))


def check_question(question: object, max_chars: int) -> str:
    """The question with markup and control characters removed; a ``QuestionError`` when unusable (no model needed)."""
    if not isinstance(question, str):
        raise QuestionError(f"the question must be text, not {type(question).__name__}.")
    if _SURROGATE.search(question):
        raise QuestionError(
            "the question holds bytes that are not valid UTF-8 text (e.g. typed in a Latin-1 terminal). "
            "Send it as UTF-8.",
            "encoding",
        )
    typed = " ".join(_CONTROL.sub(" ", question).split())
    clean = " ".join(without_markup(typed).split())
    if not clean and typed:
        raise QuestionError(
            "the question holds only markup (HTML tags or a script), no words. Type a question about "
            'the plan, e.g. "Wat staat er over grensoverschrijdend telewerk?".',
            "markup",
        )
    if not clean:
        raise QuestionError(
            "the question is empty. Type a question about the plan, "
            'e.g. "Wat staat er over grensoverschrijdend telewerk?".',
            "empty",
        )
    if not re.search(r"[^\W_]", clean):
        raise QuestionError(
            "the question has no words, only signs. Type a question about the plan, "
            'e.g. "Wat staat er over grensoverschrijdend telewerk?".',
            "signs",
        )
    if _ADDRESS_ONLY.fullmatch(clean):
        raise QuestionError(
            "the question is only a web or e-mail address, with nothing asked about it. Ask what you want to "
            'know, e.g. "Wat staat er over grensoverschrijdend telewerk?".',
            "address",
        )
    if not content_words(clean):
        raise QuestionError(
            'the question has no word to look up, only words like "het", "und" or "the". Name what you '
            'want to know about, e.g. "Wat staat er over grensoverschrijdend telewerk?".',
            "no_content",
        )
    if len(clean) > max_chars:
        raise QuestionError(
            f"the question is {len(clean)} characters long; the limit is {max_chars}. Ask a shorter question.",
            "too_long",
            length=len(clean),
            limit=max_chars,
        )
    return clean


class _Text(HTMLParser):
    """The text of an HTML fragment: tags dropped, entities decoded ("&amp;" is "&"), and scripts and
    styles dropped whole (code, not words)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._code = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._code += tag in _CODE
        self._separate(tag)

    def handle_endtag(self, tag: str) -> None:
        self._code -= tag in _CODE and self._code > 0
        self._separate(tag)

    def _separate(self, tag: str) -> None:
        if tag not in _INLINE:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._code:
            self.parts.append(data)


_CODE = ("script", "style")
_INLINE = frozenset(
    ["a", "abbr", "b", "code", "em", "i", "mark", "small", "span", "strong", "sub", "sup", "u"]
)  # no word break


def without_markup(text: str) -> str:
    """``text`` without HTML tags: a question pasted from a web page, or markup typed to probe, is
    answered by its words only ("<b>x</b> <img src=x> test" asks about "x test"). A "<" that opens
    no tag stays ("prijs < 100 euro")."""
    if "<" not in text and "&" not in text:
        return text
    parser = _Text()
    try:
        parser.feed(text)
        parser.close()
    except AssertionError:  # Python 3.11's parser asserts on some broken declarations ("<![0"): plain text
        return text
    return "".join(parser.parts)
