"""Tell Us Once in the chat: say who would be told what, ask consent agency by agency, confirm, send, receipts.

Nothing is sent without an explicit yes for each agency and a final yes. The idempotency key is derived from the
conversation and the consents, so a retried send never notifies an agency twice.
"""
from __future__ import annotations

import hashlib
import logging
from typing import Any, Callable, Optional

from bot.dialogue.formatting import mid_sentence
from bot.dialogue.reply import Reply, button
from bot.dialogue.state import ConversationState
from bot.dialogue.texts import t

logger = logging.getLogger(__name__)

# Which life event a notification belongs to.
EVENT_KIND = {"death-and-inheritance": "death", "having-a-child": "birth", "new-in-norway": "move"}


class TellUsOnce:
    """The flow, with the agency catalogue of what is shared and a `send` function injected."""

    def __init__(self, agencies_by_event: dict[str, list[dict[str, Any]]],
                 send: Optional[Callable[..., list[Any]]], agency_name: Callable[[str, str], str]):
        self.agencies_by_event = agencies_by_event
        self.send = send
        self.agency_name = agency_name

    def _targets(self, state: ConversationState) -> list[dict[str, Any]]:
        kind = EVENT_KIND.get(state.life_event or "")
        return self.agencies_by_event.get(kind, []) if kind else []

    def _yes_no(self, language: str) -> list[dict[str, str]]:
        return [button(t("yes", language), "/affirm"), button(t("no", language), "/deny")]

    def start(self, state: ConversationState) -> Reply:
        language = state.language
        targets = self._targets(state)
        if not targets:
            return Reply(state).say(t("tuo_not_available", language),
                                    custom={"type": "tell_us_once", "life_event": state.life_event,
                                            "available": False})
        lines = [t("tuo_intro", language)]
        for target in targets:
            lines.append(f"- {self.agency_name(target['agency_id'], language)}: {target['what_is_shared'][language]}")
        state = state.with_(consents={}, awaiting=f"tuo:{targets[0]['agency_id']}")
        reply = Reply(state)
        reply.say("\n".join(lines), custom={
            "type": "tell_us_once", "life_event": state.life_event, "available": True,
            "agencies": [{"id": x["agency_id"], "shared": x["what_is_shared"][language]} for x in targets]})
        return self._ask(reply, targets[0])

    def _ask(self, reply: Reply, target: dict[str, Any]) -> Reply:
        state, language = reply.state, reply.state.language
        reply.say(t("tuo_ask", language, agency=mid_sentence(self.agency_name(target["agency_id"], language), language),
                    what=target["what_is_shared"][language]),
                  buttons=self._yes_no(language),
                  custom={"type": "tell_us_once_consent", "life_event": state.life_event,
                          "agency": target["agency_id"]})
        return reply

    def answer(self, state: ConversationState, intent: str, text: str, conversation_id: str) -> Reply:
        language = state.language
        targets = self._targets(state)
        awaiting = state.awaiting or ""
        if awaiting.startswith("tuo:"):
            if intent not in ("affirm", "deny"):
                return self._ask(Reply(state), next(x for x in targets if x["agency_id"] == awaiting[4:]))
            consents = {**state.consents, awaiting[4:]: intent == "affirm"}
            remaining = [x for x in targets if x["agency_id"] not in consents]
            if remaining:
                return self._ask(Reply(state.with_(consents=consents, awaiting=f"tuo:{remaining[0]['agency_id']}")),
                                 remaining[0])
            chosen = [a for a, yes in consents.items() if yes]
            if not chosen:
                return Reply(state.with_(consents=consents, awaiting=None)).say(
                    t("tuo_none", language), custom={"type": "tell_us_once_receipt", "life_event": state.life_event,
                                                     "receipts": []})
            names = ", ".join(mid_sentence(self.agency_name(a, language), language) for a in chosen)
            return Reply(state.with_(consents=consents, awaiting="tuo_send")).say(
                t("tuo_confirm", language, agencies=names), buttons=self._yes_no(language),
                custom={"type": "tell_us_once_confirm", "life_event": state.life_event, "agencies": chosen})
        if awaiting == "tuo_send":
            if intent != "affirm":
                return Reply(state.with_(awaiting=None)).say(
                    t("tuo_cancelled", language), custom={"type": "tell_us_once_receipt",
                                                          "life_event": state.life_event, "receipts": []})
            return self._send(state, conversation_id)
        return Reply(state.with_(awaiting=None))

    def _send(self, state: ConversationState, conversation_id: str) -> Reply:
        language = state.language
        kind = EVENT_KIND[state.life_event]
        key_source = f"{conversation_id}|{kind}|{sorted(state.consents.items())}"
        idempotency_key = hashlib.sha256(key_source.encode()).hexdigest()[:32]
        try:
            receipts = self.send(kind, dict(state.consents), idempotency_key) if self.send else None
        except Exception as error:  # any agency failure: say so, keep the consents for a retry
            logger.warning("Tell Us Once failed: %s", type(error).__name__)
            receipts = None
        if receipts is None:
            return Reply(state.with_(awaiting="tuo_send")).say(
                t("tuo_unavailable", language), buttons=self._yes_no(language),
                custom={"type": "tell_us_once_receipt", "life_event": state.life_event, "receipts": [],
                        "sent": False})
        lines = [t("tuo_receipts", language)]
        items = []
        for receipt in receipts:
            name = self.agency_name(receipt.agency_id, language)
            status = _receipt_status(receipt.status, language)
            case = f" ({receipt.case_id})" if receipt.case_id else ""
            lines.append(f"- {name}: {status}{case}")
            items.append({"agency": receipt.agency_id, "status": receipt.status, "case_id": receipt.case_id,
                          "at": receipt.at.isoformat() if hasattr(receipt.at, "isoformat") else str(receipt.at)})
        return Reply(state.with_(awaiting=None)).say("\n".join(lines), custom={
            "type": "tell_us_once_receipt", "life_event": state.life_event, "receipts": items, "sent": True})


def _receipt_status(status: str, language: str) -> str:
    labels = {
        "notified": {"nb": "har fått beskjed", "en": "has been notified"},
        "not_notified_no_consent": {"nb": "ikke varslet (uten samtykke)", "en": "not notified (no consent)"},
        "failed": {"nb": "kunne ikke varsles nå", "en": "could not be notified now"},
    }
    return labels.get(status, {}).get(language, status)
