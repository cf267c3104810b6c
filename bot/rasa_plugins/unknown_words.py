"""A featurizer that tells the classifier how many of a message's words it has not learnt from.

The word features know only the words of our own examples. To them "how long do I boil an egg" looks like an FAQ
question: the only words they know are "how long do I". What sets such a message apart is that most of its words
are unknown, and this featurizer makes that a feature.

Training must see the same thing as a real conversation: a word of a training example that occurs in no *other*
example is one the classifier could not have learnt from elsewhere, so it counts as unknown there (leave one
out). In a conversation, a word that occurs in no training example is unknown. Numbers never count.

Features: per token, 1 when the token is unknown (sequence); per message, which of five bands the share of unknown
words falls in (sentence): none, under a quarter, under a half, under all, all.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Dict, List, Optional, Text, Type

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa_plugins import stored_json

BANDS = 5
FILENAME = "document_frequency.json"


def _word(token_text: str) -> Optional[str]:
    """The form a token is counted under, or None for a number (numbers are never unknown)."""
    word = token_text.lower()
    return None if word.replace(",", "").replace(".", "").isdigit() else word


def band(unknown: int, total: int) -> int:
    """0 none unknown, 1 under a quarter, 2 under a half, 3 under all, 4 all."""
    if total == 0 or unknown == 0:
        return 0
    share = unknown / total
    if share >= 1:
        return 4
    return 1 if share < 0.25 else 2 if share < 0.5 else 3


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class UnknownWordsFeaturizer(SparseFeaturizer, GraphComponent):
    @classmethod
    def required_components(cls) -> List[Type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**SparseFeaturizer.get_default_config()}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 execution_context: ExecutionContext, document_frequency: Optional[Dict[str, int]] = None) -> None:
        super().__init__(execution_context.node_name, config)
        self._model_storage = model_storage
        self._resource = resource
        # in how many training examples each word occurs
        self.document_frequency: Dict[str, int] = document_frequency or {}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "UnknownWordsFeaturizer":
        return cls(config, model_storage, resource, execution_context)

    def train(self, training_data: TrainingData) -> Resource:
        counts: Counter = Counter()
        for message in training_data.training_examples:
            counts.update({w for w in self._words(message) if w})
        self.document_frequency = dict(counts)
        return stored_json.save(self._model_storage, self._resource, FILENAME, self.document_frequency)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "UnknownWordsFeaturizer":
        # none stored: every word counts as unknown
        frequency = stored_json.read(model_storage, resource, FILENAME, cls.__name__) or {}
        return cls(config, model_storage, resource, execution_context, frequency)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            # the example's own occurrence does not count: seen elsewhere means in at least one other example
            self._featurize(message, seen_elsewhere=2)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._featurize(message, seen_elsewhere=1)
        return messages

    @staticmethod
    def _words(message: Message) -> List[Optional[str]]:
        return [_word(token.text) for token in message.get(TOKENS_NAMES[TEXT]) or []]

    def _featurize(self, message: Message, seen_elsewhere: int) -> None:
        words = self._words(message)
        if not words:
            return  # no tokens (nothing for any featurizer to describe)
        unknown = np.array([1.0 if w and self.document_frequency.get(w, 0) < seen_elsewhere else 0.0
                            for w in words])
        counted = sum(1 for w in words if w)
        sentence = np.zeros((1, BANDS))
        sentence[0, band(int(unknown.sum()), counted)] = 1.0
        self.add_features_to_message(sequence=scipy.sparse.coo_matrix(unknown.reshape(-1, 1)),
                                     sentence=scipy.sparse.coo_matrix(sentence), attribute=TEXT, message=message)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        pass
