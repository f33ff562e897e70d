"""What the clerk reads after "call next" passed over tickets joined from home whose visitors
are not here yet, as values (no Textual, no server): the call's answer and the `passed`
frames (one per ticket, several for one call) come in either order and make one sentence in
the clerk's language; passes at other counters say nothing here."""

from __future__ import annotations

from dataclasses import replace

import pytest

from counter.asks import CallNumber, Press
from counter.away import Away
from counter.model import CounterModel
from counter.said import Said
from counter.words import Words
from server.i18n import Catalog
from server.protocol import events as e
from server.protocol import messages as m
from server.protocol import replies as r
from tests.counter.test_model import OPEN, ticket

AT = "2026-11-25T09:00:00Z"
LAPSES = "2026-11-25T09:15:00Z"


def passed(number: str, counter: str = "2") -> e.Passed:
    return e.Passed(ticket=number, counter=counter, lapses_at=LAPSES, at=AT)


def called_next(model: CounterModel, answer: str | None, *frames: e.Passed) -> CounterModel:
    """Press F2; the answer calls `answer` (None: nobody), the frames come before it."""
    model, request = model.ask(Press("call_next"), "r1")
    assert isinstance(request, m.CallNext)
    for frame in frames:
        model = model.pushed(frame)
    return model.replied(request, r.TicketReply(re="r1", ticket=answer and ticket(answer)))


def text(model: CounterModel, lang: str = "en") -> str:
    assert model.said is not None
    return Words(Catalog("counter"), lang).said(model, model.said)


def test_passes_before_the_answer_are_said_with_whom_it_called() -> None:
    model = called_next(OPEN, "A003", passed("A001"), passed("A002"))
    assert model.said == Said("notice.called", number="A003", passed=("A001", "A002"))
    assert text(model) == "A001, A002 passed over: not here yet. A003 called."


def test_passes_after_the_answer_complete_the_sentence() -> None:
    model = called_next(OPEN, None)
    assert text(model) == "Nobody is waiting."
    model = model.pushed(passed("A009"))
    assert text(model) == "A009 passed over: not here yet. Nobody here is waiting."
    assert model.said is not None and model.said.error
    # The same frame again (a reconnect) names it once.
    assert text(model.pushed(passed("A009"))) == text(model)


def test_a_pass_whose_answer_has_not_come_yet_is_said_alone() -> None:
    model, _ = OPEN.ask(Press("call_next"), "r1")
    assert text(model.pushed(passed("A009"))) == "A009 passed over: not here yet."


def test_nobody_called_while_tickets_are_not_here_is_nobody_here() -> None:
    away = replace(OPEN, away=(Away("A004", "social", LAPSES),))
    assert text(called_next(away, None)) == "Nobody here is waiting."


def test_passes_at_another_counter_say_nothing_here() -> None:
    model = called_next(OPEN, "A003")
    assert model.pushed(passed("A001", counter="3")) == model


def test_a_pass_after_the_clerk_did_something_else_starts_a_new_sentence() -> None:
    model = called_next(OPEN, "A003", passed("A001"))
    model, finish = model.ask(Press("finish"), "r2")
    assert finish is not None
    model = model.replied(finish, r.Ok(re="r2"))
    # Another app signed in at this counter called: its pass is news, not the old call's.
    assert text(model.pushed(passed("A005"))) == "A005 passed over: not here yet."


def test_a_long_run_of_passes_stays_one_line() -> None:
    frames = [passed(f"A00{i}") for i in range(1, 7)]
    model = called_next(OPEN, "A007", *frames)
    assert text(model) == "A001, A002, A003 +3 passed over: not here yet. A007 called."


@pytest.mark.parametrize(
    ("lang", "one", "many"),
    [
        ("lv", "A009 izlaists: vēl nav ieradies. A010 izsaukts.", "izlaisti: vēl nav ieradušies."),
        ("ru", "A009 пропущен: ещё не пришёл. A010 вызван.", "пропущены: ещё не пришли."),
    ],
)
def test_the_passes_are_said_in_the_clerk_s_language(lang: str, one: str, many: str) -> None:
    assert text(called_next(OPEN, "A010", passed("A009")), lang) == one
    both = called_next(OPEN, None, passed("A008"), passed("A009"))
    assert text(both, lang).startswith(f"A008, A009 {many} ")


def test_a_number_called_before_its_visitor_checked_in_is_marked() -> None:
    away = replace(OPEN, away=(Away("A004", "social"),))
    model, request = away.ask(CallNumber("A004"), "r1")
    assert request == m.CallTicket(id="r1", ticket="A004") and model.unchecked == "A004"
    model, _ = away.ask(CallNumber("A005"), "r2")
    assert model.unchecked == ""


def test_the_mark_goes_with_the_next_call_next_and_the_next_day() -> None:
    """Called by number before checking in, then (say, transferred back) called by "call
    next": no longer "not here yet"; nor is a number of yesterday's."""
    away = replace(OPEN, away=(Away("A004", "social"),))
    marked, _ = away.ask(CallNumber("A004"), "r1")
    model, request = marked.ask(Press("call_next"), "r2")
    assert isinstance(request, m.CallNext) and model.unchecked == ""
    assert marked.pushed(e.DayStarted(day="2026-11-30", at="2026-11-30T05:00:00Z")).unchecked == ""
