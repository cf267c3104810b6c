"""Which FAQ question a message asks: logistic regression over the FAQ examples, in place of Rasa's ResponseSelector.

Rasa's ResponseSelector is a DIET network of its own. On our 61 questions it took 19 of the 54 minutes of training in
a clean-clone `make test` (50 epochs), on two cores and a 90-minute CI limit. A regression over the same sparse
features picks the right question more often, and trains in 5.4 minutes in such a test (docs/nlu.md, "The FAQ
selector", has the figures).

It is an equivalent, not a new contract: it learns from the same retrieval intent (`faq/<id>` examples built by
`python -m bot.faq build`) and puts its answer in the parse result exactly where the ResponseSelector does:

    response_selector:
      all_retrieval_intents: [faq]
      faq:
        response: {intent_response_key: faq/<id>, confidence, utter_action: utter_faq/<id>, responses: [...]}
        ranking: [{intent_response_key, confidence}, ...]   # likeliest first, at most ranking_length

so `action_faq`, `make nlu-eval` and Rasa's own retrieval actions read it unchanged. Like the ResponseSelector it
answers for every message; whether the message is an FAQ question at all is the intent classifier's call.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text, Tuple

from scipy.sparse import csr_matrix

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.nlu.training_data.util import intent_response_key_to_template_key as utter_action

from bot.rasa_plugins import stored_json
from bot.rasa_plugins.combined_classifier import feature_matrix

RESPONSES_FILE = "responses.json"
NONE_OF_THEM = "<none of the questions>"
logger = logging.getLogger(__name__)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class FaqSelector(LogisticRegressionClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # retrieval_intent: the intent whose sub-intents (faq/<id>) are the answers.
        # featurizers: the aliases of the featurizers whose features it reads; empty for all of them.
        # C, sublinear_counts: as in CombinedIntentClassifier.
        # learn_other_messages: also learn every other example, as one class of "none of the questions". A
        # question's confidence is then its share of all messages, not only of FAQ questions, so a vague "jeg
        # lurer på noe om penger" scores low instead of going to the likeliest question about money.
        return {**LogisticRegressionClassifier.get_default_config(), "retrieval_intent": "faq", "featurizers": [],
                "C": 1.0, "sublinear_counts": False, "learn_other_messages": False}

    def __init__(self, config: Dict[Text, Any], name: Text, model_storage: ModelStorage, resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(C=self.config["C"])
        # utter_faq/<id> -> its responses, as the ResponseSelector reports them (learnt from the training data)
        self.responses: Dict[str, List[Dict[str, Any]]] = {}

    def _create_X(self, messages: List[Message]) -> csr_matrix:
        return feature_matrix(messages, self.config["sublinear_counts"], self.config["featurizers"] or None)

    def _is_question(self, example: Message) -> bool:
        return example.get(INTENT) == self.config["retrieval_intent"] and bool(example.get(INTENT_RESPONSE_KEY))

    def _create_training_matrix(self, training_data: TrainingData) -> Tuple[csr_matrix, List[str]]:
        examples = [e for e in training_data.intent_examples
                    if e.get(TEXT) and (self._is_question(e) or (self.config["learn_other_messages"] and e.get(INTENT)))]
        labels = [e.get(INTENT_RESPONSE_KEY) if self._is_question(e) else NONE_OF_THEM for e in examples]
        if len(set(labels) - {NONE_OF_THEM}) < 2:
            return csr_matrix((0, 0)), []
        return self._create_X(examples), labels

    def train(self, training_data: TrainingData) -> Resource:
        X, y = self._create_training_matrix(training_data)
        if not y:
            # a regression needs two answers to tell apart; with fewer there is nothing to select
            logger.warning("FaqSelector: fewer than two '%s' questions in the training data; not trained.",
                           self.config["retrieval_intent"])
            return self._resource
        prefix = utter_action(f"{self.config['retrieval_intent']}/")
        self.responses = {key: value for key, value in training_data.responses.items() if key.startswith(prefix)}
        self.clf.fit(X, y)
        self.persist()
        return self._resource

    def persist(self) -> None:
        super().persist()
        stored_json.save(self._model_storage, self._resource, RESPONSES_FILE, self.responses)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "FaqSelector":
        component = super().load(config, model_storage, resource, execution_context, **kwargs)
        component.responses = stored_json.read(model_storage, resource, RESPONSES_FILE, cls.__name__) or {}
        return component

    def process(self, messages: List[Message]) -> List[Message]:
        if not messages or not hasattr(self.clf, "classes_"):
            return messages  # not trained: no FAQ questions to choose from
        try:
            probabilities = self.clf.predict_proba(self._create_X(messages))
        except ValueError:
            logger.warning("FaqSelector could not score a message; no FAQ question is selected")
            return messages
        length = self.config.get("ranking_length", 10)
        for message, row in zip(messages, probabilities):
            ranking = sorted(({"intent_response_key": str(key), "confidence": float(p)}
                              for key, p in zip(self.clf.classes_, row) if key != NONE_OF_THEM),
                             key=lambda r: (-r["confidence"], r["intent_response_key"]))
            best = ranking[0]
            key = best["intent_response_key"]
            selectors = message.get("response_selector") or {}
            selectors["all_retrieval_intents"] = [self.config["retrieval_intent"]]
            selectors[self.config["retrieval_intent"]] = {
                "response": {"responses": self.responses.get(utter_action(key), []),
                             "confidence": best["confidence"], "intent_response_key": key,
                             "utter_action": utter_action(key)},
                "ranking": ranking[:length] if length > 0 else ranking,
            }
            message.set("response_selector", selectors, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data  # nothing after us learns from the selected question
