"""The widget against the live stack (real Rasa, actions and agency mocks), through the `stack` fixture that
tests/conftest.py provides (.web_url, .rasa_url). The texts come from the real assistant, so these tests check
structure (payload types, step ids, languages) rather than exact wording."""
from __future__ import annotations

import pytest

from tests.browser.conftest import start_web

pytestmark = [pytest.mark.stack, pytest.mark.browser]

CHAIN_STEPS = ".vv-chain .vv-step"
DEATH_STEPS = {"death-registered", "arrange-funeral", "choose-settlement"}
SLOW = 60000  # the first replies of a freshly started Rasa can take a while


def step_ids(page, scope: str) -> list[str]:
    return page.eval(f"[...document.querySelectorAll('{scope} .vv-step')].map(s => s.dataset.stepId)")


def open_widget(page, url: str) -> None:
    page.goto(url.rstrip("/") + "/")
    page.wait(".vv-input")


def test_death_in_bokmal_shows_the_chain_and_a_button_works(page, stack):
    open_widget(page, stack.web_url)
    page.send_message("faren min døde i går")
    page.wait(".vv-panel .vv-step", timeout=SLOW)
    ids = step_ids(page, ".vv-panel")
    assert DEATH_STEPS <= set(ids), ids
    assert page.eval("document.querySelector('.vv-panel .vv-chain').dataset.lifeEvent") == "death-and-inheritance"
    assert page.eval("document.querySelector('.vv-panel .vv-chain').lang") == "nb"
    page.screenshot("stack-desktop-death-nb.png")
    # Buttons: a personalisation question follows the chain; click the first choice.
    page.wait(".vv-buttons button", timeout=SLOW)
    title = page.text(".vv-buttons button")
    bots_before = page.count(".vv-msg--bot")
    page.click(".vv-buttons button")
    page.wait(".vv-msg--user .vv-bubble", text=title)
    page.call("waitFunction", expression=f"document.querySelectorAll('.vv-msg--bot').length > {bots_before}", timeout=SLOW)
    violations = page.call("axe")
    for v in violations:
        print(f"axe {v['impact']}: {v['id']} {v['nodes']}")
    assert not [v for v in violations if v["impact"] in ("serious", "critical")]


def test_death_in_english_on_a_phone(page, stack):
    page.new_page(width=320, height=800)
    open_widget(page, stack.web_url)
    page.click(".vv-lang-btn", text="English")
    page.send_message("my mother passed away last week")
    page.wait(".vv-log .vv-chain .vv-step", timeout=SLOW)
    ids = step_ids(page, ".vv-log .vv-chain-inline:not(.vv-chain-inline--old)")
    assert DEATH_STEPS <= set(ids), ids
    assert page.eval("document.querySelector('.vv-log .vv-chain').lang") == "en"
    assert page.eval("document.documentElement.scrollWidth") <= 320
    page.screenshot("stack-mobile-320-death-en.png")


def test_reload_keeps_the_history(page, stack):
    open_widget(page, stack.web_url)
    page.send_message("faren min døde i går")
    page.wait(".vv-panel .vv-step", timeout=SLOW)
    # The REST channel splits one bot event into a text item and a custom item; the tracker keeps it as one
    # event. So compare what is shown (the bubbles' texts), not the number of message blocks.
    bubbles = page.texts(".vv-msg--bot .vv-bubble")
    assert bubbles
    page.call("reload")
    page.wait(".vv-panel .vv-step", timeout=SLOW)
    assert page.texts(".vv-msg--user .vv-bubble")[0] == "faren min døde i går"
    assert page.texts(".vv-msg--bot .vv-bubble") == bubbles
    assert DEATH_STEPS <= set(step_ids(page, ".vv-panel"))


def test_rasa_down_then_back(page, stack):
    web = start_web("http://127.0.0.1:9")  # our own web server, first pointing at nothing
    try:
        open_widget(page, web.url)
        page.wait(".vv-alert")  # the history cannot be loaded
        page.send_message("faren min døde i går")
        page.wait(".vv-msg--failed", text="faren min døde i går")
        web.point_to(stack.rasa_url)
        page.click(".vv-retry")
        page.wait(".vv-panel .vv-step", timeout=SLOW)
        page.wait(".vv-alerts", state="hidden")
        assert page.count(".vv-msg--failed") == 0
    finally:
        web.stop()
