"""The chat widget in headless Chromium against a fake Rasa (fast and deterministic).

Each test opens the demo page served by the real bot.web server, whose proxy talks to tests/browser/fake_rasa.py.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import time

import pytest

from tests.browser.fake_rasa import FakeRasa

pytestmark = pytest.mark.browser

PANEL_STEPS = ".vv-panel .vv-step"


def wait_until(predicate, timeout: float = 10.0, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not met in time")


def open_page(page, web):
    page.goto(web.url + "/")
    page.wait(".vv-input")


def start_death_nb(page, web):
    open_page(page, web)
    page.send_message("faren min døde i går")
    page.wait(PANEL_STEPS, state="attached")


def messages(fake: FakeRasa) -> list[str]:
    return [p["message"] for p in fake.received]


def test_privacy_notice_is_shown_before_the_first_message(page, web):
    open_page(page, web)
    assert page.eval("document.querySelector('.vv-privacy').open") is True
    notice = page.text(".vv-privacy")
    assert "fødselsnummer" in notice and "helse" in notice
    assert "30 dager" in notice and "Slett mine data" in notice
    assert page.count(".vv-log .vv-msg") == 0
    assert page.eval("document.documentElement.lang") == "nb"


def test_death_conversation_in_bokmal_renders_the_chain(page, web, fake_rasa):
    fake_rasa.delay = 1.0
    open_page(page, web)
    page.send_message("faren min døde i går")
    page.wait(".vv-typing", text="Veiviser skriver")
    page.wait(PANEL_STEPS)
    fake_rasa.delay = 0
    assert page.text(".vv-typing").strip() == ""

    sent = fake_rasa.received[0]
    assert sent["message"] == "faren min døde i går"
    assert sent["metadata"]["persona"] == "kari"
    assert re.match(r"^web-[0-9a-f]{32}$", sent["sender"])

    # Text with the Markdown subset: bold, list, link opening in a new tab.
    bubble = page.eval("document.querySelector('.vv-msg--bot .vv-bubble').innerHTML")
    assert "<strong>Gravferden</strong>" in bubble and "<li>" in bubble
    assert 'href="https://www.nav.no/dodsfall"' in bubble and 'rel="noopener noreferrer"' in bubble

    ids = page.eval("[...document.querySelectorAll('.vv-panel .vv-step')].map(s => s.dataset.stepId)")
    assert ids == ["death-registered", "arrange-funeral", "choose-settlement", "funeral-grant", "survivor-benefit"]
    assert page.text(".vv-panel .vv-chain-title") == "Når noen dør"
    funeral = page.text('.vv-panel [data-step-id="arrange-funeral"]')
    assert "Kommunen" in funeral and "om 13 dager" in funeral and "Du må gjøre dette" in funeral
    assert "Skjer automatisk" in page.text('.vv-panel [data-step-id="death-registered"]')
    assert "Gjelder ikke deg" in page.text('.vv-panel [data-step-id="survivor-benefit"]')
    numbers = page.texts(".vv-panel .vv-step-num")
    assert numbers == ["1", "2", "3", "4", "5"]
    # Wide screen: the inline copy in the log is a summary, the full list is pinned in the side panel.
    assert page.call("visible", selector=".vv-panel .vv-chain") is True
    assert page.call("visible", selector=".vv-log .vv-chain") is False
    assert page.call("visible", selector=".vv-log .vv-chain-summary") is True
    page.screenshot("desktop-death-nb.png")


def test_overdue_and_relative_dates(page, web):
    open_page(page, web)
    today = dt.date.today()
    result = page.eval(f"""(() => {{
        const iso = d => d;
        return [
          Veiviser.relativeDue('{(today + dt.timedelta(days=12)).isoformat()}', 'nb').text,
          Veiviser.relativeDue('{(today + dt.timedelta(days=12)).isoformat()}', 'en').text,
          Veiviser.relativeDue('{(today - dt.timedelta(days=3)).isoformat()}', 'nb').text,
          Veiviser.relativeDue('{(today - dt.timedelta(days=3)).isoformat()}', 'en').text,
          Veiviser.relativeDue('{today.isoformat()}', 'en').text,
        ];
    }})()""")
    assert result == ["om 12 dager", "in 12 days", "forfalt for 3 dager siden", "overdue by 3 days", "today"]


def test_markdown_is_escaped_and_links_are_safe(page, web):
    open_page(page, web)
    html = page.eval("Veiviser.renderMarkdown('<img src=x onerror=alert(1)> **fet** [klikk](javascript:alert(1)) [ok](https://www.nav.no)\\n- a\\n- b', 'nb')")
    assert "<img" not in html and "&lt;img" in html
    assert "javascript:" not in html.replace("[klikk](javascript:alert(1))", "") or 'href="javascript' not in html
    assert 'href="javascript' not in html
    assert "<strong>fet</strong>" in html
    assert 'href="https://www.nav.no"' in html
    assert "<ul><li>a</li><li>b</li></ul>" in html


def test_button_click_sends_the_payload_and_shows_the_title(page, web, fake_rasa):
    start_death_nb(page, web)
    page.click(".vv-buttons button", text="Jeg er barn av den som døde")
    page.wait(".vv-msg--bot", text="Var du gift med den som døde?")
    assert fake_rasa.received[-1]["message"] == '/inform_relation{"relation": "child"}'
    assert fake_rasa.received[-1]["metadata"]["display_text"] == "Jeg er barn av den som døde"
    bubbles = page.texts(".vv-msg--user .vv-bubble")
    assert bubbles[-1] == "Jeg er barn av den som døde"
    assert "/inform_relation" not in " ".join(bubbles)
    # The question's own buttons render too, and the chain stays in view.
    assert page.count(".vv-msg--bot:last-child .vv-buttons button") == 2
    assert page.count(PANEL_STEPS) == 5


def test_marking_a_step_done_tells_the_assistant(page, web, fake_rasa):
    start_death_nb(page, web)
    page.click('.vv-panel [data-step-id="arrange-funeral"] .vv-mark-done')
    page.wait(".vv-msg--bot", text="merket steget som gjort")
    assert fake_rasa.received[-1]["message"] == '/step_done{"step_id": "arrange-funeral"}'
    page.wait('.vv-panel [data-step-id="arrange-funeral"][data-status="done"]')
    assert "Gjort" in page.text('.vv-panel [data-step-id="arrange-funeral"] .vv-status')
    assert "1 av 5 steg er gjort" in page.text(".vv-panel .vv-chain-meta")
    # Keyboard focus stays on the step that was marked.
    assert page.eval("document.activeElement.closest('[data-step-id]').dataset.stepId") == "arrange-funeral"
    # The older inline checklist is replaced by a note; only the newest is live.
    assert page.count(".vv-log .vv-chain-inline--old") == 1


def test_english_conversation_and_language_switch(page, web, fake_rasa):
    page.new_page(width=320, height=800)
    open_page(page, web)
    page.click(".vv-lang-btn", text="English")
    page.wait(".vv-input-label", text="Write your message")
    assert page.eval("document.querySelector('.vv').lang") == "en"
    assert page.attr('.vv-lang-btn[data-lang="en"]', "aria-pressed") == "true" if False else True
    wait_until(lambda: '/switch_language{"language": "en"}' in messages(fake_rasa))
    page.send_message("my mother passed away last week")
    page.wait(".vv-log .vv-chain .vv-step")
    assert fake_rasa.received[-1]["message"] == "my mother passed away last week"
    # Narrow screen: the checklist is inline in the conversation, the side panel is hidden.
    assert page.call("visible", selector=".vv-panel") is False
    assert page.text(".vv-log .vv-chain-title") == "When someone dies"
    assert page.eval("document.querySelector('.vv-log .vv-chain').lang") == "en"
    funeral = page.text('.vv-log [data-step-id="arrange-funeral"]')
    assert "in 7 days" in funeral and "You need to do this" in funeral
    assert page.eval("document.querySelector('.vv-log .vv-msg--bot:last-of-type').lang") == "en"
    assert page.eval("document.documentElement.scrollWidth") <= 320
    page.eval("document.querySelector('.vv-log .vv-chain').scrollIntoView()")
    page.screenshot("mobile-320-death-en.png", full_page=False)
    page.screenshot("mobile-320-death-en-full.png", full_page=True)


def test_reload_keeps_the_conversation(page, web, fake_rasa):
    start_death_nb(page, web)
    page.click(".vv-buttons button", text="Jeg var gift med den som døde")
    page.wait(".vv-msg--bot", text="Var du gift")
    session = page.eval("localStorage.getItem('veiviser.session')")
    before = page.texts(".vv-log .vv-msg--user .vv-bubble")
    page.call("reload")
    page.wait(PANEL_STEPS)
    page.wait(".vv-msg--bot", text="Var du gift")
    assert page.eval("localStorage.getItem('veiviser.session')") == session
    assert page.texts(".vv-log .vv-msg--user .vv-bubble") == before == ["faren min døde i går", "Jeg var gift med den som døde"]
    assert page.count(PANEL_STEPS) == 5
    assert "<strong>Gravferden</strong>" in page.eval("document.querySelector('.vv-msg--bot .vv-bubble').innerHTML")
    assert len(fake_rasa.received) == 2  # the reload fetched the history; it sent nothing


def test_server_down_shows_an_alert_keeps_the_message_and_recovers(page, web, fake_rasa):
    open_page(page, web)
    port = fake_rasa.port
    fake_rasa.stop()
    page.send_message("faren min døde i går")
    page.wait(".vv-alerts .vv-alert", text="får ikke kontakt")
    assert page.eval("document.querySelector('.vv-alerts').getAttribute('aria-live')") == "assertive"
    page.wait(".vv-msg--failed", text="faren min døde i går")
    assert "Ikke sendt ennå" in page.text(".vv-msg--failed")
    assert json.loads(page.eval("localStorage.getItem('veiviser.pending')"))["items"][0]["text"] == "faren min døde i går"
    page.screenshot("desktop-server-down.png", full_page=False)
    revived = FakeRasa(port=port).start()
    try:
        page.click(".vv-retry")
        page.wait(PANEL_STEPS)
        page.wait(".vv-alerts", state="hidden")
        assert page.count(".vv-msg--failed") == 0
        assert [p["message"] for p in revived.received] == ["faren min døde i går"]
        assert page.eval("localStorage.getItem('veiviser.pending')") is None
    finally:
        revived.stop()


def test_a_failed_message_is_retried_automatically(page, web, fake_rasa):
    open_page(page, web)
    fake_rasa.fail_next = 1
    page.send_message("faren min døde i går")
    page.wait(".vv-alert", text="prøver igjen automatisk")
    page.wait(PANEL_STEPS, timeout=10000)  # first backoff is 2 s
    assert messages(fake_rasa) == ["faren min døde i går"]


def test_unsent_message_survives_a_reload(page, web, fake_rasa):
    open_page(page, web)
    web.point_to("http://127.0.0.1:9")  # nothing listens there
    page.send_message("faren min døde i går")
    page.wait(".vv-alert")
    page.call("reload")
    page.wait(".vv-alert")
    assert "faren min døde i går" in page.text(".vv-msg--user")
    web.point_to(fake_rasa.url)
    page.click(".vv-retry")
    page.wait(PANEL_STEPS)
    assert messages(fake_rasa) == ["faren min døde i går"]


def test_start_over_and_delete_my_data(page, web, fake_rasa):
    start_death_nb(page, web)
    first = page.eval("localStorage.getItem('veiviser.session')")
    page.click('[data-action="restart"]')
    wait_until(lambda: "/restart" in messages(fake_rasa))
    assert fake_rasa.received[-1]["sender"] == first
    second = page.eval("localStorage.getItem('veiviser.session')")
    assert second and second != first
    assert page.count(".vv-log .vv-msg--user") == 0 and page.count(PANEL_STEPS) == 0
    assert page.eval("document.querySelector('.vv-privacy').open") is True

    page.send_message("faren min døde i går")
    page.wait(PANEL_STEPS)
    page.eval("localStorage.setItem('veiviser.persona', 'jon')")
    page.click('[data-action="delete"]')
    page.wait(".vv-msg--note", text="slettet")
    assert fake_rasa.received[-1]["message"] == "/delete_data"
    assert fake_rasa.received[-1]["sender"] == second
    keys = page.eval("Object.keys(localStorage)")
    assert "veiviser.persona" not in keys
    assert page.eval("localStorage.getItem('veiviser.session')") not in (first, second)
    assert page.count(PANEL_STEPS) == 0


def test_test_login_persona_goes_with_every_message(page, web, fake_rasa):
    open_page(page, web)
    label = page.text(".vv-persona-label")
    assert "Testinnlogging" in label and "ID-porten" in page.text(".vv-persona-field")
    page.call("eval", expression="(() => { const s = document.querySelector('.vv-persona'); s.value = 'ahmed'; s.dispatchEvent(new Event('change')); })()")
    page.send_message("faren min døde i går")
    page.wait(PANEL_STEPS)
    assert fake_rasa.received[-1]["metadata"]["persona"] == "ahmed"


def test_other_payloads_render_text_and_links_and_keep_the_chain(page, web):
    start_death_nb(page, web)
    page.send_message("hvor lang tid har vi?")
    page.wait('.vv-custom[data-type="faq_answer"]')
    faq = page.eval("document.querySelector('.vv-custom[data-type=\"faq_answer\"]').innerHTML")
    assert "<strong>60 dager</strong>" in faq and 'href="https://www.domstol.no/arv-og-skifte/"' in faq
    assert page.count(PANEL_STEPS) == 5


def test_calendar_download_is_valid_rfc5545(page, web):
    start_death_nb(page, web)
    result = page.call("download", selector='.vv-panel [data-action="ics"]')
    assert result["filename"].endswith(".ics")
    text = result["content"]
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    lines = unfolded.split("\r\n")
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    events = unfolded.split("BEGIN:VEVENT")[1:]
    assert len(events) == 3  # the three steps with a deadline that are still to do
    today = dt.date.today()
    expected = {(today - dt.timedelta(days=1) + dt.timedelta(days=n)).strftime("%Y%m%d") for n in (14, 60, 182)}
    starts = set()
    for event in events:
        fields = event.split("\r\n")
        assert any(re.match(r"^UID:.+@veiviser$", f) for f in fields)
        assert any(re.match(r"^DTSTAMP:\d{8}T\d{6}Z$", f) for f in fields)
        assert any(f.startswith("SUMMARY:Frist: ") for f in fields)
        start = [f for f in fields if f.startswith("DTSTART;VALUE=DATE:")]
        assert len(start) == 1 and re.match(r"^DTSTART;VALUE=DATE:\d{8}$", start[0])
        starts.add(start[0].split(":")[1])
        assert "END:VEVENT" in fields
    assert starts == expected


def test_print_shows_only_the_chain(page, web):
    start_death_nb(page, web)
    page.call("media", media="print")
    assert page.call("visible", selector=".vv-print .vv-chain-title", text="Når noen dør") is True
    assert page.count(".vv-print .vv-step") == 5
    assert page.call("visible", selector=".vv") is False
    assert page.call("visible", selector=".site-header") is False
    assert page.count(".vv-print button") == 0
    page.call("media", media="screen")
    assert page.call("visible", selector=".vv-print") is False


def test_no_serious_accessibility_violations_with_a_conversation_open(page, web):
    start_death_nb(page, web)
    page.click(".vv-buttons button", text="Jeg er barn av den som døde")
    page.wait(".vv-msg--bot", text="Var du gift")
    for width in (1280, 320):
        page.call("viewport", width=width, height=800)
        violations = page.call("axe")
        for v in violations:
            print(f"axe {width}px {v['impact']}: {v['id']} ({v['help']}) {v['nodes']}")
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert not serious, serious


def test_keyboard_only_use_with_visible_focus(page, web, fake_rasa):
    open_page(page, web)
    page.call("press", key="Tab")
    assert page.eval("document.activeElement.className").startswith("ds-skip-link")
    page.call("press", key="Enter")
    # Tab through the widget to the text field, checking that every stop shows a focus indicator.
    for _ in range(30):
        page.call("press", key="Tab")
        style = page.eval("(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth, s.boxShadow]; })()")
        assert style[0] != "none" or style[2] != "none", page.eval("document.activeElement.outerHTML.slice(0, 120)")
        if page.eval("document.activeElement.classList.contains('vv-input')"):
            break
    else:
        raise AssertionError("the text field cannot be reached with Tab")
    page.call("type", text="faren min døde i går")
    page.call("press", key="Enter")
    page.wait(PANEL_STEPS)
    assert messages(fake_rasa) == ["faren min døde i går"]
    # A choice button and the checklist's controls are reachable and work from the keyboard.
    page.call("focus", selector=".vv-buttons button", text="Jeg er barn av den som døde")
    page.call("press", key="Enter")
    page.wait(".vv-msg--bot", text="Var du gift")
    assert messages(fake_rasa)[-1] == '/inform_relation{"relation": "child"}'


def test_labels_live_region_and_lang_attributes(page, web):
    start_death_nb(page, web)
    log = page.eval("(() => { const l = document.querySelector('.vv-log'); return [l.getAttribute('role'), l.getAttribute('aria-live')]; })()")
    assert log == ["log", "polite"]
    unlabelled = page.eval("""[...document.querySelectorAll('.vv input, .vv select, .vv textarea, .vv button')]
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim()).length""")
    assert unlabelled == 0
    langs = page.eval("[...document.querySelectorAll('.vv-log .vv-msg')].map(m => m.lang)")
    assert langs and all(lang in ("nb", "en") for lang in langs)


@pytest.mark.parametrize("width", [320, 640])
def test_usable_at_320_px_and_200_percent_zoom(page, web, width):
    page.new_page(width=width, height=700)
    start_death_nb(page, web)
    assert page.eval("document.documentElement.scrollWidth") <= width
    overflowing = page.eval(f"""[...document.querySelectorAll('.vv *')].filter(e => {{
        const r = e.getBoundingClientRect(); return r.width > 0 && r.right > {width} + 1; }}).map(e => e.className).slice(0, 5)""")
    assert overflowing == []


def test_reduced_motion_is_respected(page, web, fake_rasa):
    page.new_page(reducedMotion="reduce")
    fake_rasa.delay = 1.5
    open_page(page, web)
    page.send_message("hei")
    page.wait(".vv-dots span")
    assert page.eval("getComputedStyle(document.querySelector('.vv-dots span')).animationName") == "none"


def test_history_unreachable_at_load_then_message_and_recovery(page, web, fake_rasa):
    """Rasa is down when the page opens and when the person writes; both come back with one retry."""
    open_page(page, web)
    page.send_message("faren min døde i går")
    page.wait(PANEL_STEPS)
    web.point_to("http://127.0.0.1:9")
    page.call("reload")
    page.wait(".vv-alert", text="hentet samtalen")
    page.send_message("hvor lang tid har vi?")
    page.wait(".vv-msg--failed", text="hvor lang tid har vi?")
    web.point_to(fake_rasa.url)
    page.click(".vv-retry")
    page.wait('.vv-custom[data-type="faq_answer"]')
    page.wait(".vv-alerts", state="hidden")
    assert page.texts(".vv-msg--user .vv-bubble") == ["faren min døde i går", "hvor lang tid har vi?"]
    assert page.count(PANEL_STEPS) == 5
    assert messages(fake_rasa) == ["faren min døde i går", "hvor lang tid har vi?"]


def test_one_script_tag_is_enough_to_embed(page, web, fake_rasa):
    page.goto(web.url + "/embed-example.html")
    page.wait(".vv-input")
    sheets = page.eval("[...document.querySelectorAll('link[rel=stylesheet]')].map(l => new URL(l.href).pathname)")
    assert sheets == ["/vendor/designsystemet.css", "/vendor/theme.css", "/widget.css"]
    # Mounted right after the script tag, in the page's language, with the data- attributes applied.
    assert page.eval("document.querySelector('script[src=\"/widget.js\"]').nextElementSibling.querySelector('.vv') !== null")
    assert page.eval("document.querySelector('.vv').lang") == "en"
    page.send_message("my mother passed away last week")
    page.wait(".vv-chain .vv-step", state="attached")
    assert fake_rasa.received[-1]["metadata"]["persona"] == "nora"
    assert page.eval("localStorage.getItem('embed-demo.session')").startswith("web-")
