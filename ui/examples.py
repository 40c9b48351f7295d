"""Example questions shown under the chat, two groups per served language (``ui.i18n`` re-exports them)."""

from __future__ import annotations

from ui.typography import french_spacing

EXAMPLES = {
    "nl": {
        "officials": [
            "Welke uitvoeringsakkoorden komen er onder het Benelux-Politieverdrag?",
            "Wat doen de Benelux-landen samen rond grensoverschrijdende waterstofinfrastructuur?",
            "Hoe werken de crisiscentra van de Benelux-landen en Noordrijn-Westfalen samen?",
            "Welke landen willen aansluiten bij het verdrag over automatische erkenning van diploma's?",
        ],
        "workers": [
            "Wat staat er in het plan over grensoverschrijdend telewerk?",
            "Wordt mijn Belgische masterdiploma automatisch erkend in Nederland?",
            "Wanneer voert Nederland de tolheffing voor vrachtwagens in?",
            "Waar vind ik informatie als grensarbeider?",
        ],
    },
    "fr": {
        "officials": [
            "Quels accords d'exécution du traité de police Benelux sont prévus ?",
            "Que prévoient les pays du Benelux pour les infrastructures transfrontalières d'hydrogène ?",
            "Comment les centres de crise du Benelux coopèrent-ils avec la Rhénanie-du-Nord-Westphalie ?",
            "Comment lutter ensemble contre la fraude sociale transfrontalière ?",
        ],
        "workers": [
            "Quels obstacles au télétravail transfrontalier le Benelux veut-il lever ?",
            "Mon diplôme belge de l'enseignement supérieur est-il reconnu automatiquement aux Pays-Bas ?",
            "Qu'advient-il de l'Eurovignette avec le péage néerlandais pour les camions ?",
            "Où un travailleur frontalier trouve-t-il des informations ?",
        ],
    },
    "de": {
        "officials": [
            "Welche Durchführungsabkommen zum Benelux-Polizeivertrag sind geplant?",
            "Was planen die Benelux-Länder für grenzüberschreitende Wasserstoffinfrastruktur?",
            "Wie arbeiten die Krisenzentren der Benelux-Länder mit Nordrhein-Westfalen zusammen?",
            "Was tut die Benelux gegen grenzüberschreitenden Sozialbetrug?",
        ],
        "workers": [
            "Was plant die Benelux zur grenzüberschreitenden Telearbeit?",
            "Wird mein Hochschulabschluss in den Benelux-Ländern automatisch anerkannt?",
            "Wann führen die Niederlande eine Lkw-Maut ein?",
            "Wo finden Grenzgänger Informationen?",
        ],
    },
    "en": {
        "officials": [
            "Which implementing agreements under the Benelux police treaty are planned?",
            "What will the Benelux countries do on cross-border hydrogen infrastructure?",
            "How do the Benelux crisis centres cooperate with North Rhine-Westphalia?",
            "How will the countries fight cross-border social security fraud together?",
        ],
        "workers": [
            "What does the plan say about cross-border telework?",
            "Is my Belgian university degree automatically recognised in the Netherlands?",
            "When will the Netherlands introduce a road toll for trucks?",
            "Where can cross-border workers find information?",
        ],
    },
}


EXAMPLES["fr"] = {group: [french_spacing(q) for q in qs] for group, qs in EXAMPLES["fr"].items()}
