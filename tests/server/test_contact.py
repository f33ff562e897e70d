"""What counts as a visitor's phone number or e-mail for "your turn is near"
(server/net/contact.py), and the words of the message (server/net/notify_text.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.config import CentreConfig, loads
from server.core.model import Ticket
from server.net.contact import MAX_CONTACT, Contact, read_contact
from server.net.notify_text import SMS_PARTS, message_of, sms_parts
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
            "Testa centrs: Biļete A007: kārta pēc 10-15 min. Reģistrējieties kioskā, "
            "kods K7M 4QP. http://rinda.test/t/tok12345",
        ),
        (
            "ru",
            False,
            "Тестовый центр: Номер A007: ваша очередь через 10-15 мин. Отметьтесь в "
            "киоске, код K7M 4QP. http://rinda.test/t/tok12345",
        ),
        (
            "en",
            True,
            "Test centre: Ticket A007: your turn has come. "
            "Check in at the kiosk with code K7M 4QP by 11:20, or your place lapses. "
            "http://rinda.test/t/tok12345",
        ),
    ],
)
def test_the_sms_says_when_to_come_and_how_to_check_in(lang: str, passed: bool, text: str) -> None:
    config = loads(centre_toml() + "\n[remote]\nenabled = true\ngrace_min = 20\n")
    words = message_of(config, remote_ticket(lang, passed), 12 * 60, "sms")
    assert words == (text, None)


# An official name as long as real ones (75 characters), and a real link's length.
LONG_NAME = "Rīgas valstspilsētas pašvaldības Ziemeļu rajona klientu apkalpošanas centrs"
TOKEN = "3igvxDzeXT4Jg6yP7zHIew"


def long_named() -> CentreConfig:
    toml = centre_toml().replace('lv = "Testa centrs"', f'lv = "{LONG_NAME}"')
    toml = toml.replace('ru = "Тестовый центр"', f'ru = "{LONG_NAME}"')
    toml = toml.replace('en = "Test centre"', f'en = "{LONG_NAME}"')
    toml = toml.replace('"http://rinda.test"', '"https://rinda.example.lv"')
    return loads(toml + "\n[remote]\nenabled = true\n")


@pytest.mark.parametrize("lang", ["lv", "ru", "en"])
@pytest.mark.parametrize("passed", [False, True])
@pytest.mark.parametrize("wait_s", [0, 12 * 60, 119 * 60, 3 * 3600])
def test_an_sms_takes_two_parts_at_most_whatever_the_centres_name(
    lang: str, passed: bool, wait_s: int
) -> None:
    config = long_named()
    assert len(LONG_NAME) >= 70
    t = remote_ticket(lang, passed)
    t.token = TOKEN
    text, subject = message_of(config, t, wait_s, "sms")
    assert sms_parts(text) <= SMS_PARTS, (len(text), text)
    # The name does not fit: left out; everything the visitor needs is there.
    assert LONG_NAME not in text and subject is None
    for part in ("A007", "K7M 4QP", f"https://rinda.example.lv/t/{TOKEN}"):
        assert part in text
    # The English one is of GSM letters only: one part.
    assert sms_parts(text) == 1 or lang != "en"


@pytest.mark.parametrize("lang", ["lv", "ru", "en"])
def test_an_email_says_it_fully_under_a_subject(lang: str) -> None:
    t = remote_ticket(lang, passed=True)
    text, subject = message_of(long_named(), t, 0, "email")
    assert subject is not None and LONG_NAME in subject and "A007" in subject
    assert text.startswith(f"{LONG_NAME}: ") and "K7M 4QP" in text and "http" in text


def test_the_parts_an_sms_is_sent_in() -> None:
    assert [sms_parts("a" * n) for n in (160, 161, 306, 307)] == [1, 2, 2, 3]
    assert [sms_parts("ā" * n) for n in (70, 71, 134, 135)] == [1, 2, 2, 3]
    # GSM's extension characters count twice; one Cyrillic letter makes all of it UCS-2.
    assert [sms_parts("€" * 80), sms_parts("€" * 81), sms_parts("a" * 69 + "ж")] == [1, 2, 1]
    assert sms_parts("a" * 70 + "ж") == 2
