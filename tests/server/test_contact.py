"""What counts as a visitor's phone number or e-mail for "your turn is near"
(server/net/contact.py), and the words of the message (server/net/notify_text.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.config import loads
from server.core.model import Ticket
from server.net.contact import MAX_CONTACT, Contact, read_contact
from server.net.notify_text import message_text
from tests.conftest import centre_toml


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("+371 2000 0000", Contact("sms", "+37120000000")),
        ("  +371-29-123-456 ", Contact("sms", "+37129123456")),
        ("00371 29123456", Contact("sms", "+37129123456")),
        ("29123456", Contact("sms", "+37129123456")),
        ("+370 612 34567", Contact("sms", "+37061234567")),
        ("+44 (20) 7946 0958", Contact("sms", "+442079460958")),
        ("Anna.Berzina@Pasts.LV", Contact("email", "Anna.Berzina@pasts.lv")),
        ("a+rinda@dome.example.lv", Contact("email", "a+rinda@dome.example.lv")),
        ("jānis@ēpasts.lv", None),
        ("janis@ēpasts.lv", Contact("email", "janis@xn--pasts-hza.lv")),
    ],
)
def test_a_phone_number_or_an_email_is_read_and_normalised(
    text: str, contact: Contact | None
) -> None:
    assert read_contact(text) == contact


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "67012345",  # a Latvian landline takes no SMS
        "+371 6701 2345",
        "+371 2000 000",  # seven digits
        "+371 2000 00000",
        "2000 0000 0",
        "+0 123 456 789",
        "+1234567",  # too short for any country
        "+1234567890123456",  # too long for E.164
        "call me",
        "anna@",
        "@pasts.lv",
        "anna@pasts",
        "anna@@pasts.lv",
        "anna berzina@pasts.lv",
        "anna..b@pasts.lv",
        ".anna@pasts.lv",
        "anna@-pasts.lv",
        "anna@pasts..lv",
        "anna@pasts.l",
        "anna@pasts.123",
        "anna@pas\nts.lv",
        "anna@pasts.lv\x00",
        "a" * 65 + "@pasts.lv",
        "a@" + "b" * 250 + ".lv",
    ],
)
def test_anything_else_is_refused(text: str) -> None:
    assert read_contact(text) is None


@given(st.text(max_size=MAX_CONTACT + 20))
def test_whatever_is_taken_is_bounded_and_reads_back_as_itself(text: str) -> None:
    contact = read_contact(text)
    if contact is not None:
        assert len(contact.address) <= MAX_CONTACT
        assert read_contact(contact.address) == contact


NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # 11:00 in Riga


def remote_ticket(lang: str, passed: bool = False) -> Ticket:
    return Ticket(
        number="A007",
        service="social",
        priority=None,
        lang=lang,
        token="tok12345",
        taken_at=NOW - timedelta(hours=1),
        queued_at=NOW - timedelta(hours=1),
        remote=True,
        code="K7M4QP",
        passed_at=NOW if passed else None,
    )


@pytest.mark.parametrize(
    ("lang", "passed", "text"),
    [
        (
            "lv",
            False,
            "Testa centrs: drīz pienāks jūsu kārta (numurs A007, pēc 10–15 min). Nāciet un "
            "reģistrējieties kioskā ar kodu K7M 4QP. http://rinda.test/t/tok12345",
        ),
        (
            "ru",
            False,
            "Тестовый центр: скоро ваша очередь (номер A007, через 10–15 мин). Приходите и "
            "отметьтесь в киоске с кодом K7M 4QP. http://rinda.test/t/tok12345",
        ),
        (
            "en",
            True,
            "Test centre: your turn (number A007) has come, but you have not checked in. "
            "Check in at the kiosk with code K7M 4QP by 11:20, or your place lapses. "
            "http://rinda.test/t/tok12345",
        ),
    ],
)
def test_the_message_says_when_to_come_and_how_to_check_in(
    lang: str, passed: bool, text: str
) -> None:
    config = loads(centre_toml() + "\n[remote]\nenabled = true\ngrace_min = 20\n")
    assert message_text(config, remote_ticket(lang, passed), 12 * 60) == text
