"""What the tablet makes of the server's frames: its welcome, and the visits finished at its
counter that it may say it rates."""

from __future__ import annotations

from typing import Any

import msgspec

from feedback.tablet import Tablet, Visit, finished, in_lang, link_state, rates_visit, welcomed
from server.protocol.events import DayStarted, Finished
from server.protocol.server_frames import Pushed
from server.protocol.welcome import AnySnapshot, Welcome

NAME = {"lv": "Testa centrs", "ru": "Тестовый центр", "en": "Test centre"}
REASON = {"lv": "Pārāk ilgi gaidīju", "ru": "Слишком долго ждал(а)", "en": "I waited too long"}


def welcome(counter: dict[str, str] | None) -> AnySnapshot:
    frame: dict[str, Any] = {
        "type": "welcome",
        "snapshot": {
            "role": "feedback",
            "protocol": 1,
            "server_version": "0.1.0",
            "centre": {"name": NAME, "timezone": "Europe/Riga"},
            "day": "2026-11-25",
            "counter": counter,
            "feedback": {
                "reasons": [{"id": "waited_too_long", "name": REASON}],
                "tablet_window_min": 10,
            },
        },
    }
    return msgspec.json.decode(msgspec.json.encode(frame), type=Welcome).snapshot


def done(counter: str, ticket: str = "A001") -> Pushed:
    return Finished(ticket=ticket, counter=counter, at="2026-11-25T09:00:00Z")


def test_a_counter_tablets_welcome() -> None:
    tablet = welcomed(welcome({"id": "3", "name": "3A"}))
    assert tablet is not None
    assert (tablet.centre, tablet.counter, tablet.counter_name, tablet.window_s) == (
        NAME,
        "3",
        "3A",
        600.0,
    )
    assert [(r.id, r.name) for r in tablet.reasons] == [("waited_too_long", REASON)]


def test_a_tablet_of_no_counter_and_a_snapshot_of_another_role() -> None:
    tablet = welcomed(welcome(None))
    assert tablet is not None and (tablet.counter, tablet.counter_name) == (None, "")
    phone = msgspec.json.decode(
        b'{"type":"welcome","snapshot":{"role":"phone","ticket":{"number":"A001",'
        b'"service":"x","status":"done","ahead":null,"wait":null,"counter":null}}}',
        type=Welcome,
    ).snapshot
    assert welcomed(phone) is None


def test_only_its_own_counters_finished_visits_are_rated_while_recent() -> None:
    tablet = Tablet(centre=NAME, counter="3", counter_name="3", reasons=(), window_s=600)
    assert finished(tablet, None, done("2"), now=100.0) is None
    last = finished(tablet, None, done("3", "B007"), now=100.0)
    assert last == Visit(ticket="B007", heard=100.0)
    assert finished(tablet, last, done("2"), now=150.0) is last
    midnight = DayStarted(day="2026-11-26", at="2026-11-25T22:00:00Z")
    assert finished(tablet, last, midnight, now=150.0) is None  # yesterday's visit
    assert rates_visit(tablet, last, now=699.0)
    assert not rates_visit(tablet, last, now=700.0)  # the window is over
    assert not rates_visit(tablet, None, now=100.0)


def test_a_tablet_of_no_counter_never_rates_a_visit() -> None:
    tablet = Tablet(centre=NAME, counter=None, counter_name="", reasons=())
    assert finished(tablet, None, done("1"), now=1.0) is None
    assert not rates_visit(tablet, Visit("A001", 1.0), now=1.0)


def test_texts_fall_back_to_latvian_then_to_the_id() -> None:
    assert in_lang({"lv": "Cits", "ru": "Другое"}, "ru") == "Другое"
    assert in_lang({"lv": "Cits", "ru": ""}, "ru") == "Cits"
    assert in_lang({}, "en", "other") == "other"


def test_the_link_comes_back_but_a_refusal_stays() -> None:
    assert link_state("starting", "online") == "online"
    assert link_state("online", "offline") == "offline"
    assert link_state("offline", "connecting") == "offline"
    assert link_state("offline", "online") == "online"
    assert link_state("refused", "online") == "refused"
