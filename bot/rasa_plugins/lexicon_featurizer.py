"""A featurizer that marks the words of the lexicon's concepts (bot/lexicon.py, data/lexicon/*.yml).

The lexicon reaches Rasa as lookup tables named lexicon_<concept> (`python -m bot.lexicon build`), so a change to it
changes the training data and retrains the model. Training copies the concepts into the model: a trained model
does not read data/lexicon.

Features: per token, which concepts it is part of (sequence); per message, which concepts occur in it (sentence).
With `opening_words: N`, each concept also gets one feature per position 1..N for a match that starts at that word:
word order tells a question from a report ("har de sendt brevet?" opens with a verb and its subject, "har sendt
brevet" with a verb and what was done), and a bag of words cannot see order.

Place it after the tokenizer. Give the RegexFeaturizer `use_lookup_tables: false`, or it also turns the tables into
(case-sensitive, unfolded) regex features.
"""
from __future__ import annotations

import logging
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

from bot.lexicon import LOOKUP_PREFIX, Lexicon, lexicon_word
from bot.rasa_plugins import stored_json

logger = logging.getLogger(__name__)

FILENAME = "lexicon.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class LexiconFeaturizer(SparseFeaturizer, GraphComponent):
    @classmethod
    def required_components(cls) -> List[Type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**SparseFeaturizer.get_default_config(), "opening_words": 0}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 execution_context: ExecutionContext, lexicon: Optional[Lexicon] = None) -> None:
        super().__init__(execution_context.node_name, config)
        self._model_storage = model_storage
        self._resource = resource
        self.lexicon = lexicon or Lexicon({})
        self.opening_words = int(config.get("opening_words", 0))

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LexiconFeaturizer":
        return cls(config, model_storage, resource, execution_context)

    def train(self, training_data: TrainingData) -> Resource:
        self.lexicon = Lexicon.from_lookup_tables(training_data.lookup_tables)
        if not len(self.lexicon):
            logger.warning("No lookup tables named %s<concept> in the training data: the lexicon adds no features "
                           "(run `python -m bot.lexicon build` and train with build/rasa/data)", LOOKUP_PREFIX)
        tables = [{"name": LOOKUP_PREFIX + name, "elements": [e.as_text() for e in entries]}
                  for name, entries in self.lexicon.concepts.items()]
        return stored_json.save(self._model_storage, self._resource, FILENAME, tables)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "LexiconFeaturizer":
        tables = stored_json.read(model_storage, resource, FILENAME, cls.__name__)  # none: it adds no features
        lexicon = Lexicon.from_lookup_tables(tables) if tables is not None else None
        return cls(config, model_storage, resource, execution_context, lexicon)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        if not len(self.lexicon):
            return messages
        for message in messages:
            tokens = message.get(TOKENS_NAMES[TEXT]) or []
            if tokens:
                self._featurize(message, [lexicon_word(t.text) for t in tokens])
        return messages

    def _featurize(self, message: Message, words: List[str]) -> None:
        size, opening = len(self.lexicon), self.opening_words
        # columns: [anywhere] + [starts at word 1] + ... + [starts at word N], one block of concepts each
        sequence = np.zeros((len(words), size * (1 + opening)))
        for concept, start, end in self.lexicon.spans(words):
            sequence[start:end, concept] = 1.0
            if start < opening:
                sequence[start:end, size * (1 + start) + concept] = 1.0
        sentence = sequence.max(axis=0, keepdims=True)
        self.add_features_to_message(sequence=scipy.sparse.coo_matrix(sequence),
                                     sentence=scipy.sparse.coo_matrix(sentence), attribute=TEXT, message=message)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        pass
