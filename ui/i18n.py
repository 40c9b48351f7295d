"""Interface texts (and, from ``ui.examples``, example questions): one dict per served language."""

from __future__ import annotations

from ingest.languages import BY_CODE
from ui.examples import EXAMPLES
from ui.typography import french_spacing

LANGUAGE_NAMES = {code: lang.name for code, lang in BY_CODE.items()}
AUTO = "auto"

NL = {
    "written_by": "Geschreven door {model} op basis van de geciteerde passages — controleer de citaten.",
    "translate": "Vertalen",
    "machine_translation": "Machinevertaling door {model}; de tekst van het plan hierboven is het origineel.",
    "translation_failed": " De vertaling is nu niet beschikbaar.",
    "tab_agenda": "Agenda",
    "agenda_period": "Periode",
    "agenda_all": "Alles",
    "agenda_half": "Helft",
    "agenda_later": "Na {year}",
    "agenda_section": "Onderdeel",
    "agenda_actor": "Wie",
    "agenda_past": "Ook eerdere jaren (context)",
    "agenda_ics": "Agenda (.ics)",
    "agenda_csv": "Tabel (.csv)",
    "agenda_chart": "Aantal gedateerde punten per kwartaal",
    "agenda_whole_year": "Heel {year}",
    "agenda_count": "{n} gedateerde punten",
    "agenda_none": "Geen gedateerde punten voor deze keuze.",
    "refused_encoding": "de vraag bevat tekens die geen geldige UTF-8-tekst zijn. Typ of plak de vraag opnieuw.",
    "title": "Jaarplan-assistent",
    "intro": "Stel een vraag over het Jaarplan 2026 van de Benelux Unie. Het antwoord citeert de "
    "tekst van het plan en noemt de onderdelen waar het staat.",
    "plan_note": "Het plan is in het Nederlands; geciteerde passages staan er zoals ze gedrukt zijn.",
    "tab_ask": "Vragen",
    "tab_read": "Het plan lezen",
    "chat_label": "Gesprek",
    "question_label": "Uw vraag",
    "placeholder": "Bijv. Wat doet de Benelux aan grensoverschrijdend telewerk? (Enter om te versturen)",
    "send": "Versturen",
    "filter_label": "Zoeken in",
    "document_label": "Plan",
    "document_all": "Alle plannen",
    "filter_all": "Het hele plan",
    "language_label": "Taal van de interface",
    "language_auto": "Automatisch (taal van de vraag)",
    "examples_officials": "Voorbeeldvragen voor beleidsmakers",
    "examples_workers": "Voorbeeldvragen voor grensarbeiders",
    "sources": "Bronnen",
    "closest": "Meest verwante onderdelen",
    "in_context": "Toon in context",
    "context_note": "Omliggende alinea's van hetzelfde onderdeel; de geciteerde alinea is omlijnd.",
    "error": "Deze vraag kon niet worden beantwoord:",
    "unexpected": "Er ging iets mis bij het beantwoorden. Probeer het opnieuw.",
    "refused_empty": "de vraag is leeg. Typ een vraag over het plan.",
    "refused_signs": "de vraag bevat geen woorden, alleen tekens. Typ een vraag over het plan.",
    "refused_address": "de vraag is alleen een web- of e-mailadres, zonder vraag erover. Typ een vraag over het plan.",
    "refused_markup": "de vraag bevat alleen opmaak (HTML-tags of een script), geen woorden. Typ een vraag.",
    "refused_no_content": (
        "de vraag bevat geen woord om op te zoeken, alleen woorden als “het” of “en”. Noem waar u iets over wilt weten."
    ),
    "refused_no_match": "niets in het gekozen plan en deel past bij deze keuze. Kies een ander deel of het hele plan.",
    "refused_too_long": "de vraag is {length} tekens lang; de grens is {limit}. Stel een kortere vraag.",
    "pending": "Het plan wordt doorzocht…",
    "feedback_hint": (
        "Beoordeel elk antwoord met de knoppen Nuttig of Niet nuttig eronder. Wilt u uw laatste beoordeling toelichten?"
    ),
    "comment_label": "Opmerking (optioneel)",
    "comment_placeholder": "Wat klopte er, of wat ontbrak?",
    "comment_send": "Opmerking versturen",
    "thanks": "Bedankt voor uw feedback.",
    "thanks_comment": "Bedankt, uw opmerking is opgeslagen.",
    "rate_first": "Beoordeel eerst een antwoord met Nuttig of Niet nuttig.",
    "rate_question": "Had u hier iets aan?",
    "rate_helpful": "Nuttig",
    "rate_not_helpful": "Niet nuttig",
    "export_label": "Antwoord als Markdown",
    "download": "Download het laatste antwoord (Markdown)",
    "toc_label": "Inhoudsopgave",
    "read_hint": "Kies een onderdeel in de inhoudsopgave om het te lezen.",
    "md_question": "Vraag",
    "md_answer": "Antwoord",
    "md_sources": "Bronnen",
    "store_down": "De indexserver is niet bereikbaar; de antwoorden komen uit de laatst geladen index "
    "(generatie {generation}). Elke {seconds} s wordt het opnieuw geprobeerd.",
}

FR = {
    "written_by": "Rédigé par {model} à partir des passages cités — vérifiez les citations.",
    "translate": "Traduire",
    "machine_translation": "Traduction automatique par {model} ; le texte du plan ci-dessus est l'original.",
    "translation_failed": " La traduction n'est pas disponible pour le moment.",
    "tab_agenda": "Agenda",
    "agenda_period": "Période",
    "agenda_all": "Tout",
    "agenda_half": "Semestre",
    "agenda_later": "Après {year}",
    "agenda_section": "Partie",
    "agenda_actor": "Qui",
    "agenda_past": "Aussi les années passées (contexte)",
    "agenda_ics": "Calendrier (.ics)",
    "agenda_csv": "Tableau (.csv)",
    "agenda_chart": "Nombre d'éléments datés par trimestre",
    "agenda_whole_year": "Toute l'année {year}",
    "agenda_count": "{n} éléments datés",
    "agenda_none": "Aucun élément daté pour ce choix.",
    "refused_encoding": "la question contient des octets qui ne sont pas du texte UTF-8. Retapez la question.",
    "title": "Assistant du plan annuel",
    "intro": "Posez une question sur le plan annuel 2026 de l'Union Benelux. La réponse cite le texte "
    "du plan et indique les parties où il se trouve.",
    "plan_note": "Le plan est rédigé en néerlandais ; les passages cités sont reproduits tels quels.",
    "tab_ask": "Questions",
    "tab_read": "Lire le plan",
    "chat_label": "Conversation",
    "question_label": "Votre question",
    "placeholder": (
        "P. ex. Quels obstacles au télétravail transfrontalier le Benelux veut-il lever ? (Entrée pour envoyer)"
    ),
    "send": "Envoyer",
    "filter_label": "Chercher dans",
    "document_label": "Plan",
    "document_all": "Tous les plans",
    "filter_all": "Tout le plan",
    "language_label": "Langue de l'interface",
    "language_auto": "Automatique (langue de la question)",
    "examples_officials": "Exemples de questions pour les responsables publics",
    "examples_workers": "Exemples de questions pour les travailleurs frontaliers",
    "sources": "Sources",
    "closest": "Parties les plus proches",
    "in_context": "Voir dans son contexte",
    "context_note": "Paragraphes voisins de la même partie ; le paragraphe cité est encadré.",
    "error": "Cette question n'a pas pu être traitée :",
    "unexpected": "Une erreur s'est produite. Veuillez réessayer.",
    "refused_empty": "la question est vide. Tapez une question sur le plan.",
    "refused_signs": "la question ne contient aucun mot, seulement des signes. Tapez une question sur le plan.",
    "refused_address": (
        "la question n'est qu'une adresse web ou e-mail, sans rien demander. Tapez une question sur le plan."
    ),
    "refused_markup": (
        "la question ne contient que du balisage (balises HTML ou script), aucun mot. Tapez une question sur le plan."
    ),
    "refused_no_content": (
        "la question ne contient aucun mot à chercher, seulement des mots comme « le » ou « et ». "
        "Nommez ce que vous voulez savoir."
    ),
    "refused_no_match": (
        "rien dans le plan et la partie choisis ne correspond. Choisissez une autre partie ou tout le plan."
    ),
    "refused_too_long": (
        "la question fait {length} caractères ; la limite est de {limit}. Posez une question plus courte."
    ),
    "pending": "Recherche dans le plan…",
    "feedback_hint": (
        "Évaluez chaque réponse avec les boutons Utile ou Pas utile en dessous."
        " Voulez-vous commenter votre dernière évaluation ?"
    ),
    "comment_label": "Commentaire (facultatif)",
    "comment_placeholder": "Qu'est-ce qui était juste, ou qu'est-ce qui manquait ?",
    "comment_send": "Envoyer le commentaire",
    "thanks": "Merci pour votre avis.",
    "thanks_comment": "Merci, votre commentaire a été enregistré.",
    "rate_first": "Évaluez d'abord une réponse avec Utile ou Pas utile.",
    "rate_question": "Cette réponse vous a-t-elle aidé ?",
    "rate_helpful": "Utile",
    "rate_not_helpful": "Pas utile",
    "export_label": "Réponse en Markdown",
    "download": "Télécharger la dernière réponse (Markdown)",
    "toc_label": "Table des matières",
    "read_hint": "Choisissez une partie dans la table des matières pour la lire.",
    "md_question": "Question",
    "md_answer": "Réponse",
    "md_sources": "Sources",
    "store_down": "Le serveur d'index est injoignable ; les réponses viennent du dernier index chargé "
    "(génération {generation}). Nouvel essai toutes les {seconds} s.",
}

DE = {
    "written_by": "Von {model} aus den zitierten Passagen geschrieben — prüfen Sie die Zitate.",
    "translate": "Übersetzen",
    "machine_translation": "Maschinelle Übersetzung durch {model}; maßgeblich ist der Text des Plans oben.",
    "translation_failed": " Die Übersetzung ist derzeit nicht verfügbar.",
    "tab_agenda": "Agenda",
    "agenda_period": "Zeitraum",
    "agenda_all": "Alles",
    "agenda_half": "Halbjahr",
    "agenda_later": "Nach {year}",
    "agenda_section": "Abschnitt",
    "agenda_actor": "Wer",
    "agenda_past": "Auch frühere Jahre (Kontext)",
    "agenda_ics": "Kalender (.ics)",
    "agenda_csv": "Tabelle (.csv)",
    "agenda_chart": "Datierte Vorhaben je Quartal",
    "agenda_whole_year": "Ganzes Jahr {year}",
    "agenda_count": "{n} datierte Vorhaben",
    "agenda_none": "Keine datierten Vorhaben für diese Auswahl.",
    "refused_encoding": "die Frage enthält Bytes, die kein gültiger UTF-8-Text sind. Geben Sie die Frage erneut ein.",
    "title": "Jahresplan-Assistent",
    "intro": "Stellen Sie eine Frage zum Jahresplan 2026 der Benelux-Union. Die Antwort zitiert den "
    "Text des Plans und nennt die Abschnitte, in denen er steht.",
    "plan_note": "Der Plan ist auf Niederländisch; zitierte Passagen werden wie gedruckt wiedergegeben.",
    "tab_ask": "Fragen",
    "tab_read": "Den Plan lesen",
    "chat_label": "Unterhaltung",
    "question_label": "Ihre Frage",
    "placeholder": "Z. B. Was plant die Benelux zur grenzüberschreitenden Telearbeit? (Eingabe zum Senden)",
    "send": "Senden",
    "filter_label": "Suchen in",
    "document_label": "Plan",
    "document_all": "Alle Pläne",
    "filter_all": "Dem ganzen Plan",
    "language_label": "Sprache der Oberfläche",
    "language_auto": "Automatisch (Sprache der Frage)",
    "examples_officials": "Beispielfragen für Verwaltung und Politik",
    "examples_workers": "Beispielfragen für Grenzgänger",
    "sources": "Quellen",
    "closest": "Nächstliegende Abschnitte",
    "in_context": "Im Zusammenhang anzeigen",
    "context_note": "Benachbarte Absätze desselben Abschnitts; der zitierte Absatz ist umrandet.",
    "error": "Diese Frage konnte nicht beantwortet werden:",
    "unexpected": "Beim Beantworten ist ein Fehler aufgetreten. Bitte versuchen Sie es erneut.",
    "refused_empty": "die Frage ist leer. Geben Sie eine Frage zum Plan ein.",
    "refused_signs": "die Frage enthält keine Wörter, nur Zeichen. Geben Sie eine Frage zum Plan ein.",
    "refused_address": (
        "die Frage ist nur eine Web- oder E-Mail-Adresse, ohne etwas dazu zu fragen. Geben Sie eine Frage zum Plan ein."
    ),
    "refused_markup": (
        "die Frage enthält nur Auszeichnungen (HTML-Tags oder ein Skript), keine Wörter. Geben Sie eine Frage zum "
        "Plan ein."
    ),
    "refused_no_content": (
        "die Frage enthält kein Wort zum Suchen, nur Wörter wie „und“ oder „der“. "
        "Nennen Sie, worüber Sie etwas wissen möchten."
    ),
    "refused_no_match": (
        "im gewählten Plan und Teil passt nichts dazu. Wählen Sie einen anderen Teil oder den ganzen Plan."
    ),
    "refused_too_long": (
        "die Frage ist {length} Zeichen lang; die Grenze liegt bei {limit}. Stellen Sie eine kürzere Frage."
    ),
    "pending": "Der Plan wird durchsucht…",
    "feedback_hint": (
        "Bewerten Sie jede Antwort mit den Schaltflächen Hilfreich oder Nicht hilfreich darunter."
        " Möchten Sie Ihre letzte Bewertung kommentieren?"
    ),
    "comment_label": "Kommentar (optional)",
    "comment_placeholder": "Was war richtig, oder was hat gefehlt?",
    "comment_send": "Kommentar senden",
    "thanks": "Danke für Ihre Rückmeldung.",
    "thanks_comment": "Danke, Ihr Kommentar wurde gespeichert.",
    "rate_first": "Bewerten Sie zuerst eine Antwort mit Hilfreich oder Nicht hilfreich.",
    "rate_question": "War diese Antwort hilfreich?",
    "rate_helpful": "Hilfreich",
    "rate_not_helpful": "Nicht hilfreich",
    "export_label": "Antwort als Markdown",
    "download": "Letzte Antwort herunterladen (Markdown)",
    "toc_label": "Inhaltsverzeichnis",
    "read_hint": "Wählen Sie einen Abschnitt im Inhaltsverzeichnis, um ihn zu lesen.",
    "md_question": "Frage",
    "md_answer": "Antwort",
    "md_sources": "Quellen",
    "store_down": "Der Indexserver ist nicht erreichbar; die Antworten stammen aus dem zuletzt geladenen Index "
    "(Generation {generation}). Neuer Versuch alle {seconds} s.",
}

EN = {
    "written_by": "Written by {model} from the cited passages — check the quotes.",
    "translate": "Translate",
    "machine_translation": "Machine translation by {model}; the plan's text above is the original.",
    "translation_failed": " The translation is not available right now.",
    "tab_agenda": "Agenda",
    "agenda_period": "Period",
    "agenda_all": "Everything",
    "agenda_half": "Half",
    "agenda_later": "After {year}",
    "agenda_section": "Section",
    "agenda_actor": "Who",
    "agenda_past": "Earlier years too (context)",
    "agenda_ics": "Calendar (.ics)",
    "agenda_csv": "Table (.csv)",
    "agenda_chart": "Dated items per quarter",
    "agenda_whole_year": "All of {year}",
    "agenda_count": "{n} dated items",
    "agenda_none": "No dated items for this choice.",
    "refused_encoding": "the question holds bytes that are not valid UTF-8 text. Type or paste the question again.",
    "title": "Annual plan assistant",
    "intro": "Ask a question about the Benelux Union's annual plan 2026. The answer quotes the plan "
    "and names the sections it comes from.",
    "plan_note": "The plan is written in Dutch; quoted passages are shown as printed.",
    "tab_ask": "Ask",
    "tab_read": "Read the plan",
    "chat_label": "Conversation",
    "question_label": "Your question",
    "placeholder": "E.g. What does the plan say about cross-border telework? (Enter to send)",
    "send": "Send",
    "filter_label": "Search in",
    "document_label": "Plan",
    "document_all": "All plans",
    "filter_all": "The whole plan",
    "language_label": "Interface language",
    "language_auto": "Automatic (language of the question)",
    "examples_officials": "Example questions for officials",
    "examples_workers": "Example questions for cross-border workers",
    "sources": "Sources",
    "closest": "Closest sections",
    "in_context": "Show in context",
    "context_note": "Neighbouring paragraphs of the same section; the cited paragraph is outlined.",
    "error": "This question could not be answered:",
    "unexpected": "Something went wrong while answering. Please try again.",
    "refused_empty": "the question is empty. Type a question about the plan.",
    "refused_signs": "the question has no words, only signs. Type a question about the plan.",
    "refused_address": "the question is only a web or e-mail address, with nothing asked about it. Type a question.",
    "refused_markup": "the question holds only markup (HTML tags or a script), no words. Type a question.",
    "refused_no_content": (
        "the question has no word to look up, only words like “the” or “and”. Name what you want to know about."
    ),
    "refused_no_match": "nothing in the chosen plan and part matches. Choose another part or the whole plan.",
    "refused_too_long": "the question is {length} characters long; the limit is {limit}. Ask a shorter question.",
    "pending": "Searching the plan…",
    "feedback_hint": (
        "Rate each answer with the Helpful or Not helpful buttons under it."
        " Would you like to comment on your last rating?"
    ),
    "comment_label": "Comment (optional)",
    "comment_placeholder": "What was right, or what was missing?",
    "comment_send": "Send comment",
    "thanks": "Thank you for your feedback.",
    "thanks_comment": "Thank you, your comment has been saved.",
    "rate_first": "Rate an answer with Helpful or Not helpful first.",
    "rate_question": "Was this answer helpful?",
    "rate_helpful": "Helpful",
    "rate_not_helpful": "Not helpful",
    "export_label": "Answer as Markdown",
    "download": "Download the last answer (Markdown)",
    "toc_label": "Table of contents",
    "read_hint": "Choose a section in the table of contents to read it.",
    "md_question": "Question",
    "md_answer": "Answer",
    "md_sources": "Sources",
    "store_down": "The index server is not reachable; answers come from the last loaded index "
    "(generation {generation}). Retrying every {seconds} s.",
}

FR = {key: french_spacing(value) for key, value in FR.items()}
__all__ = ["AUTO", "EXAMPLES", "LANGUAGE_NAMES", "TEXTS", "from_locale", "french_spacing", "texts"]

TEXTS = {"nl": NL, "fr": FR, "de": DE, "en": EN}


def texts(language: str) -> dict[str, str]:
    """The interface texts of a served language (English for anything else)."""
    return TEXTS.get(language, EN)


def from_locale(locale: str | None, default: str = "nl") -> str:
    """The served language of a browser locale such as 'fr-BE', else ``default``."""
    code = (locale or "").split("-")[0].split("_")[0].lower()
    return code if code in TEXTS else default
