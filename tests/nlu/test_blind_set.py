"""The blind set (tests/nlu/blind_set.yml) measures the NLU on messages nobody trained on: it must stay apart from
the training data, use only labels the model knows, and cover every life event in both languages."""
from collections import Counter

import pytest

from bot.faq import load_faq
from bot.nlu_eval import LANGUAGES, _norm, load_blind_set, load_examples

LIFE_EVENTS = ("event_death_and_inheritance", "event_having_a_child", "event_job_loss", "event_new_in_norway",
               "event_seriously_ill_child", "event_starting_a_business", "event_voluntary_organisation")


@pytest.fixture(scope="module")
def blind():
    rows = load_blind_set()
    assert rows, "tests/nlu/blind_set.yml is missing or empty"
    return rows


def test_no_blind_message_is_a_training_example(blind):
    trained = {_norm(text) for text, _, _ in load_examples()}
    leaked = sorted(text for text, _, _ in blind if _norm(text) in trained)
    assert not leaked, f"these blind-set messages are also training examples; reword them: {leaked[:10]}"


def test_blind_messages_are_unique(blind):
    counts = Counter(_norm(text) for text, _, _ in blind)
    assert [t for t, n in counts.items() if n > 1] == []


def test_every_label_is_an_intent_or_faq_question_the_model_knows(blind):
    intents = {intent for _, intent, _ in load_examples() if not intent.startswith("faq/")}
    faq = {f"faq/{q}" for q in load_faq()}
    unknown = sorted({intent for _, intent, _ in blind} - intents - faq)
    assert unknown == [], f"labels that are neither an intent nor an FAQ id: {unknown}"
    assert {lang for _, _, lang in blind} == set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_life_event_and_many_faq_questions_are_covered(blind, language):
    labels = Counter(intent for _, intent, lang in blind if lang == language)
    assert all(labels[event] >= 10 for event in LIFE_EVENTS), {e: labels[e] for e in LIFE_EVENTS}
    assert sum(n for label, n in labels.items() if label.startswith("faq/")) >= 60
    assert sum(label.startswith("faq/") for label in labels) >= 30
    assert sum(labels.values()) >= 250
