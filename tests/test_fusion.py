"""Fusion's pure parts, and identifiers typed in a question ranking the paragraph that cites them."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.fusion import IDENTIFIER_BONUS, identifier_bonus, identifiers


@pytest.mark.parametrize(
    ("question", "codes"),
    [
        ("Benelux-Beschlüsse M(2015)3 und M(2018)1", ["m(2015)3", "m(2018)1"]),
        ("Que dit la décision (M(2018)1) ?", ["m(2018)1"]),
        ("Verordnung (EU) 2024/1679.", ["2024/1679"]),
        ("Richtlijn 2014/55/EU?", ["2014/55/eu"]),
        ("COVID-19", ["covid-19"]),
        ("Wat staat er in § 3.2 over 2026?", []),
        ("Kost het 1.000 euro?", []),
        ("CO2 en H2", []),
    ],
)
@pytest.mark.unit
def test_identifiers_are_codes_with_digits_not_plain_numbers(question: str, codes: list[str]) -> None:
    assert identifiers(question) == codes


@pytest.mark.unit
def test_identifier_bonus_counts_the_share_of_codes_each_text_cites() -> None:
    texts = ["besluiten m(2015)3 en m(2018)1", "alleen m(2018)1", "niets"]
    bonus = identifier_bonus(["m(2015)3", "m(2018)1"], texts)
    assert np.allclose(bonus, [IDENTIFIER_BONUS, IDENTIFIER_BONUS / 2, 0.0])
    assert not identifier_bonus([], texts).any()


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    ["Beschlüsse M(2015)3 und M(2018)1", "Que prévoit-on autour de la décision M(2018)1 ?"],
)
def test_a_typed_identifier_ranks_the_paragraph_citing_it_first(assistant, question: str) -> None:  # type: ignore[no-untyped-def]
    answer = assistant.ask(question)
    assert not answer.abstained
    assert "M(2018)1" in answer.citations[0].text
    assert answer.citations[0].section == "2.1"
    assert "M(2018)1" in answer.answer  # the sentence citing it is the one quoted
