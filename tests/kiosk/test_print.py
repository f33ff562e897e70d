"""The printed ticket: golden bytes for both ways of printing Latvian and Russian (the
printer's code pages, and text drawn as an image for printers without them), and the QR read
back from the bytes by a real QR decoder."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest
import zxingcpp
from PIL import Image

from kiosk.printer import PrinterFault, Target
from kiosk.render import render
from kiosk.ticket import QR, Cut, Line, layout
from server.i18n import Catalog
from server.protocol.views import IssuedTicket

GOLDEN = Path(__file__).parent / "golden"
URL = "http://rinda.test/t/DjkgwNJxfSmj_b62q4sFHQ"
TICKET = IssuedTicket(
    number="A012",
    service="social",
    priority=None,
    issued_at="2026-11-25T09:00:00Z",
    position=3,
    ahead=2,
    estimated_wait_s=600,
    status_url=URL,
)
# A visitor booked for 10:20 local who checked in at 10:05.
APPOINTMENT = msgspec.structs.replace(
    TICKET, issued_at="2026-11-25T08:05:00Z", booked_for="2026-11-25T08:20:00Z"
)
CENTRE = {"lv": "Testa centrs", "ru": "Тестовый центр", "en": "Test centre"}
SERVICE = {"lv": "Sociālie pakalpojumi", "ru": "Социальные услуги", "en": "Social services"}


def ticket_bytes(lang: str, profile: str, ticket: IssuedTicket = TICKET) -> bytes:
    ops = layout(ticket, lang, CENTRE, SERVICE, "Europe/Riga", Catalog("kiosk"))
    return render(ops, profile)


def rasters(data: bytes) -> list[Image.Image]:
    """Every `GS v 0` raster image in an ESC/POS stream, as a black-on-white picture."""
    images = []
    at = data.find(b"\x1dv0")
    while at >= 0:
        xl, xh, yl, yh = data[at + 4 : at + 8]
        width, height = xl + 256 * xh, yl + 256 * yh
        body = data[at + 8 : at + 8 + width * height]
        # ESC/POS: a set bit is a printed (black) dot; PIL "1" mode: a set bit is white.
        img = Image.frombytes("1", (width * 8, height), bytes(b ^ 0xFF for b in body))
        images.append(img)
        at = data.find(b"\x1dv0", at + 8 + width * height)
    return images


def test_layout_holds_everything_the_visitor_needs() -> None:
    ops = layout(TICKET, "lv", CENTRE, SERVICE, "Europe/Riga", Catalog("kiosk"))
    lines = [op.text for op in ops if isinstance(op, Line)]
    assert lines[:3] == ["Testa centrs", "Sociālie pakalpojumi", "A012"]
    assert "25.11.2026 11:00" in lines  # local time in Riga
    assert "Priekšā: 2" in lines
    assert "Gaidīšana 10–15 min" in lines  # 600 s, in the band every screen shows
    assert next(op for op in ops if isinstance(op, Line) and op.text == "A012").size == "double"
    assert QR(URL) in ops
    assert isinstance(ops[-1], Cut)


@pytest.mark.parametrize(
    ("lang", "profile"),
    [("lv", "TM-T20II"), ("ru", "TM-T20II"), ("lv", "TM-T88IV-SA"), ("ru", "TM-T88IV-SA")],
)
def test_golden_bytes(lang: str, profile: str) -> None:
    expected = (GOLDEN / f"ticket-{lang}-{profile}.bin").read_bytes()
    assert ticket_bytes(lang, profile) == expected


def test_an_appointment_ticket_is_marked_with_its_booked_time_under_the_number() -> None:
    for lang, mark in (
        ("lv", "Pieraksts 10:20"),
        ("ru", "Запись 10:20"),
        ("en", "Appointment 10:20"),
    ):
        ops = layout(APPOINTMENT, lang, CENTRE, SERVICE, "Europe/Riga", Catalog("kiosk"))
        lines = [op for op in ops if isinstance(op, Line)]
        number = next(i for i, op in enumerate(lines) if op.text == "A012")
        assert lines[number + 1] == Line(mark, bold=True)
    walk_in = layout(TICKET, "lv", CENTRE, SERVICE, "Europe/Riga", Catalog("kiosk"))
    assert not [op for op in walk_in if isinstance(op, Line) and "Pieraksts" in op.text]


@pytest.mark.parametrize(
    ("lang", "profile"), [("lv", "TM-T20II"), ("ru", "TM-T20II"), ("lv", "TM-T88IV-SA")]
)
def test_golden_bytes_of_an_appointment(lang: str, profile: str) -> None:
    expected = (GOLDEN / f"appointment-{lang}-{profile}.bin").read_bytes()
    assert ticket_bytes(lang, profile, APPOINTMENT) == expected


def test_code_pages_carry_latvian_and_cyrillic_where_the_profile_has_them() -> None:
    lv = ticket_bytes("lv", "TM-T20II")
    assert b"\x1bt\x33" + "Sociālie pakalpojumi".encode("cp1257") + b"\n" in lv  # CP1257 = 51
    ru = ticket_bytes("ru", "TM-T20II")
    assert b"\x1bt\x11" + "Тестовый центр".encode("cp866") + b"\n" in ru  # CP866 = 17
    assert b"\x1b!\x30" in lv  # double width and height for the number
    assert b"A012\n" in lv


def test_text_becomes_an_image_where_the_profile_has_no_such_code_page() -> None:
    # TM-T88IV-SA has neither a Baltic nor a Cyrillic code page.
    data = ticket_bytes("lv", "TM-T88IV-SA")
    assert "Sociālie".encode("cp1257") not in data
    assert b"A012\n" in data  # plain ASCII still goes as text
    ru = ticket_bytes("ru", "TM-T88IV-SA")
    assert "Тестовый".encode("cp866") not in ru
    # centre, service, ahead, wait, "scan", footer as text images + the QR
    assert len(rasters(data)) >= 6


@pytest.mark.parametrize("profile", ["TM-T20II", "TM-T88IV-SA"])
def test_the_printed_qr_decodes_to_the_status_link(profile: str) -> None:
    found = []
    for img in rasters(ticket_bytes("lv", profile)):
        found += [r.text for r in zxingcpp.read_barcodes(img.convert("L"))]
    assert found == [URL]


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("none", Target("none")),
        ("network:10.0.0.5", Target("network", host="10.0.0.5", port=9100)),
        ("network:printer.local:9101", Target("network", host="printer.local", port=9101)),
        ("usb:04b8:0e15", Target("usb", vendor=0x04B8, product=0x0E15)),
        ("serial:/dev/ttyUSB0:19200", Target("serial", path="/dev/ttyUSB0", baud=19200)),
        ("file:/dev/usb/lp0", Target("file", path="/dev/usb/lp0")),
    ],
)
def test_printer_targets(text: str, target: Target) -> None:
    assert Target.parse(text) == target


@pytest.mark.parametrize("text", ["", "lpt1", "network:", "usb:04b8", "network:host:port"])
def test_a_bad_printer_target_says_what_is_accepted(text: str) -> None:
    with pytest.raises(ValueError, match="network:HOST"):
        Target.parse(text)


def test_printer_fault_carries_the_status() -> None:
    fault = PrinterFault("paper_out", "paper end")
    assert (fault.status, fault.detail) == ("paper_out", "paper end")
