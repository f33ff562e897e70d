"""The kiosk's state from the link's frames, and the visit as a value: no Textual, no server."""

from __future__ import annotations

import msgspec
import pytest

from kiosk.state import Centre, blocked, groups, link_state, pushed, welcomed
from kiosk.visit import Visit
from server.protocol.events import Called, Queue
from server.protocol.views import (
    CentreInfo,
    InstitutionInfo,
    IssuedTicket,
    QueueState,
    ServiceInfo,
)
from server.protocol.welcome import KioskSnapshot


def service(ident: str, institution: str, waiting: int = 0) -> ServiceInfo:
    return ServiceInfo(
        id=ident,
        prefix=ident[0].upper(),
        name={"lv": ident},
        institution=institution,
        institution_name=None,
        target_wait_min=15,
        waiting=waiting,
        estimated_wait_s=0,
        waiting_since=None,
        issuing=True,
        reason="",
        opens_at=None,
    )


def snapshot(services: list[ServiceInfo], institutions: list[str]) -> KioskSnapshot:
    return KioskSnapshot(
        protocol=1,
        server_version="test",
        centre=CentreInfo(name={"lv": "Centrs"}, timezone="Europe/Riga"),
        day=None,
        services=services,
        institutions=[InstitutionInfo(id=i, name={"lv": i.upper()}) for i in institutions],
        priorities=[],
        counters=[],
        calls=[],
    )


def centre(services: list[ServiceInfo], institutions: list[str]) -> Centre:
    made = welcomed(snapshot(services, institutions))
    assert made is not None
    return made


def test_services_are_grouped_in_the_institutions_order_not_the_services() -> None:
    c = centre(
        [service("social", "muni"), service("tax", "state"), service("rent", "muni")],
        ["state", "muni"],
    )
    assert [(g.name, [s.id for s in g.services]) for g in groups(c)] == [
        ({"lv": "STATE"}, ["tax"]),
        ({"lv": "MUNI"}, ["social", "rent"]),
    ]


def test_one_institution_has_no_heading_and_unlisted_ones_come_last() -> None:
    one = centre([service("social", "muni"), service("tax", "muni")], ["muni"])
    assert [(g.name, len(g.services)) for g in groups(one)] == [(None, 2)]
    unlisted = centre([service("x", "other"), service("social", "muni")], ["muni"])
    assert [g.name for g in groups(unlisted)] == [{"lv": "MUNI"}, {"lv": "other"}]
    assert groups(None) == ()


def test_queue_events_update_the_services_and_other_frames_change_nothing() -> None:
    c = centre([service("social", "muni"), service("tax", "muni")], ["muni"])
    q = QueueState(
        waiting=3,
        estimated_wait_s=600,
        waiting_since=None,
        issuing=False,
        reason="closed",
        opens_at=None,
    )
    after = pushed(c, Queue(services={"tax": q}))
    assert after is not None
    assert [(s.id, s.waiting, s.issuing) for s in after.services] == [
        ("social", 0, True),
        ("tax", 3, False),
    ]
    called = Called(
        ticket="A001",
        counter="1",
        counter_name="1",
        service="social",
        recall=False,
        at="2026-11-25T09:00:00Z",
    )
    assert pushed(c, called) is c
    assert pushed(None, Queue(services={"tax": q})) is None


@pytest.mark.parametrize(
    ("previous", "reported", "now"),
    [
        ("starting", "connecting", "starting"),
        ("starting", "online", "online"),
        ("online", "offline", "offline"),
        ("offline", "connecting", "offline"),  # retrying is still offline for a visitor
        ("offline", "online", "online"),
        ("refused", "online", "refused"),  # final
    ],
)
def test_link_states(previous: str, reported: str, now: str) -> None:
    assert link_state(previous, reported) == now  # type: ignore[arg-type]


def test_what_blocks_tickets_most_is_said() -> None:
    assert blocked("online", False) is None
    assert blocked("starting", False) is None
    assert blocked("online", True) == "storage"
    assert blocked("offline", True) == "offline"
    assert blocked("refused", True) == "refused"


def test_a_visit_keeps_its_request_id_until_the_server_answers_with_an_error() -> None:
    visit = Visit.start().chose_language("ru").chose_service("social", ask_priority=True)
    assert (visit.stage, visit.lang, visit.service) == ("priority", "ru", "social")
    taking = visit.taking_ticket()
    assert taking.taking
    timed_out = taking.unanswered("error.timeout")
    assert timed_out.request_id == visit.request_id  # the ticket may exist: same id
    refused = taking.refused("error.rate_limited")
    assert refused.request_id != visit.request_id  # nothing was issued: a new id
    assert Visit.start().request_id != visit.request_id


def test_printing_news_of_an_earlier_ticket_changes_nothing() -> None:
    ticket = msgspec.convert(
        {
            "number": "A001",
            "service": "social",
            "priority": None,
            "issued_at": "2026-11-25T09:00:00Z",
            "position": 1,
            "ahead": 0,
            "estimated_wait_s": 0,
            "status_url": "http://rinda.test/t/x",
        },
        IssuedTicket,
    )
    shown = Visit.start().issued(ticket, {"lv": "Soc"})
    assert shown.printed("A001", "fault").printing == "fault"
    assert shown.printed("A002", "fault") is shown
