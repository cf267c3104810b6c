"""The sentence-embedding featurizer (bot/rasa_plugins/sentence_embeddings.py), with the real bundled model."""
import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa_plugins.sentence_embeddings import MAX_CHARACTERS, SentenceEmbeddingFeaturizer, embed

CONTEXT = ExecutionContext(GraphSchema({}), node_name="sentence_embeddings")


def featurizer(**config):
    full = {**SentenceEmbeddingFeaturizer.get_default_config(), "alias": "sentence_embeddings", **config}
    SentenceEmbeddingFeaturizer.validate_config(full)
    return SentenceEmbeddingFeaturizer.create(full, None, None, CONTEXT)


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


@pytest.mark.parametrize("scale", [0, -1, "big"])
def test_a_bad_scale_is_refused(scale):
    with pytest.raises(ValueError, match="scale must be a positive number"):
        featurizer(scale=scale)
