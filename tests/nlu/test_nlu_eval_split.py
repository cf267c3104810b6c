"""The evaluation split in bot/nlu_eval.py must never leak: no held-out text may be trained on."""
from collections import Counter

from bot.nlu_eval import HOLD_OUT_EVERY, _h, _norm, load_examples, score, split


def _texts(rows):
    return {_norm(r[0]) for r in rows}


def test_no_held_out_text_is_in_the_training_part():
    train, test = split(load_examples())
    leaked = sorted(_texts(test) & _texts(train))
    assert not leaked, f"held-out texts also in training: {leaked[:10]}"


def test_split_covers_every_example_once_and_holds_out_about_a_fifth():
    rows = load_examples()
    train, test = split(rows)
    assert len(_texts(train) | _texts(test)) == len(_texts(rows))
    assert len(test) == len(_texts(test)), "a held-out text is counted twice"
    assert 0.15 < len(test) / len(rows) < 0.25
    # every held-out group (intent, language) keeps examples to learn from
    trained = Counter((r[1], r[2]) for r in train)
    assert all(trained[(r[1], r[2])] >= 2 for r in test)


def test_split_is_deterministic():
    rows = load_examples()
    assert split(rows) == split(list(reversed(rows)))


def _held_out_text(prefix: str) -> str:
    """A text the split holds out wherever it is an example (its hash is 2 modulo 5)."""
    return next(f"{prefix} {i}" for i in range(100) if int(_h(f"{prefix} {i}"), 16) % HOLD_OUT_EVERY == 2)


def test_a_text_shared_by_two_groups_is_not_trained_on_when_held_out():
    # a text that is an example of deny in both languages and of affirm: held out once, never trained on
    shared = _held_out_text("nope")
    rows = [(f"deny example {i}", "deny", lang) for i in range(12) for lang in ("nb", "en")]
    rows += [(shared.capitalize(), "deny", "nb"), (shared + " ", "deny", "en"), (shared.upper(), "affirm", "en")]
    rows += [(f"affirm example {i}", "affirm", "en") for i in range(6)]
    train, test = split(rows)
    assert _norm(shared) in _texts(test)
    assert not _texts(test) & _texts(train)
    assert [_norm(r[0]) for r in test].count(_norm(shared)) == 1


def test_adding_examples_never_moves_another_one():
    # rounds of data work must stay comparable: whether an example is held out depends on its own text only
    rows = load_examples()
    train, test = split(rows)
    extra = [(f"nytt eksempel {i}", intent, lang) for i, (_, intent, lang) in enumerate(rows[::50])]
    train2, test2 = split(rows + extra)
    old = _texts(rows)
    assert {t for t in _texts(test2) if t in old} == _texts(test)
    assert {t for t in _texts(train2) if t in old} == _texts(train)
    assert _texts(test2) - old, "none of the new examples was held out"


def test_a_small_group_keeps_two_examples_to_learn_from():
    held = [(_held_out_text(f"small {i}"), "rare", "nb") for i in range(3)]
    train, test = split(held)
    assert len(train) == 2 and len(test) == 1


def test_faq_gold_counts_as_faq_and_fallback_counts_as_wrong():
    rows = [("hva er uskifte", "faq/death_uskifte", "nb"), ("hei", "greet", "nb"), ("ja", "affirm", "nb")]
    parsed = [
        {"intent": {"name": "faq", "confidence": 0.9},
         "response_selector": {"faq": {"response": {"intent_response_key": "faq/death_uskifte"}}}},
        {"intent": {"name": "nlu_fallback", "confidence": 0.4},
         "intent_ranking": [{"name": "nlu_fallback"}, {"name": "greet"}]},
        {"intent": {"name": "thanks", "confidence": 0.8}},
    ]
    figures, errors, response_errors = score(rows, parsed)
    nb = figures["nb"]
    assert nb["intent_accuracy"] == round(1 / 3, 4)
    assert nb["intent_accuracy_without_fallback"] == round(2 / 3, 4)
    assert nb["response_selector_accuracy"] == 1.0
    assert [e["gold"] for e in errors] == ["greet", "affirm"]
    assert response_errors == []
    assert nb["response_answered"] == 0.0  # right, but with no confidence it would not be answered


def test_a_faq_question_counts_as_answered_only_when_right_and_sure_enough():
    rows = [("hva er uskifte", "faq/death_uskifte", "nb"), ("uskifte?", "faq/death_uskifte", "nb"),
            ("hvor lenge permisjon", "faq/child_leave", "nb")]
    def selected(key, confidence):
        return {"intent": {"name": "faq", "confidence": 0.9},
                "response_selector": {"faq": {"response": {"intent_response_key": key, "confidence": confidence}}}}
    parsed = [selected("faq/death_uskifte", 0.9), selected("faq/death_uskifte", 0.1),
              selected("faq/death_uskifte", 0.9)]
    figures, _, response_errors = score(rows, parsed)
    assert figures["nb"]["response_selector_accuracy"] == round(2 / 3, 4)
    assert figures["nb"]["response_answered"] == round(1 / 3, 4)
    assert response_errors == [{"language": "nb", "text": "hvor lenge permisjon", "gold": "faq/child_leave",
                                "selected": "faq/death_uskifte", "confidence": 0.9}]
