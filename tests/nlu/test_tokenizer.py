"""The tokenizer that feeds the classifier: markup dropped, long messages cut to their beginning."""
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.rasa_plugins.tokenizer import MAX_TOKENS, VeiviserTokenizer, folded, without_markup


def words(text: str) -> list[str]:
    tokenizer = VeiviserTokenizer(VeiviserTokenizer.get_default_config())
    return [token.text for token in tokenizer.tokenize(Message(data={TEXT: text}), TEXT)]


def test_script_elements_and_tags_are_not_words():
    assert words("<script>alert(1)</script> hva nå?") == ["hva", "na"]
    assert words('<b>faren</b> min <a href="x">døde</a>') == ["faren", "min", "dode"]


def test_offsets_stay_those_of_the_original_text():
    text = "<i>hei</i> der"
    tokenizer = VeiviserTokenizer(VeiviserTokenizer.get_default_config())
    tokens = tokenizer.tokenize(Message(data={TEXT: text}), TEXT)
    assert [text[t.start:t.end] for t in tokens] == ["hei", "der"]
    assert len(without_markup(text)) == len(text)


def test_comparison_signs_are_not_markup():
    assert words("a < b > c") == ["a", "b", "c"]


def test_a_long_message_is_read_from_its_beginning():
    text = "faren min døde i går " + "og så " * 5000
    got = words(text)
    assert len(got) == MAX_TOKENS
    assert got[:3] == ["faren", "min", "dode"]


def test_only_markup_or_emoji_still_gives_a_token():
    assert words("<br>") == ["br"]  # only markup: the classifier sees the tag name rather than nothing
    assert words("😀") == ["😀"]


def test_plain_text_is_tokenized_as_rasa_does_in_folded_letters():
    assert words("Jeg har søkt dagpenger, hva nå?") == ["jeg", "har", "sokt", "dagpenger", "hva", "na"]


def test_words_typed_without_norwegian_letters_are_the_same_word():
    assert folded("døde") == folded("dode") == folded("doede") == "dode"
    assert folded("på") == folded("pa") == folded("paa") == "pa"
    assert folded("Ærlig") == "aerlig" and folded("idé") == "ide"
    assert words("Fødsel") == words("fodsel")
