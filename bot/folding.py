"""How the NLU writes a word before comparing it: the way people type Norwegian on any keyboard.

"døde", "dode" and "doede" are one word, as are "søke", "soke", "på", "pa" and "paa"; accents are dropped ("idé",
"ide"). Used by the tokenizer (bot/rasa_plugins/tokenizer.py) and the lexicon (bot/lexicon.py).
"""
from __future__ import annotations

import unicodedata

_FOLDS = (("æ", "ae"), ("ø", "o"), ("å", "a"), ("aa", "a"), ("oe", "o"))


def folded(word: str) -> str:
    """The word in lower case, with æ, ø, å (and aa, oe) and accented letters written in plain a-z."""
    word = word.lower()
    for letter, plain in _FOLDS:
        word = word.replace(letter, plain)
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
