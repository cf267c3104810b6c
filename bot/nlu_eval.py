"""NLU evaluation: our pipeline against Rasa's default one, on a held-out split of our own examples.

    python -m bot.nlu_eval            (make nlu-eval)
    python -m bot.nlu_eval --only ours                 only our pipeline (faster, for iterating)
    python -m bot.nlu_eval --only ours --check-train   also parse the training part (should be ~1.0)
    python -m bot.nlu_eval --only ours --config X.yml  try another pipeline without touching config.yml

The split is deterministic and stable: an example is held out when the SHA-1 hash of its text is 2 modulo 5 (about
20 %), so it depends on that text alone and adding examples never moves others; training never sees them. FAQ
questions (faq/<id>) count as intent `faq` for intent accuracy; the response selector's accuracy (right
faq/<id>) is reported separately. Intent accuracy and macro F1 are printed per language (nb, en) for both
pipelines and written to results/nlu-eval.json. A prediction of nlu_fallback counts as wrong.

The same models are also scored on the blind set (tests/nlu/blind_set.yml): messages written apart from the
training data, by someone who had not read its examples, and never trained on. The held-out split has been looked
at while improving the data; the blind set has not, so it is the truer measure of messages nobody foresaw.
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import logging
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import yaml

from bot.dialogue.conversation import FAQ_ANSWER_MIN_CONFIDENCE
from bot.faq import load_faq
from bot.lexicon import load as load_lexicon
from bot.settings import REPO_ROOT

NLU_DIR = REPO_ROOT / "data" / "nlu"
OUR_CONFIG = REPO_ROOT / "config.yml"
DEFAULT_CONFIG = REPO_ROOT / "bot" / "nlu_default_config.yml"
RESULTS = REPO_ROOT / "results" / "nlu-eval.json"
BLIND_SET = REPO_ROOT / "tests" / "nlu" / "blind_set.yml"
LANGUAGES = ("nb", "en")
HOLD_OUT_EVERY = 5  # 20 %
TARGET = 0.95


def _norm(text: str) -> str:
    """How Rasa sees a text for matching purposes: case and surrounding spaces do not count."""
    return " ".join(text.lower().split())


def _h(text: str) -> str:
    return hashlib.sha1(text.strip().lower().encode("utf-8")).hexdigest()


def example_lines(block: dict) -> list[str]:
    """The examples of one `nlu:` block (its `- ...` lines), as typed."""
    return [line.strip()[2:].strip() for line in str(block.get("examples", "")).splitlines()
            if line.strip().startswith("- ")]


def load_examples() -> list[tuple[str, str, str]]:
    """(text, intent, language) for every NLU example and FAQ example."""
    rows: list[tuple[str, str, str]] = []
    for lang in LANGUAGES:
        for path in sorted((NLU_DIR / lang).glob("*.yml")):
            for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
                if "intent" not in block:
                    continue
                rows += [(text, block["intent"], lang) for text in example_lines(block)]
    for q in load_faq().values():
        for lang in LANGUAGES:
            rows += [(e, f"faq/{q.id}", lang) for e in getattr(q.examples, lang)]
    return rows


def load_blind_set(path: Path = BLIND_SET) -> list[tuple[str, str, str]]:
    """(text, intent, language) for each message of the blind set; [] when there is none."""
    if not path.exists():
        return []
    return [(str(e["text"]), str(e["intent"]), str(e["lang"]))
            for e in yaml.safe_load(path.read_text(encoding="utf-8"))["examples"]]


def split(rows: list[tuple[str, str, str]]) -> tuple[list, list]:
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for row in rows:
        groups[(row[1], row[2])].append(row)
    train, test = [], []
    for key in sorted(groups):
        group = sorted(groups[key], key=lambda r: _h(r[0]))
        # Whether an example is held out depends on its own text only, so adding or removing examples never moves
        # another one between the parts and rounds of data work stay comparable. Groups under 3 are not split,
        # and a group always keeps 2 examples to learn from.
        held = [r for r in group if len(group) >= 3 and int(_h(r[0]), 16) % HOLD_OUT_EVERY == HOLD_OUT_EVERY // 2]
        while len(group) - len(held) < 2 and held:
            held.pop()
        test += held
        kept = set(held)
        train += [r for r in group if r not in kept]
    # Both languages (and any intent) train one model: a held-out text that also appears in another group
    # ("nope" is an example in nb and en) must not be trained on. Drop its other copies from training, and
    # hold out each text once.
    held_out = {_norm(r[0]) for r in test}
    train = [r for r in train if _norm(r[0]) not in held_out]
    seen: set[str] = set()
    unique_test = []
    for row in test:
        if _norm(row[0]) not in seen:
            seen.add(_norm(row[0]))
            unique_test.append(row)
    return train, unique_test


def _write_training_data(rows: list, directory: Path, lexicon: bool = False) -> None:
    by_intent: dict[str, list[str]] = defaultdict(list)
    for text, intent, _ in rows:
        if text not in by_intent[intent]:
            by_intent[intent].append(text)
    data = {"version": "3.1", "nlu": [
        {"intent": i, "examples": "".join(f"- {t}\n" for t in texts)} for i, texts in sorted(by_intent.items())
    ] + (load_lexicon().as_lookup_tables() if lexicon else [])}  # word lists, not examples: the same in every split
    (directory / "nlu.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _write_domain(rows: list, path: Path) -> None:
    intents = sorted({r[1].split("/")[0] for r in rows})
    questions = load_faq()
    domain = {"version": "3.1", "intents": intents,
              "responses": {f"utter_faq/{q.id}": [{"text": q.answer.nb}] for q in questions.values()}}
    path.write_text(yaml.safe_dump(domain, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _macro_f1(gold: list[str], pred: list[str]) -> float:
    labels = sorted(set(gold))
    scores = []
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, pred))
        fp = sum(p == label and g != label for g, p in zip(gold, pred))
        fn = sum(g == label and p != label for g, p in zip(gold, pred))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def _parse(agent, rows: list) -> list[dict]:
    async def parse_all():
        return [await agent.parse_message(text) for text, _, _ in rows]

    return asyncio.run(parse_all())


def score(rows: list, parsed: list[dict]) -> tuple[dict, list, list]:
    """Figures per language and every wrong prediction, for rows (text, gold intent, language) and the parse
    results in the same order. The gold label faq/<id> counts as intent `faq`; a prediction of nlu_fallback
    (FallbackClassifier below its threshold) counts as wrong. Returns (figures, intent errors, FAQ response
    errors)."""
    per_lang: dict[str, dict] = {}
    errors, response_errors = [], []
    for lang in LANGUAGES:
        gold, pred, pred_nofb, rs_gold, rs_pred, rs_answered = [], [], [], [], [], []
        for (text, intent, l), result in zip(rows, parsed):
            if l != lang:
                continue
            g = intent.split("/")[0]
            p = (result.get("intent") or {}).get("name") or "none"
            ranking = [r.get("name") for r in result.get("intent_ranking") or [] if r.get("name") != "nlu_fallback"]
            gold.append(g)
            pred.append(p)
            pred_nofb.append(ranking[0] if ranking else p)
            confidence = round(float((result.get("intent") or {}).get("confidence") or 0.0), 3)
            if g != p:
                errors.append({"language": lang, "text": text, "gold": intent, "predicted": p,
                               "confidence": confidence, "top_without_fallback": pred_nofb[-1]})
            if intent.startswith("faq/"):
                selectors = result.get("response_selector") or {}
                # ours has retrieval_intent: faq; Rasa's default ResponseSelector reports under "default"
                chosen = selectors.get("faq") or selectors.get("default") or {}
                selected = chosen.get("response") or {}
                rs_gold.append(intent)
                rs_pred.append(selected.get("intent_response_key") or "none")
                rs_confidence = round(float(selected.get("confidence") or 0.0), 3)
                # action_faq answers only a selection this sure; below it the person is asked what they meant
                rs_answered.append(rs_pred[-1] == intent and rs_confidence >= FAQ_ANSWER_MIN_CONFIDENCE)
                if selected.get("intent_response_key") != intent:
                    response_errors.append({"language": lang, "text": text, "gold": intent,
                                            "selected": selected.get("intent_response_key") or "none",
                                            "confidence": rs_confidence})
        per_lang[lang] = {
            "n": len(gold),
            "intent_accuracy": round(sum(g == p for g, p in zip(gold, pred)) / len(gold), 4) if gold else None,
            "intent_macro_f1": round(_macro_f1(gold, pred), 4),
            # the top intent before the FallbackClassifier: how often a "did you mean ...?" would be right
            "intent_accuracy_without_fallback": round(sum(g == p for g, p in zip(gold, pred_nofb)) / len(gold), 4)
            if gold else None,
            "fallback_rate": round(sum(p == "nlu_fallback" for p in pred) / len(pred), 4) if pred else None,
            "faq_n": len(rs_gold),
            "response_selector_accuracy": round(sum(g == p for g, p in zip(rs_gold, rs_pred)) / len(rs_gold), 4)
            if rs_gold else None,
            # right and sure enough to be answered (FAQ_ANSWER_MIN_CONFIDENCE)
            "response_answered": round(sum(rs_answered) / len(rs_answered), 4) if rs_answered else None,
        }
    return per_lang, errors, response_errors


def train_and_evaluate(name: str, config: Path, train: list, test: list, workdir: Path,
                       check_train: bool = False, blind: list | None = None) -> dict:
    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu

    data_dir = workdir / f"{name}-data"
    data_dir.mkdir()
    # Our lexicon (data/lexicon) is for our LexiconFeaturizer. Rasa's default pipeline gets the same examples without
    # it: its RegexFeaturizer would read the word lists as literal regexes ("begravelse*" matching nothing).
    _write_training_data(train, data_dir, lexicon="LexiconFeaturizer" in config.read_text(encoding="utf-8"))
    domain = workdir / f"{name}-domain.yml"
    _write_domain(train + test, domain)
    started = time.monotonic()
    model = train_nlu(str(config), str(data_dir), str(workdir / f"{name}-model"), fixed_model_name=name,
                      domain=str(domain))
    train_seconds = time.monotonic() - started
    if not model:
        raise RuntimeError(f"training {name} failed")
    agent = Agent.load(model)

    started = time.monotonic()
    parsed = _parse(agent, test)
    parse_seconds = time.monotonic() - started
    per_lang, errors, response_errors = score(test, parsed)
    result = {"config": _rel(config), "train_seconds": round(train_seconds, 1),
              "parse_seconds": round(parse_seconds, 1), "languages": per_lang, "errors": errors,
              "response_errors": response_errors}
    if blind:
        blind_lang, blind_errors, blind_response_errors = score(blind, _parse(agent, blind))
        result["blind"] = {"languages": blind_lang, "errors": blind_errors, "response_errors": blind_response_errors}
    if check_train:
        # sanity check: a model should reproduce (nearly) all of its own training examples
        train_lang, train_errors, _ = score(train, _parse(agent, train))
        result["on_training_data"] = {"languages": train_lang, "errors": train_errors}
    return result


def _table(results: dict) -> str:
    names = list(results)
    lines = [f"{'':28}" + "".join(f"{n:>16}" for n in names)]
    for lang in LANGUAGES:
        for key, label in (("intent_accuracy", "intent accuracy"), ("intent_macro_f1", "intent macro F1"),
                           ("intent_accuracy_without_fallback", "accuracy, no fallback"),
                           ("response_selector_accuracy", "FAQ response accuracy"),
                           ("response_answered", "FAQ right and answered")):
            row = f"{lang + ' ' + label:28}"
            for n in names:
                v = results[n]["languages"][lang][key]
                row += f"{'-' if v is None else f'{v:.3f}':>16}"
            lines.append(row)
    for lang in LANGUAGES:
        if all("blind" in results[n] for n in names):
            for key, label in (("intent_accuracy", "blind: intent accuracy"), ("intent_macro_f1", "blind: macro F1"),
                               ("response_selector_accuracy", "blind: FAQ response acc.")):
                lines.append(f"{lang + ' ' + label:28}" + "".join(
                    f"{results[n]['blind']['languages'][lang][key] or 0:>16.3f}" for n in names))
    for lang in LANGUAGES:
        if all("on_training_data" in results[n] for n in names):
            lines.append(f"{lang + ' accuracy on training data':28}" + "".join(
                f"{results[n]['on_training_data']['languages'][lang]['intent_accuracy']:>16.3f}" for n in names))
    lines.append(f"{'training time (s)':28}" + "".join(f"{results[n]['train_seconds']:>16.0f}" for n in names))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.nlu_eval", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=["ours", "default"], default=None)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--config", type=Path, default=OUR_CONFIG,
                        help="the config to evaluate as 'ours' (default config.yml), to try a pipeline change")
    parser.add_argument("--check-train", action="store_true",
                        help="also parse the training examples (sanity check: should be close to 1.0)")
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TQDM_DISABLE", "1")  # no progress bars in the report
    logging.getLogger("rasa").setLevel(logging.WARNING)
    try:  # Rasa's structured log prints every parsed message at debug level unless configured
        from rasa.utils.log_utils import configure_structlog

        configure_structlog(logging.WARNING)
    except Exception:  # noqa: BLE001 - only the amount of output depends on it
        pass

    rows = load_examples()
    train, test = split(rows)
    blind = load_blind_set()
    print(f"{len(rows)} examples: {len(train)} for training, {len(test)} held out "
          f"({sum(r[2] == 'nb' for r in test)} nb, {sum(r[2] == 'en' for r in test)} en); "
          f"blind set {len(blind)}")
    configs = {"ours": args.config.resolve(), "rasa-default": DEFAULT_CONFIG}
    if args.only == "ours":
        configs.pop("rasa-default")
    elif args.only == "default":
        configs.pop("ours")
    started = time.monotonic()
    results = {}
    with tempfile.TemporaryDirectory(prefix="nlu-eval-") as tmp:
        # models, data and Rasa's training cache go to the temp folder: nothing under models/ or .rasa/ is touched
        os.environ.setdefault("RASA_CACHE_DIRECTORY", str(Path(tmp) / "cache"))
        for name, config in configs.items():
            print(f"training and evaluating {name} ({_rel(config)}) ...", flush=True)
            results[name] = train_and_evaluate(name, config, train, test, Path(tmp), args.check_train, blind)
    total = time.monotonic() - started
    print()
    print(_table(results))
    print(f"\ntotal run time {total:.0f} s; target intent accuracy for ours: {TARGET}")
    if "ours" in results:
        for err in results["ours"]["errors"][:40]:
            print(f"  ours wrong [{err['language']}] {err['text']!r}: {err['gold']} -> {err['predicted']}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {"held_out": len(test), "trained_on": len(train), "blind_set": len(blind),
               "split": "SHA-1 of text mod 5 == 2 (per example)", "target_intent_accuracy": TARGET,
               "total_seconds": round(total, 1), "pipelines": results}
    args.out.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
