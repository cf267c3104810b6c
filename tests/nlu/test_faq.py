"""bot.faq: the real FAQ content is valid, answers come in both languages, broken content is refused."""
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot import faq

ROOT = Path(__file__).resolve().parents[2]


def test_real_content_is_valid_and_covers_every_life_event():
    questions = faq.load_faq()
    by_event: dict[str, int] = {}
    for q in questions.values():
        by_event[q.life_event] = by_event.get(q.life_event, 0) + 1
        assert len(q.examples.nb) >= 8 and len(q.examples.en) >= 8, q.id
        assert q.source.url.startswith("https://")
    assert set(by_event) == set(faq.LIFE_EVENTS)
    assert all(n >= 8 for n in by_event.values()), by_event


def test_answer_in_both_languages():
    nb = faq.answer("death_uskifte", "nb")
    en = faq.answer("faq/death_uskifte", "en")
    assert nb.life_event == en.life_event == "death-and-inheritance"
    assert nb.step == "undivided-estate"
    assert "uskifte" in nb.text.lower() and "undivided" in en.text.lower()
    assert nb.text != en.text
    assert faq.answer("utter_faq/death_uskifte", "nn").text == nb.text  # anything but "en" gets Bokmål


def test_unknown_id_raises_key_error():
    with pytest.raises(KeyError):
        faq.answer("death_does_not_exist", "nb")


def _write(tmp: Path, data: dict, name: str = "death-and-inheritance.yml") -> Path:
    d = tmp / "faq"
    d.mkdir(exist_ok=True)
    (d / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return d


def _question(**over):
    q = {
        "id": "death_test",
        "examples": {"nb": ["hva er testen", "forklar testen"], "en": ["what is the test", "explain the test"]},
        "answer": {"nb": "Svar.", "en": "Answer."},
        "source": {"title": "t", "url": "https://example.org"},
        "last_checked": "2026-11-29",
    }
    q.update(over)
    return q


def _problems(directory: Path) -> str:
    with pytest.raises(faq.FaqError) as err:
        faq._load(directory, directory / "no-chains")
    return "\n".join(err.value.problems)


def test_missing_language_names_file_question_and_field(tmp_path):
    d = _write(tmp_path, {"life_event": "death-and-inheritance",
                          "questions": [_question(answer={"nb": "Svar."})]})
    text = _problems(d)
    assert "death-and-inheritance.yml" in text and "question death_test" in text and "answer.en" in text


def test_too_few_examples(tmp_path):
    d = _write(tmp_path, {"life_event": "death-and-inheritance",
                          "questions": [_question(examples={"nb": ["bare en"], "en": ["a", "b"]})]})
    assert "examples.nb" in _problems(d)


def test_duplicate_ids(tmp_path):
    d = _write(tmp_path, {"life_event": "death-and-inheritance", "questions": [_question()]})
    other = _question(examples={"nb": ["noe annet", "enda noe"], "en": ["other", "another"]})
    _write(tmp_path, {"life_event": "job-loss", "questions": [other]}, name="job-loss.yml")
    assert "duplicate id" in _problems(d)


def test_unknown_life_event_and_bad_id(tmp_path):
    d = _write(tmp_path, {"life_event": "winning-the-lottery", "questions": [_question(id="Bad Id")]},
               name="winning-the-lottery.yml")
    text = _problems(d)
    assert "unknown life event" in text


def test_step_must_exist_in_chain_when_chain_lists_steps(tmp_path):
    d = _write(tmp_path, {"life_event": "death-and-inheritance", "questions": [_question(step="no-such-step")]})
    chains = tmp_path / "chains"
    chains.mkdir()
    (chains / "death-and-inheritance.yml").write_text(yaml.safe_dump({"steps": [{"id": "arrange-funeral"}]}))
    with pytest.raises(faq.FaqError) as err:
        faq._load(d, chains)
    assert "no-such-step" in str(err.value)


def test_build_writes_rasa_inputs(tmp_path):
    domain = tmp_path / "domain.yml"
    domain.write_text('version: "3.1"\nintents:\n  - faq\n', encoding="utf-8")
    out = tmp_path / "out"
    questions = faq.build(domain, out)
    nlu = yaml.safe_load((out / "data" / "faq.yml").read_text(encoding="utf-8"))
    intents = [b["intent"] for b in nlu["nlu"]]
    assert intents == [f"faq/{q}" for q in questions]
    responses = yaml.safe_load((out / "domain" / "faq_responses.yml").read_text(encoding="utf-8"))
    assert set(responses["responses"]) == {f"utter_faq/{q}" for q in questions}
    assert (out / "domain" / "domain.yml").read_text(encoding="utf-8") == domain.read_text(encoding="utf-8")


def test_cli_fails_with_exit_1_on_invalid_content(tmp_path):
    d = _write(tmp_path, {"life_event": "death-and-inheritance", "questions": [_question(source={"title": "x"})]})
    domain = tmp_path / "domain.yml"
    domain.write_text('version: "3.1"\n', encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "bot.faq", "build", "--faq-dir", str(d), "--domain", str(domain),
         "--out", str(tmp_path / "out")],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert proc.returncode == 1
    assert "question death_test: source.url" in proc.stderr


def test_cli_fails_without_domain(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "bot.faq", "build", "--domain", str(tmp_path / "missing.yml"),
         "--out", str(tmp_path / "out")],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert proc.returncode == 1 and "domain" in proc.stderr


def test_faq_examples_do_not_repeat_nlu_examples():
    nlu = set()
    for path in (ROOT / "data" / "nlu").rglob("*.yml"):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            nlu |= {l[2:].strip().lower() for l in block["examples"].splitlines() if l.startswith("- ")}
    clashes = [e for q in faq.load_faq().values() for e in q.examples.nb + q.examples.en if e.lower() in nlu]
    assert clashes == []
