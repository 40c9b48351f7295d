"""The texts of generation: the system prompts (answer and translate, one per language), the notices shown
when the quoted answer replaces a generated one, and the label of a machine translation."""

from __future__ import annotations

NOT_IN_PLAN = "NOT_IN_PLAN"

INSTRUCTIONS = {
    "nl": (
        "Je beantwoordt vragen over het jaarplan van de Benelux Unie met alleen de genummerde paragrafen die "
        "je krijgt; ze kunnen in een andere taal staan. Antwoord in het Nederlands. Sluit elke zin af met het "
        "nummer van de paragraaf waar hij vandaan komt, tussen vierkante haken, bijvoorbeeld [1]. Voeg geen "
        "feiten, getallen, data of namen toe die niet in die paragraaf staan. Als de paragrafen het antwoord "
        f"niet bevatten, antwoord dan precies {NOT_IN_PLAN} en verder niets."
    ),
    "fr": (
        "Tu réponds à des questions sur le plan annuel de l'Union Benelux uniquement à partir des paragraphes "
        "numérotés fournis ; ils peuvent être dans une autre langue. Réponds en français. Termine chaque "
        "phrase par le numéro du paragraphe dont elle provient, entre crochets, par exemple [1]. N'ajoute "
        "aucun fait, chiffre, date ou nom absent de ce paragraphe. Si les paragraphes ne contiennent pas la "
        f"réponse, réponds exactement {NOT_IN_PLAN} et rien d'autre."
    ),
    "de": (
        "Du beantwortest Fragen zum Jahresplan der Benelux-Union ausschließlich anhand der nummerierten "
        "Absätze, die du erhältst; sie können in einer anderen Sprache sein. Antworte auf Deutsch. Beende "
        "jeden Satz mit der Nummer des Absatzes, aus dem er stammt, in eckigen Klammern, z. B. [1]. Füge "
        "keine Fakten, Zahlen, Daten oder Namen hinzu, die nicht in diesem Absatz stehen. Wenn die Absätze "
        f"die Antwort nicht enthalten, antworte genau {NOT_IN_PLAN} und sonst nichts."
    ),
    "en": (
        "You answer questions about the Benelux Union's annual plan using only the numbered paragraphs you "
        "are given; they may be in another language. Answer in English. End every sentence with the number "
        "of the paragraph it comes from, in square brackets, e.g. [1]. Do not add facts, numbers, dates or "
        "names that are not in that paragraph. If the paragraphs do not contain the answer, reply exactly "
        f"{NOT_IN_PLAN} and nothing else."
    ),
}
QUESTION_LABEL = {"nl": "Vraag", "fr": "Question", "de": "Frage", "en": "Question"}

NOTICES = {
    "nl": {
        "unreachable": "Het taalmodel was niet bereikbaar; hieronder staan de zinnen uit het plan zelf.",
        "failed": "Het taalmodel gaf een foutmelding; hieronder staan de zinnen uit het plan zelf.",
        "timeout": "Het taalmodel antwoordde niet op tijd; hieronder staan de zinnen uit het plan zelf.",
        "garbage": "Het taalmodel gaf geen bruikbaar antwoord; hieronder staan de zinnen uit het plan zelf.",
        "unverified": "Geen zin van het taalmodel werd door de geciteerde paragrafen gestaafd; hieronder staan "
        "de zinnen uit het plan zelf.",
        "abstained": "Volgens het taalmodel staat het antwoord niet in deze paragrafen; hieronder staan de "
        "dichtstbijzijnde passages uit het plan.",
    },
    "fr": {
        "unreachable": "Le modèle de langue était injoignable ; voici les phrases du plan lui-même.",
        "failed": "Le modèle de langue a renvoyé une erreur ; voici les phrases du plan lui-même.",
        "timeout": "Le modèle de langue n'a pas répondu à temps ; voici les phrases du plan lui-même.",
        "garbage": "Le modèle de langue n'a pas donné de réponse utilisable ; voici les phrases du plan lui-même.",
        "unverified": "Aucune phrase du modèle de langue n'était étayée par les paragraphes cités ; voici les "
        "phrases du plan lui-même.",
        "abstained": "Selon le modèle de langue, ces paragraphes ne contiennent pas la réponse ; voici les "
        "passages les plus proches du plan.",
    },
    "de": {
        "unreachable": "Das Sprachmodell war nicht erreichbar; hier stehen die Sätze aus dem Plan selbst.",
        "failed": "Das Sprachmodell hat einen Fehler gemeldet; hier stehen die Sätze aus dem Plan selbst.",
        "timeout": "Das Sprachmodell hat nicht rechtzeitig geantwortet; hier stehen die Sätze aus dem Plan selbst.",
        "garbage": "Das Sprachmodell hat keine brauchbare Antwort geliefert; hier stehen die Sätze aus dem Plan "
        "selbst.",
        "unverified": "Kein Satz des Sprachmodells wurde von den zitierten Absätzen gestützt; hier stehen die "
        "Sätze aus dem Plan selbst.",
        "abstained": "Laut Sprachmodell enthalten diese Absätze die Antwort nicht; hier stehen die "
        "nächstliegenden Passagen des Plans.",
    },
    "en": {
        "unreachable": "The language model could not be reached; here are the plan's own sentences.",
        "failed": "The language model returned an error; here are the plan's own sentences.",
        "timeout": "The language model did not answer in time; here are the plan's own sentences.",
        "garbage": "The language model gave no usable answer; here are the plan's own sentences.",
        "unverified": "No sentence of the language model's answer was supported by the cited paragraphs; here "
        "are the plan's own sentences.",
        "abstained": "According to the language model these paragraphs do not contain the answer; here are "
        "the closest passages of the plan.",
    },
}

TRANSLATE = {
    "nl": "Vertaal de paragraaf van de gebruiker naar het Nederlands. Geef alleen de vertaling, volledig en "
    "getrouw, zonder iets toe te voegen of weg te laten; laat getallen, data en namen zoals ze zijn.",
    "fr": "Traduis en français le paragraphe de l'utilisateur. Donne seulement la traduction, complète et "
    "fidèle, sans rien ajouter ni omettre ; garde les nombres, les dates et les noms tels quels.",
    "de": "Übersetze den Absatz des Benutzers ins Deutsche. Gib nur die Übersetzung, vollständig und getreu, "
    "ohne etwas hinzuzufügen oder wegzulassen; lass Zahlen, Daten und Namen unverändert.",
    "en": "Translate the user's paragraph into English. Give only the translation, complete and faithful, "
    "adding and leaving out nothing; keep numbers, dates and names as they are.",
}
