"""The featurizer that counts words the classifier has not learnt from (bot/rasa_plugins/unknown_words.py)."""
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa_plugins.tokenizer import VeiviserTokenizer
from bot.rasa_plugins.unknown_words import UnknownWordsFeaturizer, band

TOKENIZER = VeiviserTokenizer(VeiviserTokenizer.get_default_config())
CONFIG = {**UnknownWordsFeaturizer.get_default_config(), "alias": "unknown_words"}


def message(text, intent=None):
    found = Message(data={TEXT: text, **({INTENT: intent} if intent else {})})
    TOKENIZER.process([found])
    return found


def features(found):
    sequence, sentence = found.get_sparse_features(TEXT)
    return sequence.features.toarray()[:, 0].tolist(), sentence.features.toarray()[0].tolist()


@pytest.fixture
def trained(tmp_path):
    storage, resource = LocalModelStorage(tmp_path), Resource("unknown_words")
    context = ExecutionContext(GraphSchema({}), node_name="unknown_words")
    data = TrainingData([message("faren min døde i går", "event"), message("mora mi døde", "event"),
                         message("hva er uskifte", "faq"), message("hva er arv", "faq")])
    featurizer = UnknownWordsFeaturizer.create(CONFIG, storage, resource, context)
    featurizer.train(data)
    return UnknownWordsFeaturizer.load(CONFIG, storage, resource, context), data


def test_bands_of_the_share_of_unknown_words():
    assert [band(0, 4), band(1, 5), band(1, 3), band(3, 4), band(2, 2), band(0, 0)] == [0, 1, 2, 3, 4, 0]


def test_in_a_conversation_a_word_is_unknown_when_no_example_has_it(trained):
    featurizer, _ = trained
    found = message("hva er et egg")
    featurizer.process([found])
    sequence, sentence = features(found)
    assert sequence == [0, 0, 1, 1]
    assert sentence == [0, 0, 0, 1, 0]  # half unknown: the band "under all"


def test_numbers_are_never_unknown(trained):
    featurizer, _ = trained
    found = message("døde 2026")
    featurizer.process([found])
    assert features(found) == ([0, 0], [1, 0, 0, 0, 0])


def test_in_training_a_word_only_its_own_example_has_counts_as_unknown(trained):
    featurizer, data = trained
    featurizer.process_training_data(data)
    first, _, third, _ = data.training_examples
    # "døde" is in two examples, "faren", "min", "i", "går" only in the first
    assert features(first) == ([1, 1, 0, 1, 1], [0, 0, 0, 1, 0])
    assert features(third) == ([0, 0, 1], [0, 0, 1, 0, 0])


def test_an_untrained_featurizer_calls_every_word_unknown(tmp_path):
    context = ExecutionContext(GraphSchema({}), node_name="unknown_words")
    featurizer = UnknownWordsFeaturizer.load(CONFIG, LocalModelStorage(tmp_path), Resource("none"), context)
    found = message("hei der")
    featurizer.process([found])
    assert features(found) == ([1, 1], [0, 0, 0, 0, 1])


@pytest.mark.parametrize("text", ["", "     "])
def test_empty_or_blank_text_still_gets_features_of_the_same_width(trained, text):
    featurizer, _ = trained
    found = message(text)
    featurizer.process([found])
    sequence, sentence = found.get_sparse_features(TEXT)
    assert sentence.features.shape == (1, 5)
    assert sequence.features.shape[0] == len(found.get("text_tokens"))
