"""Typography of interface texts: French puts a narrow no-break space before ':', ';', '?' and '!'."""

from __future__ import annotations

import re

_FRENCH_MARK = re.compile(r"(?<=[^\s?!:;])[ \u00a0]?([?!:;])(?=\s|$)")


def french_spacing(text: str) -> str:
    """French typography: a narrow no-break space before ':', ';', '?' and '!' (times and URLs keep theirs)."""
    return _FRENCH_MARK.sub("\u202f\\1", text)
