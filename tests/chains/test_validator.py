"""The validator fails, with a clear message, on a copy of data/ with each kind of mistake."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.chains import check
from bot.chains.loader import DEFAULT_DATA, REPO

DEATH = "chains/death-and-inheritance.yml"


@pytest.fixture()
def data(tmp_path):
    target = tmp_path / "data"
    target.mkdir()
    shutil.copytree(DEFAULT_DATA / "chains", target / "chains")
    shutil.copy(DEFAULT_DATA / "agencies.yml", target / "agencies.yml")
    shutil.copy(DEFAULT_DATA / "constants.yml", target / "constants.yml")
    return target


def edit(root: Path, rel: str, change):
    path = root / rel
    doc = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def step(doc, sid):
    return next(s for s in doc["steps"] if s["id"] == sid)


def issues_of(root):
    _, issues = check(root)
    return issues


def only(issues, **match):
    found = [i for i in issues if all(getattr(i, k) == v for k, v in match.items())]
    assert found, "no issue matching %r in:\n%s" % (match, "\n".join(map(str, issues)))
    return found[0]


def test_real_data_is_valid():
    assert issues_of(DEFAULT_DATA) == []


def test_copy_is_valid(data):
    assert issues_of(data) == []


def test_unknown_agency(data):
    edit(data, DEATH, lambda d: step(d, "funeral-grant").update(agency="navv"))
    issue = only(issues_of(data), file=DEATH, step="funeral-grant", field="agency")
    assert "unknown agency 'navv'" in str(issue) and "data/agencies.yml" in issue.fix


def test_unknown_dependency(data):
    edit(data, DEATH, lambda d: step(d, "funeral-grant").update(depends_on=["arange-funeral"]))
    issue = only(issues_of(data), step="funeral-grant", field="depends_on")
    assert "unknown step 'arange-funeral'" in issue.message


def test_cycle(data):
    edit(data, DEATH, lambda d: step(d, "arrange-funeral").update(entry=False, depends_on=["funeral-grant"]))
    issue = only(issues_of(data), file=DEATH, field="depends_on")
    cycles = [i for i in issues_of(data) if "cycle" in i.message]
    assert cycles and "arrange-funeral" in cycles[0].message and "funeral-grant" in cycles[0].message
    assert issue


def test_missing_bokmal_text(data):
    edit(data, DEATH, lambda d: step(d, "choose-settlement")["what"].pop("nb"))
    issue = only(issues_of(data), step="choose-settlement", field="what.nb")
    assert "Bokmål" in issue.message and "nb:" in issue.fix


def test_missing_english_text(data):
    edit(data, DEATH, lambda d: step(d, "choose-settlement")["title"].update(en=" "))
    issue = only(issues_of(data), step="choose-settlement", field="title.en")
    assert "English" in issue.message


def test_condition_on_undeclared_fact(data):
    edit(data, DEATH, lambda d: step(d, "transfer-property").update(when={"owns_house": True}))
    issue = only(issues_of(data), step="transfer-property", field="when.owns_house")
    assert "does not declare" in issue.message


def test_condition_on_undeclared_value(data):
    edit(data, DEATH, lambda d: step(d, "adjustment-allowance").update(when={"relationship": ["husband"]}))
    issue = only(issues_of(data), step="adjustment-allowance", field="when.relationship")
    assert "'husband'" in issue.message and "spouse" in issue.fix


def test_malformed_deadline_two_units(data):
    edit(data, DEATH, lambda d: step(d, "choose-settlement")["deadline"].update(weeks=8))
    issue = only(issues_of(data), step="choose-settlement", field="deadline")
    assert "exactly one of days, weeks" in issue.message


def test_malformed_deadline_unknown_date(data):
    edit(data, DEATH, lambda d: step(d, "choose-settlement")["deadline"].update(after="funeral_date"))
    issue = only(issues_of(data), step="choose-settlement", field="deadline")
    assert "funeral_date" in issue.message and "date_of_death" in issue.fix


def test_malformed_deadline_no_date(data):
    edit(data, DEATH, lambda d: step(d, "choose-settlement")["deadline"].pop("after"))
    issue = only(issues_of(data), step="choose-settlement", field="deadline")
    assert "after:" in issue.message


def test_duplicate_step_id(data):
    edit(data, DEATH, lambda d: step(d, "body-transport").update(id="funeral-grant"))
    issue = only(issues_of(data), file=DEATH, step="funeral-grant", field="id")
    assert "used twice" in issue.message


def test_step_id_reused_in_other_chain_without_shared(data):
    edit(data, "chains/job-loss.yml", lambda d: step(d, "new-job").update(id="arrange-funeral"))
    issue = only(issues_of(data), file="chains/job-loss.yml", step="arrange-funeral")
    assert "also used in death-and-inheritance" in issue.message


def test_step_nothing_leads_to(data):
    edit(data, DEATH, lambda d: step(d, "minor-heirs").update(depends_on=[]))
    issue = only(issues_of(data), step="minor-heirs", field="depends_on")
    assert "nothing leads to this step" in issue.message and "entry: true" in issue.fix


def test_unknown_field_and_bad_action(data):
    def change(d):
        step(d, "asset-overview")["deadlien"] = {"after": "date_of_death", "days": 3}
        step(d, "asset-overview")["action"] = "citizens"
    edit(data, DEATH, change)
    issues = issues_of(data)
    assert "not a known field" in only(issues, step="asset-overview", field="deadlien").message
    assert "citizen" in only(issues, step="asset-overview", field="action").message


def test_same_as_to_missing_step(data):
    edit(data, DEATH, lambda d: step(d, "extended-child-benefit").update(same_as="new-in-norway/barnetrygd"))
    issue = only(issues_of(data), step="extended-child-benefit", field="same_as")
    assert "names no step" in issue.message


def test_bad_status_check_and_placeholder(data):
    def change(d):
        step(d, "funeral-grant")["status_check"]["benefit"] = "funeral"
        step(d, "childrens-pension")["why"]["en"] = "You get {G} a year."
    edit(data, DEATH, change)
    issues = issues_of(data)
    assert only(issues, step="funeral-grant", field="status_check.benefit")
    assert "{G}" in only(issues, step="childrens-pension", field="why.en").message


def test_bad_opening_hours(data):
    edit(data, "agencies.yml", lambda d: d["agencies"][0].update(opening_hours=["mon-fri 9-15"]))
    issue = only(issues_of(data), file="agencies.yml")
    assert "mon-fri 08:00-15:30" in issue.fix


def test_missing_chain_file(data):
    (data / "chains" / "job-loss.yml").unlink()
    only(issues_of(data), file="chains/job-loss.yml")


def test_cli_exit_codes(data):
    ok = subprocess.run([sys.executable, "-m", "bot.chains.validate", str(data)], cwd=REPO, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    edit(data, DEATH, lambda d: step(d, "funeral-grant").update(agency="navv"))
    bad = subprocess.run([sys.executable, "-m", "bot.chains.validate", str(data)], cwd=REPO, capture_output=True, text=True)
    assert bad.returncode == 1
    assert "chains/death-and-inheritance.yml: step 'funeral-grant', field 'agency'" in bad.stderr
