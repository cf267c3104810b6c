import datetime as dt

import pytest

from bot.agencies import TELL_US_ONCE_AGENCIES
from bot.agencies.catalog import AGENCY_NAMES
from bot.agencies.ids import (birth_date, is_d_number, is_synthetic, make_personal_id, orgnr_from_stem, valid_orgnr,
                              valid_personal_id)
from bot.agencies.personas import SEED_FILE, fnr_for, load_seed, personas


def test_check_digits_of_known_numbers():
    # Published example numbers: 01010750160 is a valid test fnr; a changed digit breaks it.
    assert valid_personal_id("01010750160")
    assert not valid_personal_id("01010750161")
    assert not valid_personal_id("0101075016")
    assert not valid_personal_id("0101075016a")
    assert valid_orgnr("974760673")          # Brønnøysundregistrene's own orgnr
    assert not valid_orgnr("974760674")


def test_made_numbers_round_trip():
    for year in (1949, 1978, 2001, 2026):
        for d_number in (False, True):
            fnr = make_personal_id(dt.date(year, 6, 15), serial=3, d_number=d_number)
            assert valid_personal_id(fnr) and is_synthetic(fnr)
            assert is_d_number(fnr) == d_number
            assert birth_date(fnr) == dt.date(year, 6, 15)


def test_orgnr_stems():
    made = [orgnr_from_stem(31000000 + i) for i in range(50)]
    assert any(m is None for m in made)      # some stems have no valid check digit (remainder 1)
    assert all(valid_orgnr(m) for m in made if m)


def test_every_seeded_identity_is_valid_and_synthetic():
    seed = load_seed()
    fnrs = [p["fnr"] for p in seed["persons"].values()]
    assert len(fnrs) == len(set(fnrs))
    for fnr in fnrs:
        assert valid_personal_id(fnr) and is_synthetic(fnr), "seed identities must be synthetic (month + 80)"
    for unit in seed["units"]:
        assert valid_orgnr(unit["organisasjonsnummer"]) and unit["organisasjonsnummer"].startswith("31")
        for role in unit["roller"]:
            assert role["person"] in seed["persons"]
    for case in seed["cases"]:
        assert case["person"] in seed["persons"]


def test_required_personas():
    keys = set(personas())
    assert {"kari", "ahmed", "lise", "jon", "nora", "per", "frida"} <= keys
    assert is_d_number(fnr_for("ahmed"))      # not yet resident: D-nummer
    assert fnr_for("kari") == load_seed()["persons"]["kari"]["fnr"]
    with pytest.raises(KeyError):
        fnr_for("nobody")
    assert "kari" in SEED_FILE.read_text(encoding="utf-8")


def test_tell_us_once_agency_ids_are_in_the_agency_catalog():
    import pathlib
    import yaml
    catalog = pathlib.Path(__file__).resolve().parents[2] / "data" / "agencies.yml"
    ids = {a["id"] for a in yaml.safe_load(catalog.read_text(encoding="utf-8"))["agencies"]}
    assert set(AGENCY_NAMES) <= ids
    for event, agencies in TELL_US_ONCE_AGENCIES.items():
        for entry in agencies:
            assert entry["agency_id"] in ids
            assert entry["what_is_shared"]["nb"] and entry["what_is_shared"]["en"]
