"""Frequently asked questions per life event: loading, validation, answers and the Rasa build.

Content lives in data/faq/<life-event-id>.yml (one file per life event, edited by service designers, see
docs/nlu.md). Plain Python with pydantic; no Rasa import.

    load_faq(directory=None) -> dict[str, FaqQuestion]        every question by id, validated
    answer(faq_id, language) -> FaqAnswer                     raises KeyError for an unknown id
    python -m bot.faq build [--domain domain.yml] [--out build/rasa]
    python -m bot.faq check                                   validate only

``build`` writes
    build/rasa/data/faq.yml                 Rasa NLU data: one retrieval intent faq/<id> per question, with
                                            the Bokmål and English examples
    build/rasa/domain/domain.yml            a copy of the repository's domain.yml (or every *.yml of a domain/ dir)
    build/rasa/domain/faq_responses.yml     intent `faq` and one response utter_faq/<id> per question (Bokmål;
                                            the action server picks the person's language with ``answer``)
and exits 1 with one line per problem when the FAQ files are invalid.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import yaml
from pydantic import BaseModel, Extra, ValidationError, validator

from bot.chains.loader import LIFE_EVENT_IDS
from bot.settings import REPO_ROOT

FAQ_DIR = REPO_ROOT / "data" / "faq"
CHAINS_DIR = REPO_ROOT / "data" / "chains"
DEFAULT_DOMAIN = REPO_ROOT / "domain.yml"
DEFAULT_OUT = REPO_ROOT / "build" / "rasa"
RETRIEVAL_INTENT = "faq"
LANGUAGES = ("nb", "en")
MIN_EXAMPLES = 2
LIFE_EVENTS = LIFE_EVENT_IDS  # the fixed ids, kept in one place (bot/chains/loader.py)
_ID = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")
_STEP = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class FaqError(Exception):
    """The FAQ content is invalid; ``problems`` holds one readable line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class _Strict(BaseModel):
    class Config:
        extra = Extra.forbid
        anystr_strip_whitespace = True


class Texts(_Strict):
    nb: str
    en: str

    @validator("nb", "en")
    def not_empty(cls, value: str) -> str:
        if not value:
            raise ValueError("must not be empty")
        return value


class Examples(_Strict):
    nb: list[str]
    en: list[str]

    @validator("nb", "en")
    def enough(cls, value: list[str]) -> list[str]:
        value = [v for v in value if v]
        if len(value) < MIN_EXAMPLES:
            raise ValueError(f"needs at least {MIN_EXAMPLES} examples, has {len(value)}")
        lowered = [v.lower() for v in value]
        dupes = sorted({v for v in lowered if lowered.count(v) > 1})
        if dupes:
            raise ValueError(f"repeated example(s): {', '.join(dupes)}")
        return value


class Source(_Strict):
    title: str
    url: str

    @validator("url")
    def http(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) URL")
        return value


class FaqQuestion(_Strict):
    id: str
    step: Optional[str] = None
    examples: Examples
    answer: Texts
    source: Source
    last_checked: dt.date
    verify: bool = False
    life_event: str = ""  # filled in from the file

    @validator("id")
    def snake_case(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError("must be snake_case with a short life-event prefix, e.g. death_uskifte")
        return value

    @validator("step")
    def step_id(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and not _STEP.match(value):
            raise ValueError("must be a chain step id such as undivided-estate")
        return value

    @property
    def intent(self) -> str:
        return f"{RETRIEVAL_INTENT}/{self.id}"


class FaqFile(_Strict):
    life_event: str
    questions: list[FaqQuestion]

    @validator("life_event")
    def known_event(cls, value: str) -> str:
        if value not in LIFE_EVENTS:
            raise ValueError(f"unknown life event {value!r}; expected one of {', '.join(LIFE_EVENTS)}")
        return value


class FaqAnswer(BaseModel):
    id: str
    life_event: str
    step: Optional[str]
    text: str
    source_title: str
    source_url: str
    verify: bool


# --- loading and validation --------------------------------------------------------------------------------
def _where(raw: Any, loc: tuple) -> str:
    """'question death_uskifte: examples.nb' for a pydantic error location inside one file."""
    if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
        qid = f"#{loc[1] + 1}"
        try:
            qid = raw["questions"][loc[1]].get("id") or qid
        except (KeyError, IndexError, TypeError, AttributeError):
            pass
        field = ".".join(str(p) for p in loc[2:]) or "(question)"
        return f"question {qid}: {field}"
    return ".".join(str(p) for p in loc) or "(file)"


def _chain_step_ids(life_event: str, chains_dir: Path) -> set[str] | None:
    """Step ids of data/chains/<life_event>.yml if that file exists and lists steps with ids, else None."""
    path = chains_dir / f"{life_event}.yml"
    if not path.exists():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    steps = data.get("steps") if isinstance(data, dict) else None
    if not isinstance(steps, list):
        return None
    ids = {s["id"] for s in steps if isinstance(s, dict) and isinstance(s.get("id"), str)}
    return ids or None


def _load(directory: Path, chains_dir: Path) -> dict[str, FaqQuestion]:
    problems: list[str] = []
    questions: dict[str, FaqQuestion] = {}
    seen_examples: dict[str, str] = {}
    files = sorted(directory.glob("*.yml"))
    if not files:
        raise FaqError([f"{directory}: no FAQ files (*.yml) found"])
    for path in files:
        name = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as err:
            problems.append(f"{name}: not valid YAML: {err}".replace("\n", " "))
            continue
        try:
            parsed = FaqFile.parse_obj(raw)
        except ValidationError as err:
            for e in err.errors():
                problems.append(f"{name}: {_where(raw, tuple(e['loc']))}: {e['msg']}")
            continue
        if path.stem != parsed.life_event:
            problems.append(f"{name}: life_event {parsed.life_event!r} does not match the file name")
        steps = _chain_step_ids(parsed.life_event, chains_dir)
        for q in parsed.questions:
            q.life_event = parsed.life_event
            if q.id in questions:
                other = questions[q.id].life_event
                problems.append(f"{name}: question {q.id}: id: duplicate id (also in {other}.yml)")
                continue
            if steps is not None and q.step is not None and q.step not in steps:
                problems.append(
                    f"{name}: question {q.id}: step: {q.step!r} is not a step of data/chains/{parsed.life_event}.yml"
                )
            for lang in LANGUAGES:
                for ex in getattr(q.examples, lang):
                    key = ex.lower()
                    if key in seen_examples and seen_examples[key] != q.id:
                        problems.append(
                            f"{name}: question {q.id}: examples.{lang}: {ex!r} is also an example of "
                            f"{seen_examples[key]}"
                        )
                    seen_examples[key] = q.id
            questions[q.id] = q
    if problems:
        raise FaqError(problems)
    return questions


@lru_cache(maxsize=8)
def _cached(directory: str, chains_dir: str) -> dict[str, FaqQuestion]:
    return _load(Path(directory), Path(chains_dir))


def load_faq(directory: Path | str | None = None, chains_dir: Path | str | None = None) -> dict[str, FaqQuestion]:
    """Every FAQ question by id (validated; cached per directory). Raises FaqError when the files are invalid."""
    return _cached(str(Path(directory or FAQ_DIR).resolve()), str(Path(chains_dir or CHAINS_DIR).resolve()))


def answer(faq_id: str, language: str, directory: Path | str | None = None) -> FaqAnswer:
    """The answer to a question in "nb" or "en" (Nynorsk and anything else get Bokmål).

    ``faq_id`` may be the bare id ("death_uskifte"), the retrieval intent ("faq/death_uskifte") or the
    response name ("utter_faq/death_uskifte"). Raises KeyError for an unknown id.
    """
    key = faq_id.split("/", 1)[1] if "/" in faq_id else faq_id
    questions = load_faq(directory)
    if key not in questions:
        raise KeyError(f"unknown FAQ id {faq_id!r}")
    q = questions[key]
    lang = "en" if language == "en" else "nb"
    return FaqAnswer(
        id=q.id,
        life_event=q.life_event,
        step=q.step,
        text=getattr(q.answer, lang),
        source_title=q.source.title,
        source_url=q.source.url,
        verify=q.verify,
    )


# --- Rasa build --------------------------------------------------------------------------------------------
class _Literal(str):
    pass


def _literal(dumper: yaml.Dumper, value: _Literal):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Literal, _literal)


def _example_line(text: str) -> str:
    return "- " + " ".join(text.split())


def nlu_data(questions: dict[str, FaqQuestion]) -> dict:
    return {
        "version": "3.1",
        "nlu": [
            {
                "intent": q.intent,
                "examples": _Literal(
                    "\n".join(_example_line(e) for lang in LANGUAGES for e in getattr(q.examples, lang)) + "\n"
                ),
            }
            for q in questions.values()
        ],
    }


def responses(questions: dict[str, FaqQuestion]) -> dict:
    return {
        "version": "3.1",
        "intents": [RETRIEVAL_INTENT],
        "responses": {f"utter_{q.intent}": [{"text": q.answer.nb}] for q in questions.values()},
    }


def build(domain: Path, out: Path, directory: Path | None = None) -> dict[str, FaqQuestion]:
    """Write the generated Rasa inputs under ``out``; returns the questions. Raises FaqError/FileNotFoundError."""
    questions = load_faq(directory)
    if not domain.exists():
        raise FileNotFoundError(
            f"domain {domain} not found: commit domain.yml or pass --domain PATH (a file or a directory)"
        )
    data_dir, domain_dir = out / "data", out / "domain"
    for d in (data_dir, domain_dir):
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)
    if domain.is_dir():
        for f in sorted(domain.rglob("*.yml")):
            shutil.copyfile(f, domain_dir / f.name)
    else:
        shutil.copyfile(domain, domain_dir / "domain.yml")
    header = "# Generated by `python -m bot.faq build` from data/faq/*.yml. Do not edit.\n"
    (data_dir / "faq.yml").write_text(
        header + yaml.dump(nlu_data(questions), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120),
        encoding="utf-8",
    )
    (domain_dir / "faq_responses.yml").write_text(
        header + yaml.dump(responses(questions), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120),
        encoding="utf-8",
    )
    return questions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.faq", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="validate data/faq and write the Rasa inputs under build/rasa")
    b.add_argument("--domain", type=Path, default=DEFAULT_DOMAIN, help="domain.yml (file or directory)")
    b.add_argument("--out", type=Path, default=DEFAULT_OUT)
    b.add_argument("--faq-dir", type=Path, default=None)
    c = sub.add_parser("check", help="validate data/faq only")
    c.add_argument("--faq-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            questions = load_faq(args.faq_dir)
            print(f"FAQ OK: {len(questions)} questions")
            return 0
        questions = build(args.domain, args.out, args.faq_dir)
    except FaqError as err:
        print(f"FAQ content is invalid ({len(err.problems)} problem(s)):", file=sys.stderr)
        for p in err.problems:
            print(f"  {p}", file=sys.stderr)
        return 1
    except FileNotFoundError as err:
        print(f"FAQ build failed: {err}", file=sys.stderr)
        return 1
    events = sorted({q.life_event for q in questions.values()})
    print(f"FAQ build: {len(questions)} questions from {len(events)} life event(s) -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
