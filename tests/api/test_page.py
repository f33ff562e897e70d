"""The visitor's booking page (/a/<secret>): what it shows, its calendar file, its cancel form."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import zxingcpp
from PIL import Image, ImageDraw

from server.core import commands as c
from server.net.owner import nothing
from tests.api.conftest import Api
from tests.conftest import Clock
from tests.server.harness import Running


async def _booked(api: Api) -> tuple[str, str]:
    """A booking made through the API: (its code, the path of its page)."""
    made = await api.book(await api.first_slot(), name="Anna", contact="anna@example.lv")
    booking = made.json["booking"]
    return booking["code"], booking["link"].removeprefix("http://rinda.test")


def _qr_text(page: str) -> str:
    """The text of the page's inline QR code, read back by a real decoder."""
    svg = re.search(r"<svg[^>]*viewBox=\"0 0 (\d+) \d+\".*?</svg>", page)
    assert svg is not None
    size, scale = int(svg.group(1)), 8
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    for x, y in re.findall(r"M(\d+),(\d+)h1v1h-1z", svg.group(0)):
        left, top = int(x) * scale, int(y) * scale
        draw.rectangle((left, top, left + scale - 1, top + scale - 1), fill=0)
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1
    return str(found[0].text)


async def test_the_page_of_a_booking_made_through_the_api(api: Api) -> None:
    code, path = await _booked(api)
    page = await api.call("GET", path, token=None, headers={"Accept-Language": "en"})
    assert page.status == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
    assert "25.11.2026 11:30" in page.text  # 09:30 UTC, in Riga
    assert "Social services" in page.text and code in page.text
    assert "You are booked." in page.text
    assert _qr_text(page.text) == code
    # Nothing personal, nothing external, no script: the cancel button is a plain link to a
    # question whose answer is a plain form.
    assert "Anna" not in page.text and "anna@" not in page.text
    assert "<script" not in page.text and not re.search(r"(src|href)=\"(https?:)?//", page.text)
    assert f'<a class="button" href="{path}?lang=en&amp;confirm=cancel">' in page.text
    assert "<form" not in page.text  # one tap does not cancel
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    assert page.headers["referrer-policy"] == "no-referrer"
    css = await api.call("GET", "/a/page.css", token=None)
    assert css.status == 200 and css.headers["content-type"] == "text/css"


async def test_the_page_speaks_latvian_by_default_and_russian_when_asked(api: Api) -> None:
    _code, path = await _booked(api)
    lv = await api.call("GET", path, token=None)
    assert '<html lang="lv">' in lv.text and "Sociālie pakalpojumi" in lv.text
    ru = await api.call("GET", f"{path}?lang=ru", token=None, headers={"Accept-Language": "en"})
    assert '<html lang="ru">' in ru.text and "Социальные услуги" in ru.text
    assert "Вы записаны." in ru.text


def _unfold(ics: str) -> list[str]:
    assert "\n" not in ics.replace("\r\n", "")  # every line ends with CRLF
    return ics.replace("\r\n ", "").removesuffix("\r\n").split("\r\n")


async def test_the_calendar_file_is_one_event_at_the_booked_time(api: Api) -> None:
    code, path = await _booked(api)
    got = await api.call("GET", f"{path}.ics?lang=en", token=None)
    assert got.status == 200 and got.headers["content-type"] == "text/calendar; charset=utf-8"
    raw = (got.text.encode()).split(b"\r\n")
    assert all(len(line) <= 75 for line in raw)
    lines = _unfold(got.text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == 1 and lines.count("END:VEVENT") == 1
    props = dict(line.split(":", 1) for line in lines)
    assert props["VERSION"] == "2.0" and props["PRODID"]
    start = datetime.strptime(props["DTSTART"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    end = datetime.strptime(props["DTEND"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert start == datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
    assert (end - start).total_seconds() == 30 * 60
    assert props["SUMMARY"] == "Social services"
    assert props["LOCATION"] == "Test centre"
    assert props["UID"] and code in props["DESCRIPTION"]


async def test_the_cancel_form_frees_the_place_and_the_page_says_so(api: Api) -> None:
    code, path = await _booked(api)
    start = (await api.call("GET", f"/api/v1/bookings/{code}")).json["booking"]["start"]
    asked = await api.call("GET", f"{path}?lang=en&confirm=cancel", token=None)
    assert "Really cancel this appointment?" in asked.text
    assert f'<form method="post" action="{path}/cancel?lang=en">' in asked.text
    assert f'<a href="{path}?lang=en">No, keep it</a>' in asked.text
    # Asking changed nothing.
    looked = await api.call("GET", f"/api/v1/bookings/{code}")
    assert looked.json["booking"]["state"] == "booked"
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    got = await api.call("POST", f"{path}/cancel?lang=en", token=None, headers=form, data=b"")
    assert got.status == 303 and got.headers["location"] == f"{path}?lang=en"
    page = await api.call("GET", got.headers["location"], token=None)
    assert "The appointment is cancelled." in page.text
    assert "<form" not in page.text and "<svg" not in page.text
    assert (await api.call("GET", f"/api/v1/bookings/{code}")).json["booking"][
        "state"
    ] == "cancelled"
    assert (await api.book(start)).status == 201


async def test_a_lapsed_booking_page_says_so(api: Api, running: Running, clock: Clock) -> None:
    _code, path = await _booked(api)
    clock.now = clock.now.replace(hour=11)
    await running.server.owner.submit(c.MarkMissed(), "server", None, nothing)
    page = await api.call("GET", f"{path}?lang=en", token=None)
    assert page.status == 200 and "This appointment was missed." in page.text
    assert "<form" not in page.text


async def test_an_unknown_secret_is_a_404_page(api: Api) -> None:
    for path in ("/a/AAAAAAAAAAAAAAAAAAAAAA", "/a/AAAAAAAAAAAAAAAAAAAAAA.ics", "/a/x"):
        got = await api.call("GET", f"{path}?lang=en", token=None)
        assert got.status == 404 and "There is no such appointment." in got.text
    got = await api.call("POST", "/a/AAAAAAAAAAAAAAAAAAAAAA/cancel", token=None, data=b"")
    assert got.status == 404
