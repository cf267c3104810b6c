"""The link checker: it finds every link we give people, refuses bad ones offline, and tells broken from moved
links when it opens them (against a local web server standing in for the agencies' sites)."""
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot import links
from bot.chains import load_catalog
from bot.faq import load_faq


@pytest.fixture(scope="module")
def found():
    return links.collect()


def test_every_faq_source_is_found_and_named_by_its_question(found):
    where = {(link.url, link.where) for link in found}
    for q in load_faq().values():
        assert any(url == q.source.url and f": {q.id}.source.url" in w for url, w in where), q.id


def test_every_step_and_agency_link_is_found(found):
    catalog = load_catalog()
    urls = {link.url for link in found}
    for event in catalog.events.values():
        for step in event.steps:
            assert step.url in urls, (event.id, step.id)
    for agency in catalog.agencies.values():
        assert agency.url in urls
        if agency.chat_url:
            assert agency.chat_url in urls


def test_the_content_has_no_bad_link(found):
    assert links.problems(found, links.trusted_sites()) == []


def test_bad_links_get_one_plain_line_each(tmp_path):
    (tmp_path / "faq").mkdir()
    (tmp_path / "faq" / "x.yml").write_text(
        "questions:\n"
        "  - id: q_plain_http\n    source: {url: 'http://www.nav.no/foreldrepenger'}\n"
        "  - id: q_space\n    source: {url: 'https://www.nav.no/foreldre penger'}\n"
        "  - id: q_unknown\n    source: {url: 'https://www.nav.n0/foreldrepenger'}\n"
        "  - id: q_subdomain\n    source: {url: 'https://arbeidsplassen.nav.no/'}\n"
        "  - id: q_lookalike\n    source: {url: 'https://notnav.no/'}\n",
        encoding="utf-8")
    (tmp_path / "nlu").mkdir()  # training data is not walked, even if a sentence looks like a link
    (tmp_path / "nlu" / "nb.yml").write_text("x: 'http://example.com'\n", encoding="utf-8")
    found = links.collect(tmp_path)
    assert [link.where for link in found] == [f"data/faq/x.yml: {q}.source.url" for q in
                                             ("q_plain_http", "q_space", "q_unknown", "q_subdomain", "q_lookalike")]
    lines = links.problems(found, {"nav.no": "NAV"})
    assert len(lines) == 4
    assert lines[0].startswith("data/faq/x.yml: q_plain_http.source.url: http://www.nav.no/foreldrepenger must "
                               "start with https://")
    assert "q_space" in lines[1] and "has a space" in lines[1]
    assert "q_unknown" in lines[2] and "www.nav.n0, which is not in data/trusted_sites.yml" in lines[2]
    assert "q_lookalike" in lines[3] and "notnav.no" in lines[3]  # a suffix of the name is not the same site


def test_check_command_fails_on_a_bad_link(tmp_path, capsys):
    (tmp_path / "trusted_sites.yml").write_text("sites:\n  nav.no: NAV\n", encoding="utf-8")
    (tmp_path / "agencies.yml").write_text("agencies:\n  - id: nav\n    url: http://www.nav.no/\n", encoding="utf-8")
    assert links.main(["--data", str(tmp_path), "check"]) == 1
    assert "data/agencies.yml: nav.url: http://www.nav.no/ must start with https://" in capsys.readouterr().err
    (tmp_path / "agencies.yml").write_text("agencies:\n  - id: nav\n    url: https://www.nav.no/\n", encoding="utf-8")
    assert links.main(["--data", str(tmp_path), "check"]) == 0
    assert "1 links (1 distinct): all well-formed" in capsys.readouterr().out


class _Site(BaseHTTPRequestHandler):
    """A stand-in for the agencies' web sites: one path per kind of answer a real site gives."""

    def _answer(self, body: bool):
        path = self.path
        if path == "/ok":
            code, headers = 200, {}
        elif path == "/old":
            code, headers = 301, {"Location": "/new"}
        elif path == "/new":
            code, headers = 200, {}
        elif path == "/gone":
            code, headers = 404, {}
        elif path == "/no-head":
            code, headers = (405, {}) if self.command == "HEAD" else (200, {})
        elif path == "/slow":
            time.sleep(1.5)
            code, headers = 200, {}
        else:
            code, headers = 500, {}
        self.send_response(code)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", "2" if body else "0")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self):  # noqa: N802 - the name http.server calls
        self._answer(body=False)

    def do_GET(self):  # noqa: N802
        self._answer(body=True)

    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_live_check_tells_ok_moved_broken_and_unreachable(site):
    found = [links.Link(f"{site}/ok", "a"), links.Link(f"{site}/old", "b"), links.Link(f"{site}/gone", "c"),
             links.Link(f"{site}/no-head", "d"), links.Link(f"{site}/slow", "e"), links.Link(f"{site}/error", "f"),
             links.Link(f"{site}/ok", "g")]
    results = {r.url.rsplit("/", 1)[1]: r for r in links.check_live(found, timeout=0.5, workers=3)}
    assert len(results) == 6  # the same link is opened once ...
    assert results["ok"].where == ["a", "g"]  # ... and says everywhere it is used
    assert (results["ok"].verdict, results["ok"].status) == ("ok", 200)
    assert results["old"].verdict == "moved" and results["old"].final_url == f"{site}/new"
    assert (results["gone"].verdict, results["gone"].status) == ("broken", 404)
    assert results["no-head"].verdict == "ok"  # a site that refuses HEAD is asked with GET
    assert results["slow"].verdict == "unreachable"
    assert (results["error"].verdict, results["error"].status) == ("broken", 500)
    assert links.exit_code(list(results.values())) == 1


def test_exit_code_tells_offline_from_broken(site):
    offline = links.check_live([links.Link("http://127.0.0.1:9/nothing-listens-here", "a")], timeout=0.5)
    assert offline[0].verdict == "unreachable"
    assert links.exit_code(offline) == 2
    assert links.exit_code(links.check_live([links.Link(f"{site}/ok", "a")], timeout=2)) == 0
    assert "is this machine offline" in links._report(offline)
