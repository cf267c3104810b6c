"""Rasa's whitespace tokenizer, made robust to what people paste into a chat box.

The classifier only sees the tokens, so two things are done here rather than in the channel (the stored message
and the actions keep the person's own text):
- markup is dropped: "<script>alert(1)</script> hva nå?" is classified as "hva nå?" (the widget shows text only);
- only the first MAX_TOKENS words count: in a 10 000-character message the beginning says what it is about, and
  the rest (often the same story again) would drown it;
- æ, ø and å are folded the way people type them on a keyboard without them ("døde", "dode" and "doede" are one
  word to the classifier, as are "søke", "soke", "på", "pa" and "paa"), and accents are dropped ("idé", "ide").
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.folding import folded

# Our longest training examples have about 60 words.
MAX_TOKENS = 80

_HIDDEN_ELEMENT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!--.*?-->", re.DOTALL)


def without_markup(text: str) -> str:
    """The text with tags (and the content of script and style elements) blanked out, keeping every offset."""
    blank = lambda match: " " * len(match.group())  # noqa: E731 - same length, so token offsets stay true
    return _TAG.sub(blank, _HIDDEN_ELEMENT.sub(blank, text))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class VeiviserTokenizer(WhitespaceTokenizer):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**WhitespaceTokenizer.get_default_config(), "max_tokens": MAX_TOKENS, "fold_letters": True}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "VeiviserTokenizer":
        return cls(config)

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        if attribute != TEXT:
            return super().tokenize(message, attribute)
        text = message.get(attribute) or ""
        cleaned = without_markup(text)
        if not cleaned.strip():
            cleaned = text  # only markup: let the classifier see it rather than nothing
        tokens = super().tokenize(Message(data={attribute: cleaned}), attribute)[: self._config["max_tokens"]]
        if self._config["fold_letters"]:
            for token in tokens:
                token.text = folded(token.text)
        return tokens
