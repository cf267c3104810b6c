"""Tell Us Once: notify several agencies at once, with consent per agency."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.adapter import _clients, emit, persona_of, state_of
from bot.dialogue.tell_us_once import TellUsOnce


def _agency_name(agency_id: str, language: str) -> str:
    from bot.chains import load_catalog

    agency = load_catalog().agencies.get(agency_id)
    return agency.name.get(language) if agency else agency_id


def _subject_for(persona: str, kind: str) -> str:
    """Whom the notice is about. With ID-porten this would come from Folkeregisteret; in the demo, from the
    synthetic persona's relations: the relative who died, the newest child, or the person who moves."""
    from bot.agencies.personas import fnr_for, load_seed

    people = load_seed()["persons"]
    relations = people.get(persona, {}).get("relasjoner", [])
    if kind == "death":
        for relation in relations:
            if people.get(relation["person"], {}).get("doedsdato"):
                return str(people[relation["person"]]["fnr"])
    if kind == "birth":
        children = [r["person"] for r in relations if r.get("rolle") == "BARN"]
        if children:
            return str(people[children[-1]]["fnr"])
    return fnr_for(persona)


def tell_us_once_flow(tracker: Tracker) -> TellUsOnce:
    from bot.agencies import TELL_US_ONCE_AGENCIES
    from bot.agencies.personas import fnr_for

    persona = persona_of(tracker)

    def send(kind: str, consents: dict[str, bool], idempotency_key: str):
        reporter = fnr_for(persona)
        return _clients().tell_us_once(event=kind, subject_fnr=_subject_for(persona, kind), reporter_fnr=reporter,
                                       consents=consents, idempotency_key=idempotency_key, details={})

    return TellUsOnce(TELL_US_ONCE_AGENCIES, send, _agency_name)


class ActionTellUsOnce(Action):
    def name(self) -> str:
        return "action_tell_us_once"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict[str, Any]]:
        before = state_of(tracker)
        return emit(tell_us_once_flow(tracker).start(before), tracker, dispatcher)
