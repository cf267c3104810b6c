"""The training examples themselves: enough of each kind, and no text that teaches two meanings."""
from collections import Counter, defaultdict

import pytest
import yaml

from bot.lexicon import LEXICON_DIR, load
from bot.nlu_eval import _norm, load_examples

ROWS = load_examples()
COUNTS = Counter((intent if not intent.startswith("faq/") else intent, lang) for _, intent, lang in ROWS)
INTENTS = sorted({intent for _, intent, _ in ROWS if not intent.startswith("faq/")})

# The floors of docs/nlu.md ("Adding examples"): below them the held-out figures fall.
FLOORS = {"what_next": 170, "step_done": 350, "check_status": 230, "affirm": 170, "deny": 170,
          "inform": 600, "out_of_scope": 450}


def floor(intent: str) -> int:
    if intent.startswith("event_"):
        return 190
    return FLOORS.get(intent, 110)


@pytest.mark.parametrize("intent", INTENTS)
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_intent_has_its_floor_of_examples(intent, lang):
    assert COUNTS[(intent, lang)] >= floor(intent), f"{intent} [{lang}] has {COUNTS[(intent, lang)]} examples"


def test_every_faq_question_has_thirty_examples_per_language():
    short = {key: n for key, n in COUNTS.items() if key[0].startswith("faq/") and n < 30}
    assert not short, short


def test_no_text_is_an_example_of_two_intents():
    labels = defaultdict(set)
    for text, intent, _ in ROWS:
        labels[_norm(text)].add(intent)
    clashes = {text: sorted(found) for text, found in labels.items() if len(found) > 1}
    assert not clashes, clashes


# docs/nlu.md ("Keep intents apart"): answers with life-event words teach NLU to read first messages as answers.
LEXICON = load()
LIFE_EVENT_CONCEPTS = set(yaml.safe_load((LEXICON_DIR / "life_events.yml").read_text(encoding="utf-8"))["concepts"])
MAX_INFORM_WITH_EVENT_WORDS = 0.2


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_few_inform_examples_carry_life_event_words(lang):
    answers = [text for text, intent, language in ROWS if intent == "inform" and language == lang]
    with_event_words = [text for text in answers if LEXICON.concepts_in(text) & LIFE_EVENT_CONCEPTS]
    share = len(with_event_words) / len(answers)
    assert share <= MAX_INFORM_WITH_EVENT_WORDS, (
        f"{len(with_event_words)} of {len(answers)} [{lang}] inform examples ({share:.0%}) have life-event words, "
        f"e.g. {with_event_words[-5:]}")
