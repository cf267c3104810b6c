"""bot.language: detection, Nynorsk, explicit switch requests, and accuracy on our own NLU examples."""
from pathlib import Path

import pytest
import yaml

from bot.language import detect, is_nynorsk, requested_language

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "text",
    ["faren min døde i går", "mamma sovnet inn i natt", "vi venter barn", "jeg er blitt permittert",
     "vil starte enkeltpersonforetak", "vi skal starte et korps", "hva nå?", "far min døydde i går",
     "eg har mista jobben", "hvordan søker jeg gravferdsstønad", "har NAV behandlet søknaden"],
)
def test_norwegian(text):
    assert detect(text, "en") == "nb"


@pytest.mark.parametrize(
    "text",
    ["my mother passed away last week", "I just moved to Norway from Poland", "what should I do next",
     "are you a bot?", "I've applied for the funeral grant", "how much is the child benefit"],
)
def test_english(text):
    assert detect(text, "nb") == "en"


@pytest.mark.parametrize("text", ["ok", "ja", "👍", "123", "NAV", "AS", "", "   ", "?!"])
@pytest.mark.parametrize("previous", ["nb", "en"])
def test_short_or_unclear_keeps_previous(text, previous):
    assert detect(text, previous) == previous


def test_default_previous_is_bokmal():
    assert detect("ok", None) == "nb"
    assert detect("ok", "xx") == "nb"


@pytest.mark.parametrize("text", ["far min døydde i går", "eg har mista jobben", "kva skal eg gjere no",
                                  "eg veit ikkje kva eg skal gjere"])
def test_nynorsk(text):
    assert is_nynorsk(text)
    assert detect(text, "en") == "nb"


@pytest.mark.parametrize("text", ["faren min døde i går", "jeg har mistet jobben", "my mother died", ""])
def test_not_nynorsk(text):
    assert not is_nynorsk(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("svar på engelsk", "en"),
        ("kan du svare på engelsk", "en"),
        ("English please", "en"),
        ("English", "en"),
        ("in English please", "en"),
        ("I don't speak Norwegian", "en"),
        ("jeg forstår ikke norsk så godt, engelsk?", "en"),
        ("på norsk takk", "nb"),
        ("in Norwegian please", "nb"),
        ("svar på norsk", "nb"),
        ("bytt til bokmål", "nb"),
        ("jeg har norsk statsborgerskap", None),
        ("how do I learn Norwegian at a course for immigrants", None),
        ("hva er fristen for skattemeldingen", None),
        ("", None),
    ],
)
def test_requested_language(text, expected):
    assert requested_language(text) == expected


def _examples_by_language() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"nb": [], "en": []}
    for lang in out:
        for path in sorted((ROOT / "data" / "nlu" / lang).glob("*.yml")):
            for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
                out[lang] += [line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")]
    return out


def test_accuracy_on_nlu_examples():
    """Every 3rd example of each language directory; short/ambiguous ones keep the *other* language as
    previous, so they count as errors unless the text itself decides. Sentences of 3+ words must be >= 0.9."""
    examples = _examples_by_language()
    results = {}
    for lang, texts in examples.items():
        sample = [t for t in texts[::3] if len(t.split()) >= 3]
        other = "en" if lang == "nb" else "nb"
        correct = sum(detect(t, other) == lang for t in sample)
        results[lang] = (correct / len(sample), len(sample))
    print("language detection accuracy on NLU examples (3+ words):",
          {k: f"{v[0]:.3f} of {v[1]}" for k, v in results.items()})
    for lang, (accuracy, n) in results.items():
        assert n >= 50, f"too few {lang} examples sampled"
        assert accuracy >= 0.9, f"{lang}: accuracy {accuracy:.3f}"
