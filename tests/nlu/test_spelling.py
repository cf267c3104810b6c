"""Typo correction for the sentence embedding (bot/rasa_plugins/spelling.py)."""
from bot.rasa_plugins.spelling import Speller, word_frequency

EXAMPLES = ["jeg vil starte en bedrift", "starte bedrift i Norge", "registrere bedrift", "starte på nytt",
            "starte på nytt takk", "begravelse for far", "når er begravelse", "søke dagpenger", "dagpenger nå",
            "enkeltpersonforetak eller aksjeselskap", "hva koster enkeltpersonforetak", "bil", "bil i dag"]


def speller():
    return Speller(word_frequency(EXAMPLES))


def test_word_frequency_counts_examples_not_occurrences_and_ignores_case_and_numbers():
    frequency = word_frequency(["Bedrift bedrift 2026", "bedrift"])
    assert frequency == {"bedrift": 2}


def test_a_word_one_edit_from_an_example_word_is_put_right():
    assert speller().correct("starte bedrft") == "starte bedrift"
    assert speller().correct("begravlse") == "begravelse"


def test_long_words_may_be_two_edits_away_shorter_ones_only_one():
    assert speller().correct("enkelpersonforetk") == "enkeltpersonforetak"
    assert speller().correct("dagpngr") == "dagpngr"  # 7 letters, two edits from "dagpenger": left alone


def test_known_short_and_far_words_are_left_as_they_are():
    text = "Starte bli biil xyzzy blørk"  # "biil" is one edit from "bil", but four letters is too short to judge
    assert speller().correct(text) == text


def test_a_word_of_one_example_only_counts_as_unknown_when_training():
    frequency = word_frequency(["starte bedrift", "starte bedrift nå", "starte bedrft"])
    assert Speller(frequency).correct("starte bedrft", seen_elsewhere=1) == "starte bedrft"  # a conversation
    assert Speller(frequency).correct("starte bedrft", seen_elsewhere=2) == "starte bedrift"  # its own example


def test_no_examples_means_no_corrections():
    assert Speller({}).correct("starte bedrft") == "starte bedrft"
