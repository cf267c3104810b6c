"""The sentence-embedding featurizer (bot/rasa_plugins/sentence_embeddings.py), with the real bundled model."""
import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa_plugins.sentence_embeddings import MAX_CHARACTERS, SentenceEmbeddingFeaturizer, embed, embedding_text

CONTEXT = ExecutionContext(GraphSchema({}), node_name="sentence_embeddings")


def featurizer(**config):
    full = {**SentenceEmbeddingFeaturizer.get_default_config(), "alias": "sentence_embeddings", **config}
    SentenceEmbeddingFeaturizer.validate_config(full)
    return SentenceEmbeddingFeaturizer.create(full, None, None, CONTEXT)


def trained(tmp_path, examples, **config):
    """A featurizer trained on the examples and loaded again, as Rasa does between training and serving."""
    full = {**SentenceEmbeddingFeaturizer.get_default_config(), "alias": "sentence_embeddings", **config}
    storage, resource = LocalModelStorage(tmp_path), Resource("sentence_embeddings")
    SentenceEmbeddingFeaturizer.create(full, storage, resource, CONTEXT).train(
        TrainingData([Message(data={TEXT: text, INTENT: "any"}) for text in examples]))
    return SentenceEmbeddingFeaturizer.load(full, storage, resource, CONTEXT)


def embedded(featurizer_, text):
    message = Message(data={TEXT: text})
    featurizer_.process([message])
    return sentence_features(message)[0]


def sentence_features(message):
    sequence, sentence = message.get_dense_features(TEXT)
    assert sequence is None  # one row per message, none per word
    return sentence.features


def test_a_message_and_its_translation_are_closer_than_another_life_event():
    died_nb, died_en, born_en = embed(["mamma sovnet inn i natt", "my mother died last night",
                                       "we had a baby yesterday"])
    assert died_nb @ died_en > died_nb @ born_en


def test_embeddings_have_unit_length_and_are_the_same_every_time():
    first = embed(["hva er uskifte", "what is uskifte"])
    again = embed(["hva er uskifte", "what is uskifte"])
    assert first.shape == (2, 384)
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-4)
    assert np.allclose(first, again)


def test_each_message_gets_one_scaled_sentence_row():
    messages = [Message(data={TEXT: "jeg har mistet jobben"}), Message(data={TEXT: "I lost my job"})]
    featurizer(scale=3).process(messages)
    rows = [sentence_features(m) for m in messages]
    assert [r.shape for r in rows] == [(1, 384), (1, 384)]
    assert np.allclose([np.linalg.norm(r) for r in rows], 3.0, atol=1e-3)


def test_training_examples_are_featurized_and_messages_without_text_are_left_alone():
    examples = [Message(data={TEXT: "faren min døde", INTENT: "life_event_death"}), Message(data={INTENT: "greet"})]
    featurizer().process_training_data(TrainingData(examples))
    assert sentence_features(examples[0]).shape == (1, 384)
    assert examples[1].get_dense_features(TEXT) == (None, None)


@pytest.mark.parametrize("text", ["", "   ", "😀😀😀", "<script>alert(1)</script>", "ord " * 2500])
def test_odd_input_still_gets_a_unit_vector(text):
    vector = embed([text])[0]
    assert vector.shape == (384,)
    assert np.isfinite(vector).all()
    assert abs(np.linalg.norm(vector) - 1.0) < 1e-3


def test_a_long_message_is_cut_so_only_its_start_counts():
    start = "min far døde i går " * 8
    assert len(start) < MAX_CHARACTERS
    long_one = start + "x" * (MAX_CHARACTERS * 10)
    cut = start + "x" * (MAX_CHARACTERS - len(start))
    assert np.allclose(embed([long_one]), embed([cut]), atol=1e-5)


BUSINESS = ["jeg vil starte en bedrift", "starte bedrift", "registrere bedrift", "starte på nytt", "start på nytt"]


def test_a_typo_is_embedded_as_the_example_word_it_is_one_edit_from(tmp_path):
    featurizer_ = trained(tmp_path, BUSINESS)
    assert np.allclose(embedded(featurizer_, "starte bedrft"), embedded(featurizer_, "starte bedrift"), atol=1e-5)


def test_without_spelling_correction_a_typo_is_embedded_as_typed(tmp_path):
    featurizer_ = trained(tmp_path, BUSINESS, spelling_correction=False)
    assert not np.allclose(embedded(featurizer_, "starte bedrft"), embedded(featurizer_, "starte bedrift"),
                           atol=1e-3)


def test_training_corrects_a_typo_that_only_its_own_example_has(tmp_path):
    featurizer_ = trained(tmp_path, BUSINESS + ["starte bedrft"])
    examples = [Message(data={TEXT: "starte bedrft", INTENT: "any"})]
    featurizer_.process_training_data(TrainingData(examples))
    assert np.allclose(sentence_features(examples[0])[0], embedded(featurizer_, "starte bedrift"), atol=1e-5)
    # in a conversation the same word is one of the examples' words, and is embedded as typed
    assert not np.allclose(embedded(featurizer_, "starte bedrft"), embedded(featurizer_, "starte bedrift"),
                           atol=1e-3)


def test_markup_and_runs_of_white_space_are_not_embedded():
    featurizer_ = featurizer()
    assert np.allclose(embedded(featurizer_, "<b>faren min</b>   døde <script>alert(1)</script>"),
                       embedded(featurizer_, "faren min døde"), atol=1e-5)


def test_the_text_corrected_and_embedded_has_no_markup_and_is_cut():
    assert embedding_text("<i>mor</i>\n  døde") == "mor døde"
    assert embedding_text(None) == ""
    assert embedding_text("å" * (MAX_CHARACTERS + 5)) == "å" * MAX_CHARACTERS


@pytest.mark.parametrize("scale", [0, -1, "big"])
def test_a_bad_scale_is_refused(scale):
    with pytest.raises(ValueError, match="scale must be a positive number"):
        featurizer(scale=scale)
