"""The phone page of a ticket joined from home: "not here yet" with its check-in code and a
QR of it, "come now" when the turn is near, "check in by 10:35" once passed over, "your place
lapsed" after the grace, and a walk-in's page once checked in; live over the websocket too."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from server.config import loads
from server.core import commands as c
from server.core.model import Ticket
from server.net.owner import nothing
from server.net.remote_page import remote_status, remote_words, set_off_min
from server.protocol.views import PhoneStatus
from server.protocol.waits import wait_band
from tests.api.test_page import _qr_text
from tests.conftest import Clock
from tests.remote.conftest import Web, remote_toml, serving
from tests.server.harness import device, peer
from tests.server.test_phone import phone_hello


async def joined(web: Web, lang: str = "en") -> tuple[str, str, str]:
    """A ticket joined through the API: (its page's path, its token, its code)."""
    got = await web.api({"service": "social", "lang": lang})
    assert got.status == 201, got
    link, code = got.json["ticket"]["link"], got.json["ticket"]["code"]
    path = link.removeprefix("http://rinda.test")
    return path, path.rsplit("/", 1)[1], code


def check_in_parts(text: str, code: str) -> list[str]:
    """What of "come and check in" a page's HTML holds: a page without script shows all of it."""
    parts = {
        "not here": ("Not here yet", "Vēl neesat", "ieradušies", "Вы ещё не пришли"),
        "code": (f"{code[:3]} {code[3:]}", 'id="code"', "<svg"),
        "how": ("scan this code", "noskenējiet šo kodu", "отсканируйте этот код"),
    }
    return [part for part, words in parts.items() if any(w in text for w in words)]


def gives_up(text: str) -> bool:
    return "/cancel?" in text or "Give up my place" in text


async def test_not_here_yet_with_the_code_to_check_in_with(db_path: Path, clock: Clock) -> None:
    async with serving(db_path, clock) as web:
        path, _token, code = await joined(web)
        page = await web.get(path)
        assert page.status == 200
        assert "Not here yet" in page.text and "Your check-in code" in page.text
        assert f'<p id="code">{code[:3]} {code[3:]}</p>' in page.text
        assert _qr_text(page.text) == code
        # Nobody ahead: the turn is near at once.
        assert "Come now: your turn is in a few minutes" in page.text
        assert '<main class="come"' in page.text
        status = (await web.get(f"{path}.json")).json
        assert status["remote"] == {
            "here": False,
            "code": code,
            "come": True,
            "set_off_min": None,
            "passed": False,
            "lapses_at": None,
        }
        ru = await web.get(f"{path}?lang=ru")
        assert "Вы ещё не пришли" in ru.text and "Выходите сейчас" in ru.text


async def test_a_walk_ins_page_says_nothing_of_joining_from_home(
    db_path: Path, clock: Clock
) -> None:
    async with serving(db_path, clock) as web, device(web.running, "k1") as kiosk:
        mine = (await kiosk.ok("take_ticket", service="social"))["ticket"]
        path = mine["status_url"].removeprefix("http://rinda.test")
        assert "remote" not in (await web.get(f"{path}.json")).json
        assert 'id="remote"' not in (await web.get(path)).text


async def test_passed_over_then_checked_in(db_path: Path, clock: Clock) -> None:
    async with serving(db_path, clock) as web:
        path, token, code = await joined(web)
        async with peer(web.running.url, phone_hello(token)) as phone:
            assert phone.welcome["snapshot"]["ticket"]["remote"]["come"] is True
            async with device(web.running, "c2") as counter:
                # Its turn, but it is not here: passed over, its place kept for 15 min.
                assert (await counter.ok("call_next"))["ticket"] is None
            status = await phone.event("status")
            while not status["remote"]["passed"]:
                status = await phone.event("status")
            assert status["remote"]["lapses_at"] == "2026-11-25T09:15:00Z"
            page = await web.get(path)
            # 09:15 UTC is 11:15 in Riga.
            assert "Your turn has come: check in at the kiosk by 11:15" in page.text
            async with device(web.running, "k1") as kiosk:
                issued = await kiosk.ok("check_in", code=f"{code[:3]} {code[3:]}")
            assert issued["ticket"]["number"] == "A001"
            status = await phone.event("status")
            while not status["remote"]["here"]:
                status = await phone.event("status")
            page = await web.get(path)
            # Here now: a walk-in's words; the HTML itself (no script needed) no longer asks
            # for the code, but the place can still be given up while it waits.
            assert "Please wait" in page.text and 'id="remote"' not in page.text
            assert check_in_parts(page.text, code) == [] and gives_up(page.text)
            async with device(web.running, "c2") as counter:
                assert (await counter.ok("call_next"))["ticket"]["number"] == "A001"
            while (await phone.event("status"))["status"] != "called":
                pass
        for lang in ("en", "lv", "ru"):
            called = (await web.get(path, lang=lang)).text
            assert check_in_parts(called, code) == [] and not gives_up(called), lang


async def test_a_place_lapses_after_the_grace(db_path: Path, clock: Clock) -> None:
    async with serving(db_path, clock) as web:
        path, _token, _code = await joined(web, lang="lv")
        async with device(web.running, "c2") as counter:
            await counter.ok("call_next")
        clock.now += timedelta(minutes=16)
        owner = web.running.server.owner
        await owner.submit(c.LapseRemote(), "server", None, nothing)
        page = await web.get(path, lang="lv")
        assert "Jūsu vieta rindā ir zaudēta" in page.text
        assert check_in_parts(page.text, _code) == [] and not gives_up(page.text)
        assert '<main class="ended"' in page.text
        status = (await web.get(f"{path}.json")).json
        assert status["status"] == "no_show" and status["remote"]["lapses_at"]


def test_set_off_counts_in_steps_of_five_minutes() -> None:
    assert [set_off_min(s) for s in (1, 200, 450, 40 * 60 + 100)] == [5, 5, 10, 40]


def test_a_long_wait_says_when_to_set_off() -> None:
    config = loads(remote_toml())
    t = Ticket(
        number="A001",
        service="social",
        priority=None,
        lang="en",
        token="tok",
        taken_at=Clock().now,
        queued_at=Clock().now,
        remote=True,
        code="K7M4QP",
    )
    hour = 3600
    r = remote_status(config, t, hour)
    assert r is not None and (r.come, r.set_off_min) == (False, 40)  # 60 - come_before 20
    s = PhoneStatus(
        number="A001",
        service="social",
        status="waiting",
        ahead=6,
        wait=wait_band(hour),
        counter=None,
        remote=r,
    )
    texts = {
        "ahead": "People ahead: {n}",
        "remote.set_off": "Set off in about {n} min",
        "wait.range": "Expected wait {low}–{high} min",
    }
    assert remote_words(config, t, s, texts) == (
        "Set off in about 40 min",
        "People ahead: 6\nExpected wait 60–75 min",
        "away",
    )
    near = remote_status(config, t, 20 * 60)
    assert near is not None and (near.come, near.set_off_min) == (True, None)


async def test_a_visitor_gives_up_the_place(db_path: Path, clock: Clock) -> None:
    async with serving(db_path, clock) as web:
        path, _token, code = await joined(web)
        page = await web.get(path)
        assert f'<form id="give-up" method="post" action="{path}/cancel?lang=en">' in page.text
        assert check_in_parts(page.text, code) == ["not here", "code", "how"]
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        # The button asks first, and asking changes nothing.
        asked = await web.call("POST", f"{path}/cancel?lang=en", b"", **form)
        assert asked.status == 200 and "Really give up your place" in asked.text
        # Its language links lead to the ticket's page, not to the form's address.
        assert f'<a href="{path}?lang=ru" lang="ru">' in asked.text
        (t,) = web.tickets().values()
        assert t.status == "waiting"
        sure = await web.call("POST", f"{path}/cancel?lang=en", b"sure=1", **form)
        assert (sure.status, sure.headers["location"]) == (303, f"{path}?lang=en")
        (t,) = web.tickets().values()
        assert t.status == "cancelled"
        for lang in ("en", "lv", "ru"):
            ended = (await web.get(path, lang=lang)).text
            assert check_in_parts(ended, code) == [] and not gives_up(ended), lang
        assert "This number was cancelled." in (await web.get(path)).text
        again = await web.call("POST", f"{path}/cancel?lang=lv", b"sure=1", **form)
        assert again.status == 409 and "vairs nevar atteikties" in again.text


async def test_a_walk_ins_ticket_cannot_be_given_up_from_the_phone(
    db_path: Path, clock: Clock
) -> None:
    async with serving(db_path, clock) as web, device(web.running, "k1") as kiosk:
        mine = (await kiosk.ok("take_ticket", service="social"))["ticket"]
        path = mine["status_url"].removeprefix("http://rinda.test")
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        got = await web.call("POST", f"{path}/cancel", b"sure=1", **form)
        assert got.status == 404
        (t,) = web.tickets().values()
        assert t.status == "waiting"
