"""The guard against confident guesses on words the assistant was never taught."""
from bot.dialogue.vocabulary import knows_any_word, known_words


def test_the_vocabulary_comes_from_the_training_examples():
    vocabulary = known_words()
    assert {"døde", "jobben", "baby"} <= vocabulary
    assert "plimp" not in vocabulary


def test_messages_without_a_known_word_are_not_understood():
    assert not knows_any_word("blørk snarf plimp")
    assert not knows_any_word("bla bla bla " * 50)


def test_ordinary_messages_and_payloads_pass():
    for text in ("faren min døde i går", "NAV money baby?", "mamma sovnet inn i natt", '/step_done{"step_id": "x"}',
                 "🙂🙂", "", "12"):
        assert knows_any_word(text), text
