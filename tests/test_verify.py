"""Cite-or-drop verification: figures, places, periods and names across languages (unit), and support by
the bundled encoders, calibrated on verify_pairs.tsv (integration)."""

from __future__ import annotations

import collections

import pytest

from assistant.model import Citation
from assistant.verify import (
    PAIRS,
    Verifier,
    calibration,
    fabricated_names,
    fabricated_numbers,
    fabricated_periods,
    fabrications,
    load_pairs,
    markers,
    numbers,
    without_markers,
)

TOLL = (
    "In 2026 zal Nederland een tolheffing voor het goederenvervoer over de weg invoeren. Hierdoor verdwijnt "
    "het Eurovignet. België kent al bijna een decennium zo’n heffing."
)
WORKERS = (
    "De beroepsbevolking binnen de Benelux omvat 300.000 tot 350.000 grensarbeiders, wat overeenkomt met 15 "
    "tot 20% van het totale aantal grensarbeiders in de EU."
)
CERAMICS = (
    "De werkzaamheden richten zich op de uitwerking van noodzakelijke richtsnoeren voor de implementatie van "
    "de Benelux-Beschikking over lood en cadmium in keramiek (M(2024)5). Deze implementatie moet midden 2026 "
    "worden gerealiseerd. Daarna zullen nieuwe thema's voor samenwerking worden vastgesteld."
)


@pytest.mark.unit
@pytest.mark.parametrize("written", ["350.000", "350 000", "350\u202f000", "350,000"])
def test_thousands_separators_read_as_one_number(written: str) -> None:
    assert numbers(written) == {350000.0}
    assert fabricated_numbers(f"Le Benelux compte {written} frontaliers.", WORKERS) == []


@pytest.mark.unit
def test_amounts_compare_by_value_across_formats() -> None:
    paragraph = "Een heffing van € 17 per dag."
    for claim in ("A charge of 17 euros a day.", "Une taxe de 17 € par jour.", "Eine Gebühr von 17 Euro."):
        assert fabricated_numbers(claim, paragraph) == [], claim
    assert numbers("45 millions d'euros") == {45e6}
    assert fabricated_numbers("Le péage rapportera 45 millions d'euros.", TOLL) == ["45 millions"]
    assert fabricated_numbers("Entre 400 000 et 450 000 frontaliers.", WORKERS) == ["400 000", "450 000"]


@pytest.mark.unit
def test_number_words_of_the_paragraph_back_digits() -> None:
    assert fabricated_numbers("The 3 countries agree.", "De drie landen zijn het eens.") == []
    assert fabricated_numbers("The 4 countries agree.", "De drie landen zijn het eens.") == ["4"]


@pytest.mark.unit
@pytest.mark.parametrize(
    "language, claim",
    [
        ("fr", "En 2026, les Pays-Bas introduiront un péage."),
        ("de", "Im Jahr 2026 führen die Niederlande eine Maut ein."),
        ("en", "In 2026 the Netherlands will introduce a toll."),
        ("nl", "Ook België heeft zo'n heffing."),
        ("fr", "La Belgique connaît déjà une telle taxe."),
    ],
)
def test_translated_country_names_are_the_paragraphs(language: str, claim: str) -> None:
    assert fabricated_names(claim, language, TOLL) == []


@pytest.mark.unit
def test_names_the_paragraph_lacks_are_fabricated() -> None:
    assert fabricated_names("En 2026, l'Espagne introduira un péage.", "fr", TOLL) == ["Espagne"]
    assert fabricated_names("In 2026 Spain and Canada will introduce a toll.", "en", TOLL) == ["Spain", "Canada"]
    assert fabricated_names("Le ministre Vandermeulen introduira un péage.", "fr", TOLL) == ["Vandermeulen"]


@pytest.mark.unit
def test_ordinary_capitalised_words_and_cognates_are_no_names() -> None:
    # German nouns and compounds, words shared by the languages, a country spelt another way.
    assert fabricated_names("Die Niederlande führen eine Maut für den Straßengüterverkehr ein.", "de", TOLL) == []
    assert fabricated_names("Die Entwicklungen zum Feuerwerkstourismus werden verfolgt.", "de", TOLL) == []
    assert fabricated_names("Selon la Commission européenne, l'UE agit.", "fr", "De Europese Commissie en de EU.") == []
    assert fabricated_names("Avec le Belize et le Kirghizistan.", "fr", "Met Belize en Kirgizië.") == []


@pytest.mark.unit
@pytest.mark.parametrize(
    "language, claim",
    [
        ("fr", "La décision doit être mise en œuvre à la mi-2026."),
        ("en", "The decision must be implemented by mid-2026."),
        ("de", "Der Beschluss soll Mitte 2026 umgesetzt werden."),
        ("nl", "De beschikking moet medio 2026 zijn uitgevoerd."),
        ("en", "The decision must be implemented in 2026."),
    ],
)
def test_vague_periods_compare_as_intervals(language: str, claim: str) -> None:
    assert fabricated_periods(claim, language, CERAMICS, "nl", 2026) == []


@pytest.mark.unit
@pytest.mark.parametrize(
    "language, claim, found",
    [
        ("fr", "La décision doit être mise en œuvre fin 2026.", "fin 2026"),
        ("de", "Der Beschluss soll im ersten Quartal 2026 umgesetzt werden.", "im ersten Quartal 2026"),
        ("en", "The decision must be implemented in 2027.", "in 2027"),
    ],
)
def test_other_periods_are_fabricated(language: str, claim: str, found: str) -> None:
    assert fabricated_periods(claim, language, CERAMICS, "nl", 2026) == [found]


@pytest.mark.unit
def test_year_mismatch_is_a_fabricated_figure() -> None:
    assert fabrications("En 2027, les Pays-Bas introduiront un péage.", "fr", TOLL) == "fabricated figure: 2027"
    assert fabrications("En 2026, les Pays-Bas introduiront un péage.", "fr", TOLL) == ""


@pytest.mark.unit
def test_markers() -> None:
    assert markers("Le plan [1] prévoit [2, 3] et [4][5].") == [1, 2, 3, 4, 5]
    assert without_markers("Le plan prévoit un péage [1].") == "Le plan prévoit un péage."
    assert markers("Sans source.") == []


@pytest.mark.unit
def test_pairs_file_covers_four_languages() -> None:
    rows = [line.split("\t") for line in PAIRS.read_text("utf-8").splitlines()[1:]]
    counts = collections.Counter((kind, lang) for kind, lang, *_ in rows)
    assert sum(n for (kind, _), n in counts.items() if kind == "faithful") >= 60
    assert sum(n for (kind, _), n in counts.items() if kind != "faithful") >= 60
    for lang in ("nl", "fr", "de", "en"):
        assert counts["faithful", lang] >= 15 and counts["unrelated", lang] >= 10, lang


@pytest.fixture(scope="module")
def verifier(embedder):  # type: ignore[no-untyped-def]
    return Verifier(embedder)


def _cite(n: int, text: str) -> Citation:
    return Citation(n, f"jaarplan-2026.nl:x:{n}", "Jaarplan 2026", "2.4", "", None, text, 0.9, 2026)


@pytest.mark.integration
def test_verifier_keeps_supported_and_drops_the_rest(verifier: Verifier) -> None:
    sources = [_cite(1, TOLL), _cite(2, CERAMICS)]
    faithful = "En 2026, les Pays-Bas introduiront un péage pour le transport de marchandises par route [1]."
    assert verifier.check(faithful, sources, "fr").keep
    assert verifier.check(
        "Die Umsetzung des Beschlusses über Blei und Cadmium soll Mitte 2026 erfolgen [2].", sources, "de"
    ).keep
    cases = {
        "En 2026, les Pays-Bas introduiront un péage pour le transport de marchandises par route.": "no citation",
        "En 2026, les Pays-Bas introduiront un péage pour le transport de marchandises par route [7].": "cites [7]",
        "La décision sur le plomb et le cadmium dans la céramique sera mise en œuvre [1].": "not supported",
        "Le péage rapportera 45 millions d'euros par an [1].": "fabricated figure",
        "In 2026 zal Nederland een tolheffing voor het goederenvervoer over de weg invoeren [1].": "in nl, not fr",
        "En 2026, l'Espagne introduira un péage pour le transport de marchandises par route [1].": "fabricated name",
    }
    for sentence, reason in cases.items():
        verdict = verifier.check(sentence, sources, "fr")
        assert not verdict.keep and verdict.reason.startswith(reason), (sentence, verdict)


@pytest.mark.integration
def test_calibration_separates_faithful_from_unrelated(verifier: Verifier, parsed) -> None:  # type: ignore[no-untyped-def]
    pairs = load_pairs(c.text for c in parsed.chunks)
    figures = calibration(verifier, pairs)
    # The threshold sits in the gap the pairs leave (docs in assistant/verify.py); the whole check also
    # catches most contradicted facts (a wrong year, figure, place or period), not negations.
    assert figures["faithful_support"] == 1.0 and figures["faithful_check"] >= 0.98
    assert figures["unrelated_support"] == 1.0 and figures["unrelated_check"] == 1.0
    assert figures["contradicted_check"] >= 0.75
