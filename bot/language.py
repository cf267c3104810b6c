"""Which language a citizen writes in: Norwegian ("nb") or English ("en").

Plain Python, no Rasa import. The assistant answers in Bokmål or English; Nynorsk input is understood and
answered in Bokmål (``detect`` returns "nb", ``is_nynorsk`` tells the two written standards apart).

    detect(text, previous)      -> "nb" | "en"   (short or unclear text keeps ``previous``)
    is_nynorsk(text)            -> bool
    requested_language(text)    -> "nb" | "en" | None  (an explicit request to switch)

The statistical part is lingua-language-detector, restricted to Bokmål, Nynorsk and English and built once,
on first use. A few marker words help where lingua hesitates (short texts, mixed Norwegian and English).
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache

NB = "nb"
EN = "en"
DEFAULT = NB

# lingua must prefer one side by at least this much before we trust it over the previous language.
MARGIN = 0.30
FIRST_MESSAGE_MARGIN = 0.1
# Texts with fewer letters than this are too short for lingua (e.g. "ok", "NAV", "ja").
MIN_LETTERS = 4

_WORD = re.compile(r"[a-zA-ZæøåÆØÅéèüäöÄÖÜ']+")

# Words that are (almost) only Norwegian or only English. Kept short on purpose: they break ties, they do not
# replace the detector.
NORWEGIAN_MARKERS = frozenset(
    """
    jeg eg ikke ikkje og hva kva hvordan korleis kvifor hvorfor hvem kven min mitt mine mi meg deg du det er
    har skal vil kan må ble blir vi me dere de hos til fra frå med som når kor hvor nå no også òg etter mot
    eller men bare berre mye mykje noe noko noen nokon ingen inga sin sitt hun ho han gikk døde døydde død
    barn jobb jobben søke søknad takk hei hallo sånn slik dette denne disse være vere ein eit ei en et av på
    """.split()
)
ENGLISH_MARKERS = frozenset(
    """
    i i'm i've i'd me my mine you your the a an is are was were be been have has had do does did what how
    why who when where which this that these those with from for of and or but not no yes please thanks
    thank can could should would will want need just my our we us they their he she his her it its
    about after before help died passed away child baby job company
    hello hi hey goodbye bye delete now again someone person
    """.split()
)
# "i", "a", "no", "de", "en" ... are shared or ambiguous; these are removed from the counts below.
_AMBIGUOUS = frozenset({"i", "a", "no", "de", "en", "et", "me", "for", "mine", "from", "have", "her", "is",
                        "ho", "sin", "to", "på", "til", "av", "over", "under", "hei"})

NYNORSK_MARKERS = frozenset(
    """
    eg ikkje kva kvifor korleis kven kor kvar ho noko nokon mykje berre frå heime døydde døyr gjere eit
    ein vere vore sjølv dykk dei deira meir seinare eigen eiga mista fekk gjekk sjukt sjuk kome
    korleis høyrer òg ynskjer treng
    """.split()
)

_detector = None
_detector_lock = threading.Lock()


def _get_detector():
    """The lingua detector, built once (it takes a moment and some memory)."""
    global _detector
    if _detector is None:
        with _detector_lock:
            if _detector is None:
                from lingua import Language, LanguageDetectorBuilder

                _detector = LanguageDetectorBuilder.from_languages(
                    Language.BOKMAL, Language.NYNORSK, Language.ENGLISH
                ).build()
    return _detector


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


@lru_cache(maxsize=2048)
def _scores(text: str) -> tuple[float, float, float]:
    """(bokmål, nynorsk, english) confidence from lingua, summing to about 1."""
    values = {c.language.name: c.value for c in _get_detector().compute_language_confidence_values(text)}
    return values.get("BOKMAL", 0.0), values.get("NYNORSK", 0.0), values.get("ENGLISH", 0.0)


def _marker_counts(words: list[str]) -> tuple[int, int]:
    no = sum(1 for w in words if w in NORWEGIAN_MARKERS and w not in _AMBIGUOUS)
    en = sum(1 for w in words if w in ENGLISH_MARKERS and w not in _AMBIGUOUS)
    return no, en


def detect(text: str, previous: str | None = None) -> str:
    """"nb" or "en" for a citizen's message. Short or unclear text keeps ``previous`` (default "nb")."""
    # A first message has no earlier language to keep, so a smaller lead is enough to decide.
    margin = MARGIN if previous in (NB, EN) else FIRST_MESSAGE_MARGIN
    previous = previous if previous in (NB, EN) else DEFAULT
    if not isinstance(text, str):
        return previous
    text = text[:2000]
    words = _words(text)
    letters = sum(len(w) for w in words)
    has_special = bool(re.search(r"[æøåÆØÅ]", text))
    no_markers, en_markers = _marker_counts(words)

    if letters < MIN_LETTERS or len(words) == 0:
        return previous
    if len(words) == 1 and not has_special:
        # One word ("ok", "NAV", "takk", "hello"): only an unambiguous marker moves us.
        if no_markers and not en_markers:
            return NB
        if en_markers and not no_markers:
            return EN
        return previous

    bokmal, nynorsk, english = _scores(text)
    # Short English lines ("talk to a person", "delete my data") split lingua's Norwegian share between Bokmål
    # and Nynorsk less than English loses it: with English words and no Norwegian ones, English wins when it is
    # the single likeliest language or has two marker words.
    if not has_special and no_markers == 0 and en_markers and (english >= max(bokmal, nynorsk) or en_markers >= 2):
        return EN
    norwegian = bokmal + nynorsk
    if has_special:
        norwegian += 0.25
    # Marker words: each one shifts the balance a little.
    norwegian += 0.12 * no_markers
    english += 0.12 * en_markers
    if norwegian - english >= margin:
        return NB
    if english - norwegian >= margin:
        return EN
    return previous


def is_nynorsk(text: str) -> bool:
    """True when the text looks like Nynorsk rather than Bokmål (replies are still in Bokmål)."""
    if not isinstance(text, str):
        return False
    words = _words(text[:2000])
    if not words:
        return False
    markers = sum(1 for w in words if w in NYNORSK_MARKERS)
    if markers >= 2 or (markers == 1 and len(words) <= 4):
        return True
    if sum(len(w) for w in words) < 8:
        return False
    bokmal, nynorsk, english = _scores(text[:2000])
    return nynorsk > english and nynorsk - bokmal >= 0.25


# --- explicit requests to switch language ------------------------------------------------------------
_EN_WORD = r"(engelsk|english|engelske|eng)"
_NB_WORD = r"(norsk|norwegian|bokmål|bokmal|nynorsk|norsken|norskt)"
_REQUEST_VERB = (
    r"(svar|svare|svarer|snakk|snakke|snakker|skriv|skrive|bytt|bytte|byt|ta det|forklar|"
    r"answer|reply|respond|speak|talk|write|switch|change|continue|go|use|prefer)"
)
_NEGATION = r"(don't|dont|do not|doesn't|can't|cannot|not|ikke|ikkje|ikkje|no)"


def requested_language(text: str) -> str | None:
    """"en" or "nb" when the text asks to switch language ("svar på engelsk", "in Norwegian please",
    "English"); None when it does not (also for mere mentions such as "norsk statsborgerskap")."""
    if not isinstance(text, str):
        return None
    t = text[:500].lower().strip()
    words = _words(t)
    if not words:
        return None
    en_hit = re.search(rf"\b{_EN_WORD}\b", t)
    nb_hit = re.search(rf"\b{_NB_WORD}\b", t)
    if not en_hit and not nb_hit:
        return None
    # "I don't speak Norwegian", "jeg forstår ikke norsk", "snakker ikke engelsk"
    neg_nb = re.search(rf"\b{_NEGATION}\b(\s+\w+){{0,3}}\s+{_NB_WORD}\b", t)
    neg_en = re.search(rf"\b{_NEGATION}\b(\s+\w+){{0,3}}\s+{_EN_WORD}\b", t)
    if neg_nb and not neg_en:
        return EN
    if neg_en and not neg_nb:
        return NB

    def looks_like_request() -> bool:
        if len(words) <= 3:
            return True
        if re.search(rf"\b(på|paa|in|into)\s+(\w+\s+)?({_EN_WORD}|{_NB_WORD})\b", t):
            return True
        if re.search(rf"\b{_REQUEST_VERB}\b", t):
            return True
        return bool(re.search(r"\b(please|takk|pls)\b", t)) and len(words) <= 5

    if not looks_like_request():
        return None
    if en_hit and nb_hit:
        # Both mentioned: the one mentioned last is usually the wish ("ikke norsk, engelsk").
        return EN if en_hit.start() > nb_hit.start() else NB
    return EN if en_hit else NB
