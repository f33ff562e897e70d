"""The /join page's limit per address (bounded memory) and the contact a visitor may give."""

from __future__ import annotations

import pytest

from server.net.http_body import HttpRequest
from server.net.join_limit import HOUR_S, JoinLimit, client_address
from server.net.remote_desk import ContactError, contact_of


def test_an_address_may_join_its_share_of_an_hour() -> None:
    limit = JoinLimit(per_hour=2)
    limit.note("10.0.0.1", "A001", 0.0)
    assert not limit.full("10.0.0.1", 1.0)
    limit.note("10.0.0.1", "A002", 10.0)
    assert limit.full("10.0.0.1", 11.0)
    assert not limit.full("10.0.0.2", 11.0)  # each address its own
    # The first join is an hour old: one more may come.
    assert not limit.full("10.0.0.1", HOUR_S + 0.5)
    limit.note("10.0.0.1", "A003", HOUR_S + 1.0)
    assert limit.full("10.0.0.1", HOUR_S + 2.0)


def test_the_same_ticket_answered_twice_counts_once() -> None:
    limit = JoinLimit(per_hour=2)
    limit.note("10.0.0.1", "A001", 0.0)
    limit.note("10.0.0.1", "A001", 1.0)
    assert not limit.full("10.0.0.1", 2.0)


def test_a_form_sent_again_is_never_refused() -> None:
    """The last join of the hour, tapped twice: the second tap is answered the ticket again,
    not "too many"."""
    limit = JoinLimit(per_hour=1)
    limit.note("10.0.0.1", "A001", 0.0, once="form-one-id")
    assert limit.full("10.0.0.1", 1.0)
    assert limit.full("10.0.0.1", 1.0, once="another-form")
    assert not limit.full("10.0.0.1", 1.0, once="form-one-id")


def test_joins_on_their_way_count_so_forms_sent_at_once_cannot_all_pass() -> None:
    limit = JoinLimit(per_hour=2)
    with limit.joining("10.0.0.1", "form-one-id"):
        assert not limit.full("10.0.0.1", 0.0, once="form-two-id")
        with limit.joining("10.0.0.1", "form-two-id"):
            assert limit.full("10.0.0.1", 0.0, once="form-three")
            assert limit.full("10.0.0.1", 0.0)
            # The same form tapped twice is answered its ticket, not "too many".
            assert not limit.full("10.0.0.1", 0.0, once="form-one-id")
            assert not limit.full("10.0.0.2", 0.0)
        limit.note("10.0.0.1", "A001", 0.0, once="form-one-id")
    # Answered: only the noted join counts (the other form's way ended, unnoted).
    assert not limit.full("10.0.0.1", 1.0)


def test_memory_is_bounded_and_the_least_recent_is_forgotten() -> None:
    limit = JoinLimit(per_hour=1, kept=100)
    for i in range(1000):
        limit.note(f"10.0.{i // 256}.{i % 256}", f"A{i:03}", float(i))
    assert len(limit) == 100
    assert limit.full("10.0.3.231", 1000.0)  # the last one is remembered
    assert not limit.full("10.0.0.0", 1000.0)  # the first was forgotten


def request(address: str, forwarded: str | None = None) -> HttpRequest:
    headers = {} if forwarded is None else {"x-forwarded-for": forwarded}
    return HttpRequest("POST", "/join", "", headers, b"", address)


def test_only_a_proxy_on_loopback_names_the_address() -> None:
    assert client_address(request("127.0.0.1", "198.51.100.1, 203.0.113.9")) == "203.0.113.9"
    assert client_address(request("127.0.0.1")) == "127.0.0.1"
    # From anywhere else the header is the client's own word: not taken.
    assert client_address(request("203.0.113.5", "198.51.100.1")) == "203.0.113.5"
    assert client_address(request("::1", "x" * 65)) == "::1"


def test_a_contact_is_a_phone_number_or_an_e_mail() -> None:
    url = "https://sms.example.lv/send"
    assert contact_of("", url) == contact_of("  ", "") == ""
    assert contact_of(" +371 2000-0000 ", url) == "+37120000000"
    assert contact_of("anna@example.lv", url) == "anna@example.lv"
    for bad in ("hi", "12", "anna@", "+371 2000 0000 0000 0000 1", "a\nb@example.lv", "x" * 101):
        with pytest.raises(ContactError):
            contact_of(bad, url)
    with pytest.raises(ContactError, match="sends no messages"):
        contact_of("+37120000000", "")
