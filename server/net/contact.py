"""A visitor's phone number or e-mail for "your turn is near" (docs/remote-notify.md): what
counts as one, and which channel it is reached by.

Pure and small, so that every door that takes a contact (the /join page, the booking API's
queue endpoint) and the notifier that uses it agree. A contact is personal data: callers
store `Contact.address` apart from the log (server/store/apart.py) and never log it.

- A phone number: E.164 with its `+` (or `00`), 8 to 15 digits, spaces, dots, hyphens and
  brackets allowed between them; a Latvian one (+371) must be a mobile (8 digits from 2),
  since only those take SMS. Eight digits from 2 without a country code are taken as Latvian.
- An e-mail address: one `@`, a plain local part, a domain of at least two labels; an
  internationalised domain is kept in its ASCII (punycode) form.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

# The longest contact taken at all (an e-mail address's limit in practice, RFC 5321).
MAX_CONTACT = 254
Channel = Literal["sms", "email"]

_SEPARATORS = re.compile(r"[ .\-()]")
_LATVIAN_MOBILE = re.compile(r"2\d{7}")
_INTERNATIONAL = re.compile(r"[1-9]\d{7,14}")
_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_TOP = re.compile(r"[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59}")


class Contact(NamedTuple):
    channel: Channel
    # The normalised form, the one to store and to send to: "+37120000000", "anna@pasts.lv".
    address: str


def read_contact(text: str) -> Contact | None:
    """The contact `text` is, or None when it is neither a phone number that takes SMS nor
    an e-mail address (or is longer than MAX_CONTACT)."""
    text = text.strip()
    if not text or len(text) > MAX_CONTACT or not text.isprintable():
        return None
    if "@" in text:
        email = _email(text)
        return None if email is None else Contact("email", email)
    phone = _phone(text)
    return None if phone is None else Contact("sms", phone)


def _phone(text: str) -> str | None:
    digits = _SEPARATORS.sub("", text)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if not digits.startswith("+"):
        return "+371" + digits if _LATVIAN_MOBILE.fullmatch(digits) else None
    number = digits[1:]
    if not _INTERNATIONAL.fullmatch(number):
        return None
    if number.startswith("371") and not _LATVIAN_MOBILE.fullmatch(number[3:]):
        return None
    return digits


def _email(text: str) -> str | None:
    local, at, domain = text.rpartition("@")
    if not at or len(local) > 64 or not _LOCAL.fullmatch(local):
        return None
    try:
        ascii_domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        return None
    if not _TOP.fullmatch(labels[-1]):
        return None
    address = f"{local}@{ascii_domain}"
    return address if len(address) <= MAX_CONTACT else None
