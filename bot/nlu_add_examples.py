"""Add new NLU examples to data/nlu/<language>/ without spoiling the evaluation.

    python -m bot.nlu_add_examples --lang nb new_examples.yml [more.yml ...]            (add them)
    python -m bot.nlu_add_examples --lang nb new_examples.yml --dry-run                 (only report)

Each file is Rasa NLU YAML (`nlu:` blocks with `intent` and `examples`). Every example is appended to the block of
its intent in the language's data files, unless
- it is already an example (of any intent, in any language), or
- it is a near-copy of a held-out message (bot/nlu_eval.py) or of a blind-set message: training on a reworded test
  message makes the figures look better than the model is. Near means difflib similarity >= NEAR (0.75) of the
  lower-cased texts.
The report names every example left out and why. An intent with no block in that language is an error: add the
block by hand first, so that a new intent is a decision and not a typo.
"""
from __future__ import annotations

import argparse
import difflib
import re
import sys
from pathlib import Path

import yaml

from bot.nlu_eval import NLU_DIR, _norm, example_lines, load_blind_set, load_examples, split

NEAR = 0.75


def near_copy(text: str, others: list[str], cutoff: float = NEAR) -> str | None:
    """The first of others (normalised texts) that text is nearly a copy of, or None."""
    text = _norm(text)
    for other in others:
        matcher = difflib.SequenceMatcher(None, text, other)
        # the quick bounds skip most pairs before the full comparison
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff and matcher.ratio() >= cutoff:
            return other
    return None


def read_new(path: Path) -> list[tuple[str, str]]:
    """(intent, text) for each example of a Rasa NLU YAML file."""
    blocks = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", [])
    return [(block["intent"], text) for block in blocks for text in example_lines(block)]


def _block(text: str, intent: str) -> re.Match | None:
    """The example lines of `- intent: <intent>` in a data file's text (up to the next top-level line)."""
    return re.search(rf"^- intent: {re.escape(intent)}\n  examples: \|\n((?:[ \t]+.*\n|[ \t]*\n)*)", text, re.M)


def block_files(data_dir: Path) -> dict[str, Path]:
    """Which of data_dir's files holds the examples block of each intent (read once)."""
    found: dict[str, Path] = {}
    for path in sorted(data_dir.glob("*.yml")):
        for intent in re.findall(r"^- intent: (\S+)\n  examples: \|\n", path.read_text(encoding="utf-8"), re.M):
            found.setdefault(intent, path)
    return found


def append(path: Path, intent: str, examples: list[str]) -> None:
    """Append examples to the block of intent in path."""
    text = path.read_text(encoding="utf-8")
    match = _block(text, intent)
    lines = match.group(1)
    kept = lines.rstrip("\n") + "\n"  # blank lines after the block stay after it
    added = "".join(f"    - {e}\n" for e in examples)
    path.write_text(text[:match.start(1)] + kept + added + lines[len(kept):] + text[match.end(1):], encoding="utf-8")


def add(new: list[tuple[str, str]], lang: str, nlu_dir: Path = NLU_DIR, dry_run: bool = False) -> dict:
    """Add the (intent, text) rows to nlu_dir/<lang>; returns what was added and what was left out, and why."""
    rows = load_examples()
    _, held_out = split(rows)
    protected = [_norm(r[0]) for r in held_out] + [_norm(r[0]) for r in load_blind_set()]
    existing = {_norm(r[0]) for r in rows}
    added: dict[str, list[str]] = {}
    left_out: list[tuple[str, str]] = []
    for intent, text in new:
        if _norm(text) in existing:
            left_out.append((text, "already an example"))
            continue
        near = near_copy(text, protected)
        if near:
            left_out.append((text, f"near-copy of the test message '{near}'"))
            continue
        existing.add(_norm(text))
        added.setdefault(intent, []).append(text)
    files = block_files(nlu_dir / lang)
    missing = [intent for intent in added if intent not in files]
    if missing:  # checked before anything is written, so a typo leaves the files as they were
        raise KeyError(f"no block '- intent: {missing[0]}' in {nlu_dir / lang}/*.yml: add it by hand first")
    if not dry_run:
        for intent, texts in added.items():
            append(files[intent], intent, texts)
    return {"added": added, "left_out": left_out}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.nlu_add_examples", description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", choices=["nb", "en"], required=True)
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    new = [row for path in args.files for row in read_new(path)]
    try:
        report = add(new, args.lang, dry_run=args.dry_run)
    except KeyError as error:
        print(error.args[0], file=sys.stderr)
        return 2
    for text, why in report["left_out"]:
        print(f"left out: '{text}': {why}")
    for intent, texts in sorted(report["added"].items()):
        print(f"{'would add' if args.dry_run else 'added'} {len(texts)} to {intent}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
