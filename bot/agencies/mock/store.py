"""SQLite store of the mock agencies: cases, units, idempotency records and case-number counters.

The seed (people.yml) is read on every start: people are kept in memory (read-only), seeded units and cases are
inserted with INSERT OR IGNORE, so a restart keeps what was written and never duplicates the seed.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

from bot.agencies.ids import is_d_number, orgnr_from_stem

SCHEMA = """
CREATE TABLE IF NOT EXISTS cases (
    saksnummer TEXT PRIMARY KEY,
    agency TEXT NOT NULL,
    kind TEXT NOT NULL,
    type TEXT NOT NULL,
    personident TEXT NOT NULL,
    status TEXT NOT NULL,
    mottatt TEXT NOT NULL,
    vedtaksdato TEXT,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS cases_person ON cases(agency, personident);
CREATE TABLE IF NOT EXISTS units (
    orgnr TEXT PRIMARY KEY,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS roles (
    orgnr TEXT NOT NULL,
    personident TEXT NOT NULL,
    rolle TEXT NOT NULL,
    PRIMARY KEY (orgnr, personident, rolle)
);
CREATE TABLE IF NOT EXISTS idempotency (
    scope TEXT PRIMARY KEY,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
"""

CASE_PREFIX = {
    "nav": "NAV", "skatteetaten": "SKE", "folkeregisteret": "FREG", "tingretten": "TR", "kartverket": "KV",
    "brreg": "BR", "udi": "DUF", "politiet": "POL", "kommune": "KOM", "helfo": "HELFO", "lanekassen": "LK",
    "tell-us-once": "TUO",
}


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


class Store:
    def __init__(self, db_path: Path, seed: dict[str, Any]):
        self.db_path = Path(db_path)
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        self.lock = threading.RLock()
        self.db = sqlite3.connect(str(self.db_path), check_same_thread=False, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self.people: dict[str, dict[str, Any]] = {}   # fnr -> person record (with key)
        self.key_to_fnr: dict[str, str] = {}
        self._load_seed(seed)

    # ---------------------------------------------------------------- seed
    def _load_seed(self, seed: dict[str, Any]) -> None:
        for key, person in seed["persons"].items():
            fnr = str(person["fnr"])
            self.key_to_fnr[key] = fnr
            self.people[fnr] = dict(person, key=key)
        with self.lock:
            self.db.execute("BEGIN")
            for unit in seed.get("units", []):
                data = {k: v for k, v in unit.items() if k != "roller"}
                self.db.execute("INSERT OR IGNORE INTO units(orgnr, data) VALUES (?, ?)",
                                (unit["organisasjonsnummer"], json.dumps(data, default=str)))
                for role in unit.get("roller", []):
                    self.db.execute("INSERT OR IGNORE INTO roles VALUES (?, ?, ?)",
                                    (unit["organisasjonsnummer"], self.key_to_fnr[role["person"]], role["rolle"]))
            stamp = now().isoformat()
            for case in seed.get("cases", []):
                data = dict(case.get("data") or {})
                self.db.execute(
                    "INSERT OR IGNORE INTO cases VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (case["saksnummer"], case["agency"], case["kind"], case["type"],
                     self.key_to_fnr[case["person"]], case["status"],
                     str(case.get("mottatt") or case.get("data", {}).get("doedsdato") or "2026-11-20"),
                     case.get("vedtaksdato"), json.dumps(data, default=str), stamp, stamp))
            self.db.execute("COMMIT")

    # ---------------------------------------------------------------- people (read-only)
    def person(self, fnr: str) -> dict[str, Any] | None:
        return self.people.get(fnr)

    def fnr_of(self, key: str) -> str | None:
        return self.key_to_fnr.get(key)

    def person_view(self, fnr: str) -> dict[str, Any] | None:
        """A Folkeregisteret-shaped person record."""
        p = self.people.get(fnr)
        if p is None:
            return None
        from bot.agencies.ids import birth_date
        dead = p.get("doedsdato")
        status = "doed" if dead else p.get("personstatus", "bosatt")
        return {
            "folkeregisteridentifikator": fnr,
            "identifikatortype": "dNummer" if is_d_number(fnr) else "foedselsnummer",
            "navn": {"fornavn": p["fornavn"], "etternavn": p["etternavn"]},
            "kjoenn": p["kjoenn"],
            "foedsel": {"foedselsdato": birth_date(fnr).isoformat()},
            "personstatus": status,
            "sivilstand": p.get("sivilstand", "ugift"),
            "statsborgerskap": [p.get("statsborgerskap", "NOR")],
            "bostedsadresse": p["adresse"],
            "doedsfall": {"doedsdato": str(dead)} if dead else None,
            "familierelasjoner": [
                {"relatertPersonsIdentifikator": self.key_to_fnr[r["person"]], "relatertPersonsRolle": r["rolle"]}
                for r in p.get("relasjoner", [])
            ],
        }

    # ---------------------------------------------------------------- counters and case numbers
    def next_value(self, name: str, start: int) -> int:
        with self.lock:
            row = self.db.execute("SELECT value FROM counters WHERE name=?", (name,)).fetchone()
            value = (row["value"] + 1) if row else start
            self.db.execute("INSERT OR REPLACE INTO counters(name, value) VALUES (?, ?)", (name, value))
            return value

    def new_case_number(self, agency: str) -> str:
        year = now().year
        n = self.next_value(f"case:{agency}", 1000)
        if agency == "tingretten":
            return f"{year % 100:02d}-{200000 + n:06d}TVI-TOSL"
        if agency == "udi":
            return f"DUF-{year}{n:08d}"
        return f"{CASE_PREFIX.get(agency, agency.upper())}-{year}-{n:06d}"

    def new_orgnr(self) -> str:
        while True:
            stem = self.next_value("orgnr", 31000100)
            orgnr = orgnr_from_stem(stem)
            if orgnr and not self.unit(orgnr):
                return orgnr

    # ---------------------------------------------------------------- cases
    def add_case(self, *, agency: str, kind: str, type: str, personident: str, status: str,
                 data: dict[str, Any], saksnummer: str | None = None) -> dict[str, Any]:
        with self.lock:
            saksnummer = saksnummer or self.new_case_number(agency)
            stamp = now()
            self.db.execute("INSERT INTO cases VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                            (saksnummer, agency, kind, type, personident, status, stamp.date().isoformat(), None,
                             json.dumps(data, default=str), stamp.isoformat(), stamp.isoformat()))
            return self.case(saksnummer)

    def update_case(self, saksnummer: str, *, status: str | None = None, data: dict[str, Any] | None = None) -> None:
        with self.lock:
            row = self.case(saksnummer)
            if row is None:
                return
            new_data = dict(row["data"], **(data or {}))
            self.db.execute("UPDATE cases SET status=?, data=?, updated_at=? WHERE saksnummer=?",
                            (status or row["status"], json.dumps(new_data, default=str), now().isoformat(), saksnummer))

    @staticmethod
    def _case_row(row: sqlite3.Row | None) -> dict[str, Any] | None:
        if row is None:
            return None
        out = dict(row)
        out["data"] = json.loads(out["data"])
        return out

    def case(self, saksnummer: str) -> dict[str, Any] | None:
        return self._case_row(self.db.execute("SELECT * FROM cases WHERE saksnummer=?", (saksnummer,)).fetchone())

    def cases_for(self, agency: str, personident: str, kind: str | None = None,
                  type: str | None = None) -> list[dict[str, Any]]:
        sql, args = "SELECT * FROM cases WHERE agency=? AND personident=?", [agency, personident]
        if kind:
            sql += " AND kind=?"
            args.append(kind)
        if type:
            sql += " AND type=?"
            args.append(type)
        rows = self.db.execute(sql + " ORDER BY created_at, saksnummer", args).fetchall()
        return [self._case_row(r) for r in rows]

    def cases_where_heir(self, personident: str) -> list[dict[str, Any]]:
        """Probate cases where the person is the one registered or is listed as an heir (by key or fnr)."""
        key = self.people.get(personident, {}).get("key")
        out = []
        for row in self.db.execute("SELECT * FROM cases WHERE agency='tingretten' AND kind='skiftesak'").fetchall():
            case = self._case_row(row)
            heirs = case["data"].get("arvinger", [])
            if case["personident"] == personident or personident in heirs or (key and key in heirs):
                out.append(case)
        return out

    # ---------------------------------------------------------------- units
    def unit(self, orgnr: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT data FROM units WHERE orgnr=?", (orgnr,)).fetchone()
        return json.loads(row["data"]) if row else None

    def units(self) -> list[dict[str, Any]]:
        return [json.loads(r["data"]) for r in self.db.execute("SELECT data FROM units ORDER BY orgnr")]

    def add_unit(self, data: dict[str, Any], roles: list[tuple[str, str]]) -> None:
        with self.lock:
            self.db.execute("BEGIN")
            self.db.execute("INSERT INTO units(orgnr, data) VALUES (?, ?)",
                            (data["organisasjonsnummer"], json.dumps(data, default=str)))
            for personident, rolle in roles:
                self.db.execute("INSERT OR IGNORE INTO roles VALUES (?, ?, ?)",
                                (data["organisasjonsnummer"], personident, rolle))
            self.db.execute("COMMIT")

    def roles_for(self, personident: str) -> list[tuple[str, str]]:
        return [(r["orgnr"], r["rolle"]) for r in
                self.db.execute("SELECT orgnr, rolle FROM roles WHERE personident=? ORDER BY orgnr, rolle",
                                (personident,))]

    # ---------------------------------------------------------------- idempotency
    def idempotent_get(self, scope: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM idempotency WHERE scope=?", (scope,)).fetchone()
        return dict(row) if row else None

    def idempotent_put(self, scope: str, request_hash: str, status: int, body: str) -> None:
        with self.lock:
            self.db.execute("INSERT OR IGNORE INTO idempotency VALUES (?,?,?,?,?)",
                            (scope, request_hash, status, body, now().isoformat()))

    def close(self) -> None:
        self.db.close()
