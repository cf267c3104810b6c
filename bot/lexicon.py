"""Word lists that point to a concept (data/lexicon/*.yml), and finding them in a message.

Without pretrained embeddings the classifier knows only the words of our own examples: "I became a widower" is not
a death to it unless an example says "widower". A service designer can list such words per concept far faster than
writing sentences for each, and the NLU (bot/rasa_plugins/lexicon_featurizer.py) turns "this message has a word of
concept X" into a feature that the classifier learns from the examples that do have one.

    python -m bot.lexicon check              validate data/lexicon
    python -m bot.lexicon build [--out DIR]  also write DIR/data/lexicon.yml (default build/rasa): the concepts as
                                             Rasa lookup tables, so that a change retrains the model

File format and matching rules: docs/nlu.md, "The lexicon".
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.folding import folded
from bot.settings import REPO_ROOT

LEXICON_DIR = REPO_ROOT / "data" / "lexicon"
LOOKUP_PREFIX = "lexicon_"
LANGUAGES = ("nb", "en")
MIN_STEM = 4  # "arv*" would also match "arvid": a one-word stem needs at least this many letters before the *

_CONCEPT_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_WORD = re.compile(r"^[\w'’-]+$")


def lexicon_word(word: str) -> str:
    """How a word is compared with the lexicon (the tokenizer has already folded it; entries are folded here)."""
    return folded(word)


def words_of(text: str) -> list[str]:
    """A text's words as Rasa's whitespace tokenizer splits them: "I'm" is two words, "d-nummer" one."""
    return [lexicon_word(w) for w in re.findall(r"\w[\w-]*", text)]


class LexiconError(ValueError):
    """A lexicon file breaks the format; the message names the file, the concept and the entry."""


@dataclass(frozen=True)
class Entry:
    words: tuple[str, ...]  # folded
    prefix: bool  # the last word may go on ("begravelse*" matches "begravelsen")
    text: str = field(default="", compare=False)  # as written in the file (folding is not undone)

    @classmethod
    def parse(cls, text: str) -> "Entry":
        """An entry as written in the file: one or more words, optionally ending in *. Raises ValueError."""
        raw = str(text).strip()
        prefix = raw.endswith("*")
        if "*" in raw.rstrip("*") or not all(_WORD.match(w) for w in raw.rstrip("*").split()):
            raise ValueError("may only contain words (letters, digits, - and '), with * only at the end")
        words = words_of(raw.rstrip("*"))  # "i'm off" is three words, as the tokenizer sees it
        if not words:
            raise ValueError("is empty")
        if prefix and len(words) == 1 and len(raw.rstrip("*")) < MIN_STEM:  # in a phrase the words before it narrow it
            raise ValueError(f"a stem before * needs at least {MIN_STEM} letters")
        return cls(tuple(words), prefix, raw)

    def as_text(self) -> str:
        return self.text or " ".join(self.words) + ("*" if self.prefix else "")

    def matches_at(self, words: list[str], start: int) -> bool:
        end = start + len(self.words)
        if end > len(words):
            return False
        *whole, last = self.words
        if any(words[start + i] != w for i, w in enumerate(whole)):
            return False
        return words[end - 1].startswith(last) if self.prefix else words[end - 1] == last


class Lexicon:
    def __init__(self, concepts: dict[str, list[Entry]]):
        self.concepts = dict(sorted(concepts.items()))
        self.names = list(self.concepts)
        # entries by their first word (or stem), so that a message is matched in one pass over its words
        self._exact: dict[str, list[tuple[int, Entry]]] = {}
        # one-word stems by their first three letters: a word is checked only against stems it could start with
        self._stems: dict[str, list[tuple[int, Entry]]] = {}
        for index, entries in enumerate(self.concepts.values()):
            # "self employed" also matches "self-employed", which the tokenizer keeps as one word
            hyphened = [Entry(("-".join(e.words),), e.prefix) for e in entries if len(e.words) > 1]
            for entry in entries + hyphened:
                if entry.prefix and len(entry.words) == 1:
                    self._stems.setdefault(entry.words[0][:3], []).append((index, entry))
                else:
                    self._exact.setdefault(entry.words[0], []).append((index, entry))

    def __len__(self) -> int:
        return len(self.names)

    def spans(self, words: list[str]) -> list[tuple[int, int, int]]:
        """(concept index, first word, word after the last) for every entry found in the words (see lexicon_word)."""
        found = []
        for start, word in enumerate(words):
            for index, entry in self._exact.get(word, ()):
                if entry.matches_at(words, start):
                    found.append((index, start, start + len(entry.words)))
            for index, entry in self._stems.get(word[:3], ()):
                if word.startswith(entry.words[0]):
                    found.append((index, start, start + 1))
        return found

    def concepts_in(self, text: str) -> set[str]:
        """The concepts whose words occur in a text (for tests and for the service designers' checks)."""
        return {self.names[index] for index, _, _ in self.spans(words_of(text))}

    def as_lookup_tables(self) -> list[dict]:
        return [{"lookup": LOOKUP_PREFIX + name, "examples": "".join(f"- {e.as_text()}\n" for e in entries)}
                for name, entries in self.concepts.items()]

    @classmethod
    def from_lookup_tables(cls, tables: list[dict]) -> "Lexicon":
        """The lexicon from Rasa's training data (lookup tables named lexicon_<concept>); others are ignored."""
        concepts = {}
        for table in tables:
            name = str(table.get("name", ""))
            if name.startswith(LOOKUP_PREFIX):
                concepts[name[len(LOOKUP_PREFIX):]] = [Entry.parse(e) for e in table.get("elements") or []]
        return cls(concepts)


def load(directory: Path = LEXICON_DIR) -> Lexicon:
    """Every concept of every file in the directory (nb and en merged). Raises LexiconError naming each problem."""
    problems: list[str] = []
    concepts: dict[str, list[Entry]] = {}
    for path in sorted(directory.glob("*.yml")):
        where = path.relative_to(directory.parent.parent) if directory.parent.parent in path.parents else path
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as error:
            problems.append(f"{where}: not valid YAML ({error.__class__.__name__})")
            continue
        if not isinstance(data.get("concepts"), dict):
            problems.append(f"{where}: needs a mapping 'concepts:' of concept id -> nb/en word lists")
            continue
        for name, languages in data["concepts"].items():
            if not _CONCEPT_ID.match(str(name)):
                problems.append(f"{where}: concept {name!r}: the id must be snake_case")
                continue
            if name in concepts:
                problems.append(f"{where}: concept {name!r} is defined twice")
                continue
            if not isinstance(languages, dict) or not all(isinstance(languages.get(l), list) for l in LANGUAGES):
                problems.append(f"{where}: concept {name!r}: needs a list of words for each of nb and en")
                continue
            entries: dict[Entry, None] = {}
            for language in LANGUAGES:
                for text in languages[language]:
                    try:
                        entries.setdefault(Entry.parse(text), None)
                    except ValueError as error:
                        problems.append(f"{where}: concept {name!r} ({language}): {str(text)!r} {error}")
            concepts[name] = list(entries)
    if problems:
        raise LexiconError("\n".join(problems))
    return Lexicon(concepts)


def build(out: Path, directory: Path = LEXICON_DIR) -> Lexicon:
    lexicon = load(directory)
    target = out / "data" / "lexicon.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    header = "# Written by `python -m bot.lexicon build` from data/lexicon: edit those files, not this one.\n"
    body = yaml.safe_dump({"version": "3.1", "nlu": lexicon.as_lookup_tables()}, allow_unicode=True,
                          sort_keys=False)
    target.write_text(header + body, encoding="utf-8")
    return lexicon


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.lexicon", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate data/lexicon")
    b = sub.add_parser("build", help="validate data/lexicon and write the Rasa lookup tables")
    b.add_argument("--out", type=Path, default=REPO_ROOT / "build" / "rasa")
    args = parser.parse_args(argv)
    try:
        lexicon = build(args.out) if args.command == "build" else load()
    except LexiconError as error:
        print(error, file=sys.stderr)
        return 1
    entries = sum(len(e) for e in lexicon.concepts.values())
    print(f"Lexicon OK: {len(lexicon)} concepts, {entries} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
