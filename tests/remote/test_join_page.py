"""The public /join page: a ticket joined from it is a remote ticket "not here yet" with its
own phone page; every refusal is a sentence in the visitor's language and changes nothing."""

from __future__ import annotations

import asyncio
import re
from datetime import date
from pathlib import Path

from server.net.http_body import BODY_BYTES
from server.net.join_page import REASON_CHARS, stop_reason
from server.store.personal import personal_of, purge
from tests.conftest import Clock
from tests.remote.conftest import Web, serving, token_of
from tests.server.harness import device

SERVICE_FORM = re.compile(r'<button name="service" value="(\w+)">')


def once_of(page: str) -> str:
    m = re.search(r'name="once" value="([A-Za-z0-9_-]+)"', page)
    assert m is not None
    return m.group(1)


async def test_the_page_lists_what_one_may_join_and_joins_it(db_path: Path, clock: Clock) -> None:
    async with serving(db_path, clock) as web:
        page = await web.get("/join")
        assert page.status == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
        # "social" takes remote tickets, "tax" is not offered from home: not listed at all.
        assert SERVICE_FORM.findall(page.text) == ["social"]
        assert "Social services" in page.text and "Taxes" not in page.text
        assert "Almost no wait" in page.text
        # No contact field without a gateway to send reminders to: nothing personal asked.
        assert 'name="contact"' not in page.text
        assert "<script" not in page.text
        assert page.headers["content-security-policy"].startswith("default-src 'none'")
        assert page.headers["referrer-policy"] == "no-referrer"
        css = await web.get("/join/page.css")
        assert css.status == 200 and css.headers["content-type"] == "text/css"
        async with device(web.running, "c1") as counter:
            joined = await web.join(service="social", once=once_of(page.text))
            assert joined.status == 303
            token = token_of(joined.headers["location"])
            taken = await counter.event("taken")
        assert taken["remote"] is True and taken["service"] == "social"
        (t,) = web.tickets().values()
        assert t.token == token and t.remote and t.absent and t.code is not None
        ticket = await web.get(joined.headers["location"])
        assert ticket.status == 200
        assert "Not here yet" in ticket.text and f"{t.code[:3]} {t.code[3:]}" in ticket.text


async def test_the_page_speaks_latvian_and_russian(db_path: Path, clock: Clock) -> None:
    async with serving(db_path, clock) as web:
        lv = await web.get("/join", lang="de")
        assert '<html lang="lv">' in lv.text and "Stāties šodienas rindā no mājām" in lv.text
        ru = await web.get("/join?lang=ru")
        assert '<html lang="ru">' in ru.text and "Социальные услуги" in ru.text


async def test_a_form_sent_twice_is_one_ticket(db_path: Path, clock: Clock) -> None:
    async with serving(db_path, clock, services=[]) as web:
        once = once_of((await web.get("/join")).text)
        first = await web.join(service="social", once=once)
        again = await web.join(service="social", once=once)
        assert first.status == again.status == 303
        assert first.headers["location"] == again.headers["location"]
        assert len(web.tickets()) == 1
        # Back on the same page, another service chosen: another ticket.
        other = await web.join(service="tax", once=once)
        assert other.status == 303 and other.headers["location"] != first.headers["location"]
        assert len(web.tickets()) == 2


async def refused(web: Web, status: int, words: str, lang: str = "en", **form: str) -> None:
    """The form is refused with `status` and a page saying `words`; no ticket is made."""
    before = len(web.tickets())
    got = await web.join(lang=lang, **form)
    assert got.status == status, got
    assert words in got.text, got.text
    assert 'role="alert"' in got.text and '<a href="/join?lang=' in got.text
    assert len(web.tickets()) == before


async def test_refusals_say_why_and_change_nothing(db_path: Path, clock: Clock) -> None:
    async with serving(db_path, clock, max_waiting=1) as web:
        await refused(web, 403, "cannot be joined from home", service="tax")
        await refused(web, 404, "There is no such service", service="nothing")
        kind = {"Content-Type": "application/x-www-form-urlencoded"}
        twice = await web.call("POST", "/join", b"service=social&service=tax", **kind)
        assert twice.status == 400 and "Veidlapu neizdevās nolasīt" in twice.text
        assert web.tickets() == {}
        assert (await web.join(service="social")).status == 303
        # One remote ticket not here yet is the cap: the next is refused, in Russian too.
        await refused(web, 409, "All places for joining this service", service="social")
        await refused(web, 409, "Все места из дома", lang="ru", service="social")
        page = await web.get("/join")
        assert SERVICE_FORM.findall(page.text) == []
        assert "All places from home are taken for now" in page.text
        assert "No service can be joined from home right now" in page.text


async def test_a_service_a_manager_stopped_is_refused(db_path: Path, clock: Clock) -> None:
    async with serving(db_path, clock) as web:
        async with device(web.running, "m1") as manager:
            await manager.ok("stop_issuing", service="social")
        await refused(web, 409, "not taking tickets from home now", service="social")
        assert "Not taking tickets from home now" in (await web.get("/join")).text


async def test_the_managers_reason_for_stopping_is_shown_as_plain_text(
    db_path: Path, clock: Clock
) -> None:
    async with serving(db_path, clock) as web:
        async with device(web.running, "m1") as manager:
            reason = "<b>Sistēma</b> nedarbojas līdz 12:00"
            await manager.ok("stop_issuing", service="social", reason=reason)
        page = (await web.get("/join")).text
        said = "Not taking tickets from home now · &lt;b&gt;Sistēma&lt;/b&gt; nedarbojas līdz 12:00"
        assert said in page and "<b>" not in page
        assert "Сейчас номера из дома не выдаются · " in (await web.get("/join?lang=ru")).text


def test_a_reason_is_one_bounded_line() -> None:
    assert stop_reason("") == ""
    assert stop_reason("  Remonts\n līdz  pirmdienai ") == "Remonts līdz pirmdienai"
    long = stop_reason("x" * 500)
    assert len(long) == REASON_CHARS and long.endswith("…")


async def test_one_address_may_join_a_few_times_an_hour(db_path: Path, clock: Clock) -> None:
    async with serving(db_path, clock, per_address_per_hour=2, max_waiting=10) as web:
        for _ in range(2):
            once = once_of((await web.get("/join")).text)
            first = await web.join(service="social", once=once)
            assert first.status == 303
        # The last form sent again (a double tap) still gets its ticket.
        again = await web.join(service="social", once=once)
        assert again.headers["location"] == first.headers["location"]
        await refused(web, 429, "at most 2 times an hour", service="social")
        await refused(web, 429, "не более 2 раз в час", lang="ru", service="social")


async def test_forms_sent_at_once_do_not_outrun_the_limit(db_path: Path, clock: Clock) -> None:
    async with serving(db_path, clock, per_address_per_hour=2, max_waiting=10) as web:
        sent = await asyncio.gather(*(web.join(service="social") for _ in range(6)))
        assert sorted(got.status for got in sent) == [303, 303, 429, 429, 429, 429]
        assert len(web.tickets()) == 2


async def test_behind_the_proxy_the_forwarded_address_counts(db_path: Path, clock: Clock) -> None:
    async with serving(db_path, clock, per_address_per_hour=1, max_waiting=10) as web:
        form = b"service=social"
        kind = "application/x-www-form-urlencoded"
        for address in ("203.0.113.7", "203.0.113.8"):
            got = await web.call(
                "POST", "/join", form, **{"Content-Type": kind, "X-Forwarded-For": address}
            )
            assert got.status == 303
        again = await web.call(
            "POST", "/join", form, **{"Content-Type": kind, "X-Forwarded-For": "203.0.113.7"}
        )
        assert again.status == 429 and len(web.tickets()) == 2


async def test_the_page_is_off_unless_switched_on(db_path: Path, clock: Clock) -> None:
    async with serving(db_path, clock, page=False) as web:
        page = await web.get("/join")
        assert page.status == 404 and "not offered here" in page.text
        await refused_off(web)
    async with serving(db_path.with_name("off.db"), clock, enabled=False) as web:
        assert (await web.get("/join")).status == 404
        await refused_off(web)


async def test_only_get_head_and_post_are_served(db_path: Path, clock: Clock) -> None:
    async with serving(db_path, clock) as web:
        got = await web.call("PUT", "/join", b"service=social")
        assert got.status == 405 and got.headers["allow"] == "GET, HEAD, POST"
        head = await web.call("HEAD", "/join")
        assert head.status == 200 and head.text == ""
        assert web.tickets() == {}


async def refused_off(web: Web) -> None:
    got = await web.join(service="social")
    assert got.status == 404 and "not offered here" in got.text
    assert web.tickets() == {}


async def test_a_contact_is_asked_only_with_a_gateway_and_kept_apart(
    db_path: Path, clock: Clock
) -> None:
    async with serving(db_path, clock, notify_url="http://127.0.0.1:9/sms") as web:
        page = await web.get("/join")
        assert 'name="contact"' in page.text
        await refused(web, 400, "Please give a mobile phone number", service="social", contact="hi")
        # The field takes 100 characters; a form sent by hand gets no more in (nor does the API).
        assert 'maxlength="100"' in page.text
        long = "anna@" + "a" * 60 + "." + "b" * 32 + ".lv"  # 101: an address, but too long
        await refused(web, 400, "Please give a mobile phone number", service="social", contact=long)
        got = await web.join(service="social", contact="+371 2000 0000")
        assert got.status == 303
        token = token_of(got.headers["location"])
        store = web.running.server.store
        assert await personal_of(store, [f"t:{token}"]) == {f"t:{token}": ("", "+37120000000")}
        # Not in the ticket's event, nor on its page.
        assert "37120000000" not in (await web.get(got.headers["location"])).text
        (t,) = web.tickets().values()
        assert "37120000000" not in repr(t)
        # Purged with bookings' personal data, by the ticket's day.
        await purge(store, date(2026, 11, 26))
        assert await personal_of(store, [f"t:{token}"]) == {}


async def test_a_form_refused_unread_is_a_page_in_the_visitors_language(
    db_path: Path, clock: Clock
) -> None:
    async with serving(db_path, clock) as web:
        big = await web.join(lang="ru", service="social", contact="x" * (BODY_BYTES + 1))
        assert big.status == 413 and big.headers["content-type"] == "text/html; charset=utf-8"
        assert "Форма слишком большая" in big.text and '<a href="/join?lang=ru">' in big.text
        # A chunked body (no Content-Length) is refused unread too, in the page's words.
        reader, writer = await asyncio.open_connection("127.0.0.1", web.running.port)
        writer.write(
            b"POST /join?lang=lv HTTP/1.1\r\nHost: rinda.test\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        )
        answer = (await reader.read()).decode()
        writer.close()
        assert answer.startswith("HTTP/1.1 411 ")
        assert "text/html; charset=utf-8" in answer and "Veidlapu neizdevās nolasīt" in answer
        assert web.tickets() == {}
