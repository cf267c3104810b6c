"""A second opinion on the intent: logistic regression, averaged with DIET's ranking.

DIET learns our examples almost by heart (0.99 accuracy on them after a few epochs) and is then sure of itself
even where it is wrong: "how long do I boil an egg" is an FAQ question to it with confidence 1.0. A linear model
over the same sparse features is worse on its own but wrong in other places, and its probabilities are softer.
Their weighted average is right more often than either (measured with `make nlu-eval`, docs/nlu.md).

With `sublinear_counts`, the regression reads a count n as log2(1 + n): a word once is 1, three times 2. A long
message that tells the same story three times then reads like one that tells it once; with raw counts the
regression was pushed far out of anything it was trained on ("faren min døde" said three times read as moving to
Norway).

Place it after DIETClassifier (with `ranking_length: 0`, so that DIET ranks every intent) and before the
FallbackClassifier, which then sees the combined confidence.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

import numpy as np
from scipy.sparse import csr_matrix, hstack, vstack

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

INTENT_RANKING = "intent_ranking"
logger = logging.getLogger(__name__)


def combine(first: Dict[str, float], second: Dict[str, float], weight_first: float) -> List[Dict[str, Any]]:
    """The weighted average of two {intent: confidence} maps as a ranking, likeliest first."""
    names = set(first) | set(second)
    mixed = {name: weight_first * first.get(name, 0.0) + (1 - weight_first) * second.get(name, 0.0)
             for name in names}
    return [{"name": name, "confidence": float(confidence)}
            for name, confidence in sorted(mixed.items(), key=lambda item: (-item[1], item[0]))]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class CombinedIntentClassifier(LogisticRegressionClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # diet_weight: DIET's share of the average; the rest is the logistic regression's.
        # keep_rankings: also put both rankings in the parse result (for tuning the weight, not for production).
        # C: the inverse of the regression's regularisation strength (scikit-learn's default is 1.0).
        # sublinear_counts: read the sparse features' counts as log2(1 + n) (see above).
        return {**LogisticRegressionClassifier.get_default_config(), "diet_weight": 0.5, "keep_rankings": False,
                "C": 1.0, "sublinear_counts": False}

    def __init__(self, config: Dict[Text, Any], name: Text, model_storage: ModelStorage, resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(C=self.config["C"])

    def process(self, messages: List[Message]) -> List[Message]:
        if not messages or not hasattr(self.clf, "classes_"):
            return messages  # not trained (no intents): leave DIET's answer alone
        try:
            probabilities = self.clf.predict_proba(self._create_X(messages))
        except ValueError:
            # features that do not fit the trained regression (a featurizer added none): keep DIET's answer
            logger.warning("CombinedIntentClassifier could not score a message; DIET's ranking stands")
            return messages
        for message, row in zip(messages, probabilities):
            regression = {name: float(p) for name, p in zip(self.clf.classes_, row)}
            diet = {r["name"]: float(r["confidence"]) for r in message.get(INTENT_RANKING) or []}
            ranking = combine(diet, regression, self.config["diet_weight"]) if diet else combine(regression, {}, 1)
            if self.config["keep_rankings"]:
                message.set("diet_ranking", sorted(diet.items(), key=lambda i: -i[1])[:10], add_to_output=True)
                message.set("regression_ranking", sorted(regression.items(), key=lambda i: -i[1])[:10],
                            add_to_output=True)
            message.set("intent", ranking[0], add_to_output=True)
            length = self.config.get("ranking_length", 10)
            message.set(INTENT_RANKING, ranking[:length] if length > 0 else ranking, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data  # nothing after us learns from predicted intents

    def _create_X(self, messages: List[Message]) -> csr_matrix:
        return feature_matrix(messages, sublinear_counts=self.config["sublinear_counts"])


def feature_matrix(messages: List[Message], sublinear_counts: bool = False,
                   featurizers: Optional[List[str]] = None) -> csr_matrix:
    """One row per message: its sparse sentence features (counts), then its dense ones (as Rasa's own regression
    builds them). featurizers: only these featurizers' features (their aliases); None for all."""
    rows = []
    for message in messages:
        sparse = message.get_sparse_features(TEXT, featurizers)[1]
        dense = message.get_dense_features(TEXT, featurizers)[1]
        counts = csr_matrix(sparse.features if sparse else [], dtype=np.float64)
        if sublinear_counts and counts.nnz:
            counts.data = np.sign(counts.data) * np.log2(1.0 + np.abs(counts.data))
        rows.append(hstack([counts, csr_matrix(dense.features if dense else [])]))
    return vstack(rows)
