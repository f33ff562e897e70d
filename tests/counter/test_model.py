"""The counter's model on its own, without Textual or a server: what a key asks for depends on
the answers before it, and a refusal becomes the sentence that explains it."""

from __future__ import annotations

from dataclasses import replace

import msgspec

from counter.asks import CallNumber, Press, SignInAs
from counter.model import CounterModel, ServiceLine
from counter.said import Said
from server.protocol import events as e
from server.protocol import messages as m
from server.protocol import replies as r
from server.protocol.views import TicketView

SERVICES = {
    "social": ServiceLine("social", "A", {"en": "Social services"}),
    "tax": ServiceLine("tax", "B", {"en": "Taxes"}),
}
OPEN = CounterModel("2", services=SERVICES, mine=("social",), status="open", clerk="anna")


def ticket(number: str, status: str = "called") -> TicketView:
    return TicketView(
        number=number,
        service="social",
        priority=None,
        status=status,  # type: ignore[arg-type]
        counter="2",
        taken_at="2026-11-25T08:00:00Z",
        called_at="2026-11-25T08:05:00Z",
        calls=1,
        waited_s=300,
        note="",
    )


def test_a_key_pressed_again_before_the_answer_acts_once() -> None:
    model, first = OPEN.ask(Press("call_next"), "r1")
    assert first == m.CallNext(id="r1")
    model = model.replied(first, r.TicketReply(re="r1", ticket=ticket("A001")))
    assert model.said == Said("notice.called", number="A001")
    # The second press is read after the first answer: someone is at the counter now.
    assert model.ask(Press("call_next"), "r2") == (model, None)
    _, finish = model.ask(Press("finish"), "r3")
    assert finish == m.Finish(id="r3", ticket="A001")


def test_calling_a_number_of_another_service_names_that_service() -> None:
    model, call = OPEN.ask(CallNumber("B001"), "r1")
    assert call == m.CallTicket(id="r1", ticket="B001")
    refused = model.failed(call, "not_your_ticket", 'Counter 2 does not serve "tax".')
    assert refused.said == Said("errors.not_served", True, number="B001", service="tax")
    unknown = model.failed(m.CallTicket(id="r2", ticket="Z001"), "not_your_ticket", "")
    assert unknown.said == Said("errors.not_served_unknown", True, number="Z001")


def test_a_refusal_about_the_current_visitor_forgets_them() -> None:
    model = replace(OPEN, current=ticket("A001"))
    stale = model.failed(m.Finish(id="r1", ticket="A001"), "not_your_ticket", "gone")
    assert stale.current is None
    assert stale.said == Said("errors.not_your_ticket", True, message="gone")


def test_sign_in_needs_both_fields_and_nothing_works_while_closed() -> None:
    closed = replace(OPEN, status="closed", clerk=None)
    model, request = closed.ask(SignInAs("anna", ""), "r1")
    assert request is None and model.said == Said("sign_in.empty", error=True)
    assert not any(closed.allows(a) for a in ("call_next", "finish", "sign_out", "resume"))
    assert closed.ask(Press("call_next"), "r2") == (closed, None)


def test_events_about_other_counters_change_nothing_here() -> None:
    other = e.CounterChanged(
        counter="3",
        status="paused",
        clerk="olga",
        ticket=None,
        reason="break",
        served_today=4,
        clerk_served_today=4,
        at="2026-11-25T09:00:00Z",
    )
    assert OPEN.pushed(other) == OPEN
    closed = OPEN.pushed(msgspec.structs.replace(other, counter="2", status="closed", clerk=None))
    assert (closed.status, closed.clerk, closed.said) == ("closed", None, None)


def test_the_expected_wait_is_the_busiest_served_queue_s_figure_as_visitors_see_it() -> None:
    services = {
        "social": replace(SERVICES["social"], waiting=3, estimated_wait_s=900),
        # Nobody waits for taxes, but a newcomer would still wait (every counter is busy):
        # the kiosk and the display say so, and so does the counter.
        "tax": replace(SERVICES["tax"], waiting=0, estimated_wait_s=1500),
    }
    both = replace(OPEN, services=services, mine=("social", "tax"))
    assert both.expected_wait_s() == 1500
    assert replace(both, mine=("social",)).expected_wait_s() == 900
    assert replace(both, mine=()).expected_wait_s() == 0
