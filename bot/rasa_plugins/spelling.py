"""Typos put right against the words of our own training examples, for the sentence embedding only.

Our character n-grams already see that "bedrft" is nearly "bedrift". The pretrained embedding model does not: it
cuts an unknown word into pieces that mean nothing, and "starte bedrft" then lands next to "starte på nytt". So
before a message is embedded, each word the examples do not have is replaced by the most frequent example word one
edit away (two for long words), found with SymSpell (symspellpy). The other featurizers keep the person's own text.

Training sees what a conversation sees: a word that only one training example has is corrected there too (as in
bot/rasa_plugins/unknown_words.py), since in a conversation nobody's typo is in the examples.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Dict, Iterable, Optional

from symspellpy import SymSpell, Verbosity

_WORD = re.compile(r"[^\W\d_]+")
# Shorter words are left alone: too many real words are one edit apart ("walk" and "talk", "faen" and "faren").
MIN_LENGTH = 5
# From this length two edits are allowed ("begravlse" needs one, "enkelpersonforetk" two); below it, two edits
# turned real words into others ("uformelt" into "fordelt").
TWO_EDITS_FROM = 10


def word_frequency(texts: Iterable[str]) -> Dict[str, int]:
    """In how many of the texts each (lower-case) word occurs."""
    counts: Counter = Counter()
    for text in texts:
        counts.update({w.lower() for w in _WORD.findall(text or "")})
    return dict(counts)


class Speller:
    def __init__(self, frequency: Dict[str, int]) -> None:
        self.frequency = frequency
        self._symspell = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        for word, count in frequency.items():
            # a word of one example only is no authority on spelling (it may be that example's own typo); one letter
            # shorter than MIN_LENGTH still counts, since a five-letter typo may be a four-letter word plus a letter
            if count >= 2 and len(word) >= MIN_LENGTH - 1:
                self._symspell.create_dictionary_entry(word, count)

    def correction(self, word: str, seen_elsewhere: int = 1) -> Optional[str]:
        """The word to read instead, or None when the word is known (in at least `seen_elsewhere` examples), too
        short to judge, or nothing is near enough."""
        lower = word.lower()
        if len(lower) < MIN_LENGTH or self.frequency.get(lower, 0) >= seen_elsewhere:
            return None
        distance = 2 if len(lower) >= TWO_EDITS_FROM else 1
        found = self._symspell.lookup(lower, Verbosity.TOP, max_edit_distance=distance)
        return found[0].term if found and found[0].term != lower else None

    def correct(self, text: str, seen_elsewhere: int = 1) -> str:
        """The text with each unknown word that is one (or two) edits from an example word replaced by it."""
        return _WORD.sub(lambda m: self.correction(m.group(), seen_elsewhere) or m.group(), text)
