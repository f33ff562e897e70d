"""The phone page's "How was your visit?" over real HTTP: the plain form rates the ended visit
(by "phone") and shows the answer, which may be changed for `change_min` at most
`max_changes` times; bad input and refusals are a page in the visitor's language and change
nothing; a comment is stored apart from the log and purged with bookings' personal data."""

from __future__ import annotations

import asyncio
import json
import re
import urllib.error
import urllib.request
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from server.config import CentreConfig, loads
from server.net.http_body import BODY_BYTES
from server.store.personal import purge
from tests.conftest import Clock, centre_toml
from tests.server.harness import Running, device, start_server

FORM = "application/x-www-form-urlencoded"
FEEDBACK = """
[feedback]
change_min = 30
max_changes = 3
comment_chars = 20
"""

Answer = tuple[int, dict[str, str], str]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the test looks at the 303 itself


_opener = urllib.request.build_opener(_NoRedirect)


async def http(
    url: str, body: bytes | None = None, content_type: str = FORM, lang: str = "en"
) -> Answer:
    def fetch() -> Answer:
        headers = {"Accept-Language": lang}
        if body is not None:
            headers["Content-Type"] = content_type
        req = urllib.request.Request(url, data=body, headers=headers)
        try:
            with _opener.open(req, timeout=5) as r:
                return r.status, dict(r.headers), r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read().decode()

    return await asyncio.to_thread(fetch)


async def rate(url: str, lang: str = "en", **fields: str) -> Answer:
    return await http(url, urlencode(fields).encode(), lang=lang)


@pytest.fixture
def config() -> CentreConfig:
    return loads(centre_toml() + FEEDBACK)


@pytest.fixture
async def running(config: CentreConfig, db_path: Path, clock: Clock) -> AsyncIterator[Running]:
    async with start_server(config, db_path, clock) as srv:
        yield srv


async def visit(running: Running, finish: bool = True) -> tuple[str, str]:
    """A ticket taken (and served at counter 2 unless not `finish`): its page URL, number."""
    async with device(running, "k1") as kiosk, device(running, "c2") as counter:
        ticket = (await kiosk.ok("take_ticket", service="social"))["ticket"]
        if finish:
            await counter.ok("call_next")
            await counter.ok("finish", ticket=ticket["number"])
    token = ticket["status_url"].rsplit("/t/", 1)[1]
    return f"http://127.0.0.1:{running.port}/t/{token}", ticket["number"]


async def page_json(url: str) -> dict[str, Any]:
    status, _, body = await http(url + ".json")
    assert status == 200
    data: dict[str, Any] = json.loads(body)
    return data


async def test_the_ended_visits_page_asks_with_five_faces_and_takes_the_answer(
    running: Running,
) -> None:
    url, number = await visit(running)
    status, headers, body = await http(url, lang="lv")
    assert status == 200 and "Kā jums patika apmeklējums?" in body
    # A plain form: no script needed. Each face is a button that sends its score.
    token = url.rsplit("/", 1)[1]
    assert f'<form class="faces" method="post" action="/t/{token}?lang=lv">' in body
    assert re.findall(r'<button name="score" value="(\d)"', body) == ["1", "2", "3", "4", "5"]
    assert "form-action 'self'" in headers["Content-Security-Policy"]
    assert 'http-equiv="refresh"' not in body  # a reload would interrupt the answer
    assert (await page_json(url))["rating"] is None
    assert (await page_json(url))["rateable"] is True

    status, headers, _ = await rate(url + "?lang=lv", score="2")
    assert (status, headers["Location"]) == (303, f"/t/{token}?lang=lv")
    _, _, body = await http(url, lang="lv")
    assert "Paldies par atbildi!" in body and "Jūsu vērtējums: 😕 Slikti" in body
    assert "<span>Vidēji</span>" in body
    # Then the reasons, each a button sending the same score with its reason.
    assert '<input type="hidden" name="score" value="2">' in body
    assert re.findall(r'<button class="reason" name="reason" value="(\w+)"', body) == [
        "waited_too_long", "not_helped", "unclear_information", "other",
    ]  # fmt: skip
    await rate(url, score="2", reason="waited_too_long")
    _, _, body = await http(url)
    assert "Your rating: 😕 Bad · I waited too long" in body
    assert await page_json(url) | {"wait": None} == {
        "number": number, "service": "Sociālie pakalpojumi", "status": "done", "ahead": None,
        "wait": None, "counter": "2", "rating": {"score": 2, "reason": "waited_too_long"},
        "rateable": True,
    }  # fmt: skip
    rating = running.server.owner.centre.state.ratings[number]
    assert (rating.score, rating.reason, rating.count) == (2, "waited_too_long", 1)


async def test_reasons_are_asked_only_after_the_three_lower_faces(running: Running) -> None:
    url, number = await visit(running)
    await rate(url, score="4")
    _, _, body = await http(url)
    assert "Your rating: 😊 Good" in body
    assert "What was the main reason?" not in body and 'name="reason" value="w' not in body
    await rate(url, score="2", reason="waited_too_long")
    _, _, body = await http(url)
    assert "Your rating: 😕 Bad · I waited too long" in body and "What was the main" in body
    # A change to a top face drops the complaint.
    status, _, _ = await rate(url, score="5", reason="waited_too_long")
    assert status == 303
    _, _, body = await http(url)
    assert "Your rating: 😀 Very good</p>" in body and "waited" not in body
    assert (await page_json(url))["rating"] == {"score": 5, "reason": None}
    assert running.server.owner.centre.state.ratings[number].reason is None


async def test_the_answer_can_be_changed_until_change_min_then_not(
    running: Running, clock: Clock
) -> None:
    url, number = await visit(running)
    await rate(url, score="5")
    _, _, body = await http(url, lang="ru")
    assert "Ответ можно изменить до 11:30." in body  # 09:00 UTC is 11:00 in Riga, + 30 min
    clock.now += timedelta(minutes=30, seconds=1)
    _, _, body = await http(url, lang="ru")
    assert "Оценку больше нельзя изменить." in body and 'name="score"' not in body
    status, _, body = await rate(url, lang="ru", score="1")
    assert status == 409 and "Оценку больше нельзя изменить." in body
    assert running.server.owner.centre.state.ratings[number].score == 5
    assert (await page_json(url))["rateable"] is False


async def test_at_most_max_changes_answers_and_the_page_says_how_many_are_left(
    running: Running,
) -> None:
    url, number = await visit(running)
    await rate(url, score="1")
    _, _, body = await http(url, lang="lv")
    assert "Vērtējumu var mainīt vēl divas reizes." in body
    # A reason for the face just given is part of that answer: it uses up no change.
    await rate(url, score="1", reason="not_helped")
    _, _, body = await http(url)
    assert "You can change your rating twice more." in body
    await rate(url, score="2", reason="not_helped")
    _, _, body = await http(url, lang="ru")
    assert "Оценку можно изменить ещё один раз." in body
    await rate(url, score="3")
    _, _, body = await http(url)
    # No face left to change to, but the lower face may still be given its reason.
    assert 'name="score" value="1"' not in body
    assert "The face can no longer be changed, but you can add a reason." in body
    assert (await rate(url, score="3", reason="other"))[0] == 303
    _, _, body = await http(url)
    assert "The rating can no longer be changed." in body and 'name="reason"' not in body
    status, _, body = await rate(url, score="4")
    assert status == 409 and "The rating can no longer be changed." in body
    status, _, _ = await rate(url, score="3", reason="not_helped")
    assert status == 409
    rating = running.server.owner.centre.state.ratings[number]
    assert (rating.score, rating.reason, rating.count) == (3, "other", 3)


@pytest.mark.parametrize(
    ("body", "content_type", "said"),
    [
        (b"score=9", FORM, "Please choose one of the five faces."),
        (b"score=", FORM, "Please choose one of the five faces."),
        (b"reason=other", FORM, "Please choose one of the five faces."),
        (b"score=3&reason=rude", FORM, "That reason is not in the list."),
        (b"score=3&score=4", FORM, "The form could not be read."),
        (b"score=3", "text/plain", "The form could not be read."),
        (b"score=3&comment=%ff%fe", FORM, "The form could not be read."),
        ("score=3&comment=" + "x" * 21, FORM, "The comment is too long: at most 20 characters."),
        (b"score=3&comment=a%1bb", FORM, "The comment has characters that cannot be stored."),
        (b"score=3&comment=a%E2%80%AEb", FORM, "The comment has characters that cannot be stored."),
    ],
)
async def test_bad_input_is_a_clear_page_and_changes_nothing(
    running: Running, body: bytes | str, content_type: str, said: str
) -> None:
    url, _ = await visit(running)
    seq = running.server.owner.seq
    data = body.encode() if isinstance(body, str) else body
    status, _, page = await http(url, data, content_type)
    assert status == 400 and said in page
    assert 'role="alert"' in page and f'href="/t/{url.rsplit("/", 1)[1]}?lang=en"' in page
    assert running.server.owner.seq == seq
    assert running.server.owner.centre.state.ratings == {}


async def test_a_visit_not_ended_or_an_unknown_link_is_refused(running: Running) -> None:
    url, _ = await visit(running, finish=False)
    _, _, body = await http(url)
    assert 'id="rating"' not in body
    status, _, body = await rate(url, lang="lv", score="4")
    assert status == 409 and "Apmeklējumu var novērtēt, kad tas ir beidzies." in body
    status, _, body = await rate(
        f"http://127.0.0.1:{running.port}/t/NoSuchTokenAtAll123", score="4"
    )
    assert status == 404 and "There is no such number." in body
    assert running.server.owner.centre.state.ratings == {}


async def test_a_no_show_or_a_cancelled_ticket_is_not_asked(running: Running, clock: Clock) -> None:
    async with device(running, "k1") as kiosk, device(running, "c2") as counter:
        missed = (await kiosk.ok("take_ticket", service="social"))["ticket"]
        dropped = (await kiosk.ok("take_ticket", service="social"))["ticket"]
        await counter.ok("call_next")
        clock.now += timedelta(seconds=running.server.config.counter_rules.no_show_after_s)
        await counter.ok("no_show", ticket=missed["number"])
    async with device(running, "m1") as manager:
        await manager.ok("cancel", ticket=dropped["number"])
    for ticket in (missed, dropped):
        url = f"http://127.0.0.1:{running.port}/t/{ticket['status_url'].rsplit('/t/', 1)[1]}"
        _, _, body = await http(url, lang="lv")
        assert 'id="rating"' not in body and "Kā jums patika" not in body
        assert "<footer></footer>" in body  # nor does it say it updates any more
        assert (await page_json(url))["rateable"] is False
        status, _, body = await rate(url, lang="lv", score="1")
        assert status == 409 and "Novērtēt var tikai apmeklējumu, kas notika." in body
    assert running.server.owner.centre.state.ratings == {}


async def test_a_form_past_the_body_bound_is_a_page_in_the_visitors_language(
    running: Running,
) -> None:
    url, _ = await visit(running)
    big = urlencode({"score": "3", "comment": "x" * (BODY_BYTES + 1)}).encode()
    status, headers, body = await http(url, big, lang="ru")
    assert status == 413 and "Форма слишком большая. Пожалуйста, сократите комментарий." in body
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert f'href="/t/{url.rsplit("/", 1)[1]}?lang=ru"' in body
    assert running.server.owner.centre.state.ratings == {}
    # Other methods are refused, naming the ones a ticket's page takes.
    req = urllib.request.Request(url, data=b"", method="PUT")
    status, headers = await asyncio.to_thread(_answer, req)
    assert (status, headers["Allow"]) == (405, "GET, HEAD, POST")


def _answer(req: urllib.request.Request) -> tuple[int, dict[str, str]]:
    try:
        with _opener.open(req, timeout=5) as r:
            return r.status, dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers)


async def test_a_comment_is_stored_apart_from_the_log_and_purged(
    running: Running, clock: Clock
) -> None:
    url, number = await visit(running)
    _, headers, _ = await rate(url, score="4", comment="Ātri un\r\nlaipni 👍")
    assert headers["Location"].endswith("&saved=comment")
    _, _, body = await http(url + "?saved=comment")
    # Said, and shown back as stored (one line), so nobody sends it twice.
    assert '<p id="saved" role="status">Comment saved. Thank you!</p>' in body
    assert 'rows="3">Ātri un laipni 👍</textarea>' in body
    # The same answer with a new comment: the comment changes, the rating does not.
    await rate(url, score="4", comment="Ātri un laipni!")
    store = running.server.store
    rows = await store.fetch_rows("SELECT day, ticket, text FROM comments")
    assert rows == [("2026-11-25", number, "Ātri un laipni!")]
    assert running.server.owner.centre.state.ratings[number].count == 1
    logged = await store.fetch_rows("SELECT data FROM events")
    assert not any(b"laipni" in bytes(data) for (data,) in logged)
    done = await purge(store, clock.now.date())
    assert done.comments == 0  # today's stays
    done = await purge(store, clock.now.date() + timedelta(days=1))
    assert done.comments == 1
    assert await store.fetch_rows("SELECT * FROM comments") == []


async def test_the_comment_and_the_reasons_are_one_form(running: Running) -> None:
    url, number = await visit(running)
    await rate(url, score="2")
    _, _, body = await http(url)
    form = re.search(r'<form class="answer"[^>]*>(.*?)</form>', body, re.S)
    assert form is not None
    assert '<textarea name="comment"' in form[1] and 'name="reason" value="not_helped"' in form[1]
    # Sending the comment alone keeps the face's reason: the send button carries it.
    assert '<button class="send" name="reason" value="">Send</button>' in form[1]
    # A comment typed, then a reason tapped: the browser sends both, and both are kept.
    _, headers, _ = await rate(url, score="2", reason="not_helped", comment="Nav veidlapas")
    assert headers["Location"].endswith("&saved=comment")
    _, _, body = await http(url)
    assert "Your rating: 😕 Bad · I could not be helped" in body
    assert ">Nav veidlapas</textarea>" in body and 'id="saved"' not in body
    assert '<button class="send" name="reason" value="not_helped">' in body
    # Sent back unchanged with the next tap, the comment is not saved again.
    _, headers, _ = await rate(url, score="2", reason="other", comment="Nav veidlapas")
    assert "saved=comment" not in headers["Location"]
    rows = await running.server.store.fetch_rows("SELECT ticket, text FROM comments")
    assert rows == [(number, "Nav veidlapas")]
    assert running.server.owner.centre.state.ratings[number].reason == "other"


async def test_without_phone_feedback_the_page_does_not_ask(db_path: Path, clock: Clock) -> None:
    config = loads(centre_toml() + "[feedback]\nphone = false\n")
    async with start_server(config, db_path, clock) as running:
        url, _ = await visit(running)
        _, _, body = await http(url)
        assert 'id="rating"' not in body and 'data-rate="1"' not in body
        status, _, body = await rate(url, score="4")
        assert status == 409 and "The visit can be rated once it has ended." in body
        assert running.server.owner.centre.state.ratings == {}
