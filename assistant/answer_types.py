"""What kind of answer a question asks for (an amount, a date, a desk, a place, a person) and
whether a text states one: the expected-answer-type checks ``coverage.missing`` applies."""

from __future__ import annotations

import re

# A speed or a weight asked for: how fast or heavy, or the highest one allowed ("Wie schnell dürfen
# E-Scooter fahren?", "maximaal toegestaan gewicht LZV"); not the "Maten en Gewichten" directive.
_SPEED = (
    r"wie schnell|hoe snel|how fast|quelle vitesse|vitesse maximale|h[öo]chstgeschwindigkeit|topsnelheid|"
    r"maximumsnelheid|maximalgeschwindigkeit|speed limit|snelheidslimiet|tempolimit|limitation de vitesse|"
    r"(maximum|maximale?|maximaal|toegestane?|toegestaan|zul[äa]ssige?) (speed|snelheid|vitesse|geschwindigkeit)"
)
_WEIGHT = (
    r"hoe zwaar|wie schwer|how heavy|quel poids|poids maximal|gesamtgewicht|h[öo]chstgewicht|welke? gewicht|"
    r"welches gewicht|what weight|weight (limit|threshold)|gewichtsgrens|gewichtsgrenze|"
    r"(maximum|maximale?|maximaal|toegestane?|toegestaan|zul[äa]ssige?s?)( \w+)? (gewicht|weight|poids)"
)
# How long something lasts or has lasted: a date or a year answers it ("tot midden 2027", "sinds 2019").
_LASTING = r"hoe ?lang|combien de temps|depuis combien|wie lange?|how long"
_HOW_LONG = re.compile(rf"\b({_LASTING})\b", re.IGNORECASE)
# How often: answered by a rate ("jaarlijks", "twee keer per jaar", "elke maand"), not by another number.
_HOW_OFTEN = (
    r"hoe vaak|hoe dikwijls|hoeveel keer|how often|how many times|à quelle fréquence|combien de fois|"
    r"wie oft|wie häufig|wie viele male|in welchem rhythmus|frequen(tie|cy|ce|z)|hoe regelmatig|tous les combien|"
    r"à quel rythme|in welchen abständen|how regularly|how frequently"
)
_RATE = (
    r"jaarlijks|maandelijks|wekelijks|dagelijks|per (jaar|maand|week|dag)|\bkeer\b|\bmaal\b|"
    r"(elk|ieder)e? (jaar|maand|week|dag)|regelmatig|periodiek"
)
_HOW_MUCH = re.compile(
    rf"\b(hoeveel|{_LASTING}|hoe (hoog|groot|duur|zwaar|veel)|wat kost|combien|"
    r"quel(le)? (est|sont) le (montant|taux|prix)|"
    r"quel poids|wie (viel|viele|vielen|hoch|teuer|schwer|gro(ß|ss))|was kostet|how (much|many|high|heavy|big|large)|"
    r"what (does|do|did|will|would) .{1,40} cost|(what|which) (share|proportion|percentage)|"
    r"quel(le)? (part|pourcentage|proportion)|"
    rf"{_HOW_OFTEN}|"
    r"welche[rn]? (anteil|prozentsatz)|welk(e)? (deel|aandeel|percentage)|"
    r"(en|in) (euros?|gigawatts?|megawatts?|gw|mw|kilom[eè]tres?|kilometers?|km|tonnes?|tonnen|tons?)|"
    rf"{_SPEED}|{_WEIGHT})\b",
    re.IGNORECASE,
)
# Days and hours are the unit asked only when counted ("combien de jours de télétravail ?"), not in "Je fais
# la navette tous les jours ... : combien sommes-nous ?".
_COUNTING = r"\b(hoeveel|combien|wie viele?n?|how many|aantal|nombre|anzahl|number of)\b.{0,30}"
# An amount asked in a unit (money, a share, a distance, days, hours, opening hours, a speed, a
# weight), by "how much" or by naming the amount ("openingstijden helpdesk"), is stated only by a text
# that names the unit: a plan's other numbers (a count of workers, a parcel limit) do not answer it.
_UNITS = (
    (
        r"\w*geld\b|\bmoney\b|\bfund(s|ing)\b|\bargent\b|\beuros?\b|€|\bsubsidies?\b|\bsubventions?\b|"
        r"\b(förder|finanz)mittel|\bfinanciering\b|\bfinancement\b|\bfinancing\b",
        r"€|\beuros?\b|\bEUR\b|\bmiljoen|\bmiljard",
    ),
    (r"procent|percent|pour ?cent|prozent|%|\bshare\b|proportion|\banteil\b|\baandeel\b|quelle part", r"%|procent"),
    (r"kilomet|\bkm\b|\bmiles?\b", r"\bkm\b|kilometer"),
    (rf"{_COUNTING}\b(dagen|jours|tage|tagen|days)\b", r"\bdag(en)?\b"),
    (
        rf"{_COUNTING}\b(uren|heures|stunden|hours)\b|openingstijden|openingsuren|horaires|öffnungszeiten|"
        r"heures d.ouverture|opening hours",
        r"\b(uur|uren)\b",
    ),
    (r"\b(giga|mega|tera)watt|\b(gw|mw|twh)\b", r"\b(gw|mw|twh)\b|(giga|mega|tera)watt"),
    (_SPEED, r"km/[uh]\b|kilometer per uur"),
    (_WEIGHT, r"\b(ton|tonnen|kg|kilogram)\b"),
    (_HOW_OFTEN, _RATE),
)
# A fine or a penalty ("boete", "straf", "amende", "pénalité", "Bußgeld", "Strafe", "fine", "penalty")
# or a salary is an amount of money when its value is asked ("Welche Strafe droht?", "Quel est le
# salaire ...?"); a yes-or-no, how or why question about fines ("Komt er een boete voor ...?") is
# answered by a text naming sanctions, one about pay by a text naming pay.
_FINES = (
    r"\bboete\w*|\bstraf(fen)?\b|\bamendes?\b|\bpénalités?\b|bu[sß]geld|geldbu[sß]e|\b(geld)?strafen?\b|"
    r"\bfines?\b|\bpenalt(y|ies)\b"
)
_PAY = (
    r"\bsalaris\w*|\bloon\b|\blonen\b|\bsalaires?\b|rémunération|\bgeh[aä]lt(er)?\b|\blohn\b|\blöhne\b|"
    r"\bsalar(y|ies)\b|\bwages?\b"
)
_VALUE_UNITS = ((f"{_FINES}|{_PAY}", _UNITS[0][1]),)
_BUDGET = r"budget|begroting|\bhaushalt(s|smittel)?\b"  # not "Haushalte", households
_PRICED = re.compile(
    r"grenswaarde|valeurs? limites?|grenzwert|limit values?|cijfers|chiffres|figures|\w+zahlen\b|"
    r"statisti(cs|ques?|eken|ek|ken|k)\b|"  # not "statistical models"
    r"tarief|tarieven|\btarifs?\b|\bfees?\b|gebühr|\brates?\b|aantal|anzahl|nombre de|number of|"
    r"bedrag|kosten|openingstijden|montant|taux|prix|co[uû]t|"
    r"heures d.ouverture|horaires|betrag|preis|öffnungszeiten|price|amount|"
    rf"opening hours|percentage|pourcentage|prozentsatz|{_BUDGET}|{_FINES}|{_PAY}",
    re.IGNORECASE,
)
# The things a question may name instead of asking "how much", with the (Dutch) stems of a text
# that names them too.
_PRICED_THINGS = (
    (r"tarie|taux|tarif|\brates?\b|satz", r"tarie"),
    (_FINES, r"boete|sanctie|\bstraf(fen)?\b"),
    (r"bedrag|montant|betrag|amount", r"bedrag"),
    (_BUDGET, r"budget|begroting"),
    (r"kost|co[uû]t|\bcosts?\b", r"kost"),
    (r"prijs|prix|preis|price", r"prijs|price"),
    (_PAY, r"salaris|\bloon|\blonen|bezoldig|wedde|inkomen"),
)
_HOW_OR_WHY = re.compile(r"\b(hoe|waarom|comment|pourquoi|wie|warum|wieso|weshalb|how|why)\b", re.IGNORECASE)
_INTERROGATIVE = re.compile(
    r"\b(wat|wie|welke?|waar|waarom|wanneer|hoe|hoeveel|quel|quelle|quels|quelles|combien|quand|où|comment|"
    r"pourquoi|qui|que|qu|quoi|lequel|laquelle|was|wer|wen|wem|wessen|welche[mnrs]?|wo|wozu|wofür|womit|"
    r"worüber|wann|warum|wieso|weshalb|wieviele?|what|who|whom|whose|which|where|when|why|how)\b",
    re.IGNORECASE,
)
_ASKS_PRECISE_DATE = re.compile(
    r"\b(op welke datum|welke dag|welke maand|vanaf welke maand|datum|quelle date|date|quel jour|quel mois|"
    r"an welchem tag|welche[mnr]? (tag|monat|datum)|datum|stichtag|what (date|day|month)|which (day|month)|"
    r"(wanneer|quand|wann|when) (precies|exactement|pr[ée]cis[ée]ment|genau|exactly|precisely))\b",
    re.IGNORECASE,
)
_MONTH_NAMES = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
_MONTHS = f"{_MONTH_NAMES}|voorjaar|najaar|zomer|winter|lente|herfst|kwartaal|begin|midden|eind|einde"
_STATES_DATE = re.compile(rf"\b({_MONTHS})\b|\b\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}\b", re.IGNORECASE)
_YEAR = r"\b(19|20)\d{2}\b"
_YEARS_AND_REFERENCES = re.compile(
    r"\d+/\d+(/\w+)?"  # legal references: Richtlijn 2010/40/EU, (EU) 2023/2841
    rf"|{_YEAR}|\(\d{{4}}\)\d*"  # years
    r"|\b(artikel|article|art\.)s?\s*\d+(\s*(en|et|und|and|,)\s*\d+)*"  # articles: "artikel 13 en 17"
    r"|§\s*\d+(\.\d+)*|\b\d{1,2}\.\d{1,2}\b(?![.,]?\d)"  # section numbers: § 2.4, (zie 3.1)
    rf"|\b\d{{1,2}}\s+({_MONTH_NAMES})\b"  # days of a month: "1 januari"
    r"|^\s*\d{1,2}[.)]\s"  # list numbers: "1. Economische samenwerking"
    r"|\b\d+\^?(e|de|ste)\b"  # ordinals: "de 40^e verjaardag", "de 2de editie"
)
_NUMBER_WORDS = (
    r"twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|twintig|dertig|veertig|vijftig|honderd|"
    r"duizend|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|vingt|cent|mille|"
    r"zwei|drei|fünf|sechs|sieben|neun|zehn|zwölf|zwanzig|hundert|tausend|"
    r"two|three|four|five|seven|eight|nine|ten|twelve|twenty|hundred|thousand"
)
# A number in digits or words and the (up to) three words after it: what it counts ("300.000 tot
# 350.000 grensarbeiders", "twee extra uitvoeringsakkoorden").
_COUNTED = re.compile(rf"(?:(\d)[\d.,]*|\b(?:{_NUMBER_WORDS})\b)((?:\s+[^\W\d_][\w'’-]*){{0,3}})", re.IGNORECASE)


def asks_how_often(question: str) -> bool:
    """The question asks how often something happens (an amount: a rate answers it)."""
    return bool(re.search(_HOW_OFTEN, question, re.IGNORECASE))


def asks_quantity(question: str) -> bool:
    """The question asks for an amount, a price, a rate, a weight or a count."""
    return bool(_HOW_MUCH.search(question) or _PRICED.search(question))


def states_quantity(text: str, question: str = "") -> bool:
    """The text names the unit of an amount asked in one (money, a share, kilometres, days, hours),
    and it holds a number (digits 0-9) other than a year, a day, a section or a legal reference
    (followed by what a Dutch count asks for, see ``_counts_in_dutch``); or counts in words
    something the question names ("acht fora" for "hoeveel fora"; a question in another language
    names nothing a Dutch count can be matched to, and "drie landen" is everywhere); or names
    the price, rate or fine a question mentions without asking its value: yes or no ("Will tenders
    be judged on more than price?"), how or why ("Comment partager les coûts ?"). Asked only for a
    question that ``asks_quantity``."""
    value = _asks_value(question)
    units = _UNITS + _VALUE_UNITS if value else _UNITS
    if any(
        re.search(asked, question, re.IGNORECASE) and not re.search(unit, text, re.IGNORECASE) for asked, unit in units
    ):
        return False
    if _HOW_LONG.search(question) and states_year(text):
        return True
    if asks_how_often(question):
        return True  # the rate the unit check above asked for is named
    asked = {w[:4] for w in re.findall(r"[^\W\d_]{4,}", question.lower())}
    dutch_count = _counts_in_dutch(question, units)
    for m in _COUNTED.finditer(_YEARS_AND_REFERENCES.sub(" ", text)):
        if m.group(1) and not dutch_count:
            return True
        if any(w[:4] in asked for w in re.findall(r"[^\W\d_]{4,}", m.group(2).lower())):
            return True
    if value:
        return False
    return any(
        re.search(noun, question, re.IGNORECASE) and re.search(stems, text, re.IGNORECASE)
        for noun, stems in _PRICED_THINGS
    )


def _counts_in_dutch(question: str, units: tuple[tuple[str, str], ...]) -> bool:
    """A Dutch "hoeveel" question counting something other than a price or a unit of money, share,
    distance or time: it is answered by a number followed by what it asked to count ("hoeveel grensarbeiders":
    "350.000 grensarbeiders"; not "hoeveel mensen werken bij het secretariaat"). In another language
    the counted word cannot be matched to the Dutch text."""
    if not re.search(r"\bhoeveel\b", question, re.IGNORECASE) or _PRICED.search(question):
        return False
    if any(re.search(noun, question, re.IGNORECASE) for noun, _ in _PRICED_THINGS):  # "hoeveel kost ..."
        return False
    return not any(re.search(asked, question, re.IGNORECASE) for asked, _ in units)


def _asks_value(question: str) -> bool:
    """The question asks for the value itself ("how much", "which fine"), not yes or no, how or why."""
    return bool(_HOW_MUCH.search(question)) or not (yes_no(question) or _HOW_OR_WHY.search(question))


def yes_no(question: str) -> bool:
    """A question that asks yes or no: it ends with "?" and has no interrogative word in any served language."""
    plain = re.sub(r"\best-ce qu", " ", question, flags=re.IGNORECASE)  # "Est-ce que ...?" asks yes or no
    return question.rstrip().endswith("?") and not _INTERROGATIVE.search(plain)


# When an event happens that a plan names in its own words: entry into force, a decision, an opening.
# "Wann tritt das Abkommen in Kraft?" is not answered by the sentence dating its signature, nor "When will
# the site decision be made?" by the date of a summit that confirmed the project: the text must name the
# event asked about (Dutch stems), as a unit asked must be named.
# Not the conjunctions of "Wanneer je in Luxemburg werkt, ...", "Quand on travaille ...", "When sharing ...".
_WHEN = (
    r"\b(wanneer(?! (je|jij|u|men|ik|we|wij|ze|zij)\b)|quand(?! (on|je|j'|tu|nous|vous|il|elle|ils|elles)\b)|wann|"
    r"bis wann|ab wann|seit wann|zu welchem zeitpunkt|termin)\b|"
    r"\bwhen (will|does|do|did|is|are|was|were|would|must|should|can|could|has|have)\b"
)
# A year asked ("Depuis quelle année ...?", "In welchem Jahr ...?"): the closest sentence must name one.
_ASKS_YEAR = re.compile(r"\b(welk jaar|quel(le)? année|welche[ms]? jahr|what year|which year)\b", re.IGNORECASE)
_EVENTS = (
    (
        r"in werking|inwerkingtreding|van kracht|in kraft|inkrafttret|en vigueur|into force|take effect|"
        r"takes effect|come into effect|comes into effect|verbindlich|bindend|contraignant\w*|binding",
        r"in werking|inwerkingtreding|van kracht|toepassing|\bgeldt\b|\bgelden\b|invoer|ingevoerd",
    ),
    (
        r"\b(beslissing|besluit)\b.{0,40}\b(valt|vallen|genomen|komt)\b|\b(neemt|nemen)\b.{0,40}\b(besluit|beslissing)\b|\bbeslist\b|\bbeslissen\b|"
        r"entscheidung\w*\b.{0,40}\b(fällt|fallen|getroffen|gefällt)|\bentschieden\b|\bentscheidet\b|"
        r"décision\w*.{0,40}\b(prise|tombera|tombe|rendue|attendue)\b|\bdécid(é|ée|era|eront)\b|"
        r"\bdecision\w*.{0,40}\b(made|taken|expected|due)\b|\bdecided?\b",
        r"beslis|besluit|beslot|keuze|gekozen",
    ),
    (
        r"\bopen(s|ed|ing)?\b|geopend|\bopent\b|\bopening\b|eröffn|\böffnet\b|\bouvr\w*|\bouverture\b|"
        r"\bouvert(e|s|es)?\b|in gebruik|in betrieb|mise? en service|\boperational\b|operationeel|opérationnel|"
        r"in(to)? operation|in bedrijf|online (gaan|gaat)|\bgeht\b.{0,40}\bonline|mise? en ligne|go(es)? (live|online)",
        r"\bopen|geopend|opening|in gebruik|operationeel|in dienst|van start|inhuldig|online",
    ),
    (  # a ratification: "When will Luxembourg ratify the police treaty?"
        r"ratif(i|y)\w*|ratificeer\w*|ratificeren",
        r"ratific",
    ),
    (  # a publication: "Wann wird die Studie veröffentlicht?" is not answered by the year the study began
        r"\bpubli(é|ée|és|ées|era|eront|cation)\b|veröffentlich|publiziert|\bpublish\w*|gepubliceerd|publiceer|"
        r"\bverschijnt\b|\bverschijnen\b|\bparution\b|\bsortira\b",
        r"publica|publiceer|gepubliceerd|verschijn|opgeleverd|presenteer|gepresenteerd|voorgesteld|uitgebracht",
    ),
    (  # an obligation: "À partir de quand la facture électronique devient-elle obligatoire ?"
        r"obligatoire|verplicht|verpflichtend|pflicht\b|mandatory|compulsory",
        r"verplicht|obligatoir",
    ),
    (  # an end or a completion: "When will the conversion be finished?" is not answered by "sinds 2004"
        r"\b(termin|achev|fini)(é|ée|és|ées|era|eront)\b|prend(ra)?(-t?-?(il|elle))? fin|"
        r"\bafgerond|\bvoltooid|\bbeëindigd|"
        r"\beindigt|\bafgelopen|abgeschlossen|fertiggestellt|beendet|\bend(et|en|s)?\b|\bcompleted?\b|\bfinished\b|"
        r"\bloopt\b.{0,60}\baf\b|\bafloopt\b|\bexpir\w*|\bläuft\b.{0,80}\b(ab|aus)\b|bis wann läuft",
        r"\btot\b|afgerond|afronding|voltooi|beëindig|afgesloten|eindigt|afloop|loopt af|verlengd",
    ),
)


def asks_event_date(question: str) -> bool:
    """The question asks when (or in which year, from which date) an event happens that a plan names in its
    own words: an entry into force, a decision, an opening, a ratification, a publication, an obligation, an end."""
    when = re.search(_WHEN, question, re.IGNORECASE) or asks_year(question) or asks_precise_date(question)
    return bool(when) and any(re.search(asked, question, re.IGNORECASE) for asked, _ in _EVENTS)


def states_event(text: str, question: str = "") -> bool:
    """The text names the event the question asks the date of (``asks_event_date``) and a time: a year,
    a month, a season or a date."""
    named = all(
        re.search(named, text, re.IGNORECASE) for asked, named in _EVENTS if re.search(asked, question, re.IGNORECASE)
    )
    return named and states_year(text)


def asks_year(question: str) -> bool:
    """The question asks in, since or until which year."""
    return bool(_ASKS_YEAR.search(question))


def states_year(text: str, question: str = "") -> bool:
    """The text names a year or a date."""
    return bool(re.search(_YEAR, text) or states_date(text))


def asks_precise_date(question: str) -> bool:
    """The question asks for a day or a month, not just a year."""
    return bool(_ASKS_PRECISE_DATE.search(question))


def states_date(text: str, question: str = "") -> bool:
    """The text names a month, a season or part of a year, or a numeric date (Dutch plans)."""
    return bool(_STATES_DATE.search(text))


# Where the asker should go to apply, register or report ("Waar vraag ik een vergunning aan?", "Où
# dois-je déposer ma demande ?", "Wo melde ich meinen Betrieb an?"): a where or which-body question in
# the first person, with a verb of applying. A plan answers it only by naming a desk, a portal or an
# agency ("informatieportaal ... voor grensarbeiders"). "Waar moet ik op letten?" asks no place.
_DESK = (
    r"loket|portaal|instantie|dienst|organisatie|website|guichet|portail|organisme|service|administration|"
    r"autorité|bureau|site|stelle|portal|behörde|amt|webseite|office|authority|agency|body|organi[sz]ation"
)
_WHERE_TO = re.compile(
    r"\b(waar|bij wie|bij welke|où|auprès (de|du|des|d')|à qui|wo|wohin|bei wem|bei welche[rm]?|an wen|"
    r"hoe (kan|moet|kunnen|moeten) (ik|je|men|wij|we)|comment (puis-je|pouvons-nous|dois-je|devons-nous|peut-on|"
    r"faire pour|(je|nous|on) (peux|pouvons|dois|devons|peut))|wie (kann|muss|soll|können|müssen) (ich|man|wir|sich)|"
    r"how (do|can|should|must|could) (i|we)|"
    rf"an welche|where|to whom|who (do|should|can|must) (i|we)|(welke?|quel(le)?|welche[snm]?|which|what) ({_DESK}))\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(
    r"\b(ik|mijn|wij|we|ons|onze|je|j|mon|ma|mes|nous|notre|nos|ich|mein\w*|wir|unser\w*|i|my|our)\b", re.IGNORECASE
)
_APPLY = re.compile(
    r"aanvra|\bvraag\b.*\baan\b|\bschrij(f|ven)\b.*\bin\b|\bzeigen?\b.*\ban\b|indien|\bdien\b.*\bin\b|\bmeld|registr|inschrij|terecht|\bwend|"
    r"demand|dépos|inscri|\badress|déclar|"
    r"beantrag|antrag|anmeld|einreich|anlaufstelle|"
    r"aankaart|\bklacht|aangifte|\bbestel|contact|signal|plainte|\bposer\b|\bcommand|"
    r"anzeige|beschwer|kontakt|\bbestell|\bfragen\b|"
    r"\bappl(y|ication)|register|\bfile\b|submit|\breport\b|turn to|\bask\b|\bflag\b|complain|sign up|\border\b|"
    r"request|"
    r"\bquestions?\b",
    re.IGNORECASE,
)
_STATES_OFFICE = re.compile(
    r"loket|portaal|portal|website|www\.|helpdesk|formulier|contactpunt|infopunt|instantie|kantoor|bureau",
    re.IGNORECASE,
)


# A web or mail address asked for ("Quelle est l'adresse internet de ce portail ?") is given only by one.
_ASKS_ADDRESS = re.compile(
    r"\b(adresse (internet|web|e-?mail|électronique|mail)|url|webadres|internetadres|(e-?)?mail-?adres\w*|"
    r"internetadresse|webadresse|web ?address|e-?mail address|website address|adresse du site|courriel|"
    r"(welke|quel|welche[rn]?|which|what) (website|site|webseite|internetseite)|link (naar|to|zum|zur)|lien vers|"
    r"e-?mail$)\b",
    re.IGNORECASE,
)
_STATES_ADDRESS = re.compile(r"www\.|https?://|@|\b\w+\.(nl|be|lu|eu|int|org|com|de|fr)\b", re.IGNORECASE)


def asks_address(question: str) -> bool:
    """The question asks for a web or mail address ("Heeft u het mailadres van ...?" too: a request)."""
    return bool(_ASKS_ADDRESS.search(question.strip().rstrip("?").strip()))


def states_address(text: str, question: str = "") -> bool:
    """The text gives a web or mail address."""
    return bool(_STATES_ADDRESS.search(text))


def in_first_person(question: str) -> bool:
    """The asker speaks of themselves ("ik", "je", "ich", "I", "my", ...)."""
    return bool(_FIRST_PERSON.search(question))


# How the asker goes about applying, registering or reporting: in the first person ("Hoe vraag ik ... aan?",
# "Wie beantrage ich ...?"), or as "how to" ("comment signaler une fraude", "how to report ...").
_HOW_TO = re.compile(
    r"\b(hoe \w+ (ik|we|wij)|wie \w+ (ich|wir|man)|how to|hoe\b.{0,80}\b(melden|aanvragen|registreren|inschrijven|"
    r"indienen)\s*\??$|wie\b.{0,80}\b(melden|beantragen|anmelden|registrieren|einreichen)\s*\??$|comment "
    r"(m'|me |nous |s')?((demand|dépos|déclar|signal|enregistr|postul|contact|command|adress)er\b|inscrire\b|"
    r"porter plainte))",
    re.IGNORECASE,
)


def asks_where_to_go(question: str) -> bool:
    """The asker wants to know where or how to apply, register or report: in the first person, or "how to"."""
    plain = re.sub(r"\bd'où|\boù en (est|sont)\b", " ", question, flags=re.IGNORECASE)  # where from; how far
    asked = all(p.search(plain) for p in (_WHERE_TO, _FIRST_PERSON)) or bool(_HOW_TO.search(plain))
    return asked and bool(_APPLY.search(plain))


def states_office(text: str, question: str = "") -> bool:
    """The text names a desk, a portal, a website, a form or an agency."""
    return bool(_STATES_OFFICE.search(text))


# Where an event takes place or took place, or which city ("Où aura lieu la conférence ?", "In welcher
# Stadt findet ... statt?", "When and where is the Defence Industry Day?"): the plan answers it only by
# naming a place after "in", "te", "naar" or "vanuit" ("in december 2025 in Luxemburg"; "in de
# Benelux" names no place). "Where does the Benelux stand on ...?" asks no place.
# Where an event is held, by language: Dutch "waar" also asks what about ("Waar werken zij aan samen?").
_HELD = (
    r"(waar|op welke (locatie|plaats)) (vindt|vond|vinden|vonden) .{0,80}plaats|"
    r"waar (wordt|werd|worden|werden) .{0,80}(gehouden|georganiseerd|ondertekend)|"
    r"waar (kwamen|komen|kwam|komt) .{0,80}samen|waar (gaat|ging|gaan) .{0,80}\bdoor|"
    r"où\b.{0,80}\b(lieu|tenu\w*|tiendra|tient|déroul\w*|réuni\w*|signé\w*)|"
    r"wo\b.{0,80}\b(statt|veranstaltet|getroffen|unterzeichnet|abgehalten)|"
    r"where\b.{0,80}\b(held|hold|take place|taking place|took place|happen\w*|organi[sz]ed|hosted|meet|met|signed)"
)
_ASKS_PLACE = re.compile(
    r"\b((in )?welke (stad|plaats|gemeente|locatie)|welke (steden|plaatsen)|op welke (locatie|plaats)|"
    r"(dans |en )?quelle ville|quelles villes|quel est le lieu|(in )?welche(r|n)? (stadt|ort)|welche städte|"
    r"in welchen städten|which cit(y|ies)|(in )?what city|venue|locatie van|lieu d[ue]|tagungsort|veranstaltungsort|"
    rf"{_HELD}|"
    r"where and when|when and where|où et quand|quand et où|wann und wo|wo und wann|waar en wanneer|wanneer en waar|"
    r"wo genau|where exactly|où exactement|waar precies|"  # not "Waar ligt de nadruk", "Wo steht die Benelux"
    r"où (se trouve|se situe|est situé|sera situé)|where is .{0,60} located|welche autobahn|quelle autoroute|"
    r"which (motorway|highway)|welke snelweg|auf welcher (strecke|autobahn)|welk traject|quel tronçon)\b",
    re.IGNORECASE,
)
_STATES_PLACE = re.compile(r"(?<![\w-])(in|te|naar|vanuit)\s+(?!Benelux\b)[A-Z][\w'’-]+")


def asks_place(question: str) -> bool:
    """The question asks where an event is held, or which city."""
    return bool(_ASKS_PLACE.search(question))


def states_place(text: str, question: str = "") -> bool:
    """The text names a place after "in", "te", "naar" or "vanuit" (Dutch plans)."""
    return bool(_STATES_PLACE.search(text))


# Which minister, mayor, commissioner or person ("Welke Nederlandse minister leidt ...?", "Quel ministre
# présidera ...?"): answered only by a text naming a person ("L. Schreinemacher", "minister Van der Berg").
# "Wie is voorzitter van ...?" is not asked this way: a country or a body can chair.
_ROLE = (
    r"minister|ministre|ministerin|staatssecretaris|secrétaire d'état|staatssekretär(in)?|commissaris|commissaire|"
    r"kommissar(in)?|commissioner|burgemeester|bourgmestre|maire|bürgermeister(in)?|mayor|persoon|personne|person|"
    r"secretaris-generaal|secrétaires? généra(le?|ux)|generalsekretär(in)?|secretary-general|premier ministre|"
    r"premierminister(in)?|ministerpräsident(in)?|prime minister|regeringsleider|regierungschef(in)?|"
    r"chef de gouvernement|head of government|envoy|envoyé|gezant|gesandte[r]?|ambassadeur|botschafter(in)?|ambassador"
)
_PLURAL = r"(s|e|en|nen|innen|es)?"
# A chair asked by name ("Hoe heet de voorzitter ...?"), not "Wie is voorzitter ...?", which a country answers.
_CHAIR = r"voorzitter|présidente?|präsident(in)?|vorsitzende[r]?|president|chair(man|woman|person)?"
_ASKS_PERSON = re.compile(
    r"\b(welke?|quel(le)?s?|welche[rnms]?|which|wie is|qui est|wer ist|who is|who's)"
    rf"( \w+)?( \w+)? (\w*({_ROLE}){_PLURAL})\b|"
    rf"\b(qui|wer|who)\b.{{0,60}}\b(\w*({_ROLE}){_PLURAL})\b|"
    r"\b(hoe heet|hoe heten|comment s'appelle|comment s'appellent|wie hei(ß|ss)t|wie hei(ß|ss)en|"
    rf"what('s| is| are) the names? of)\b.{{0,30}}\b({_ROLE}|{_CHAIR}){_PLURAL}\b",
    re.IGNORECASE,
)
_STATES_PERSON = re.compile(
    r"\b[A-Z]\.\s?[A-Z][\w'’-]+|\b(minister|staatssecretaris|commissaris|burgemeester|mevrouw|de heer|premier)\s+[A-Z]"
)


def asks_person(question: str) -> bool:
    """The question asks which minister, mayor, commissioner or person."""
    return bool(_ASKS_PERSON.search(question))


def states_person(text: str, question: str = "") -> bool:
    """The text names a person: an initial and a surname, or a title and a name (Dutch plans)."""
    return bool(_STATES_PERSON.search(text))
