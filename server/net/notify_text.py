"""The words of a message to a visitor who joined from home (server/net/notifier.py), in the
ticket's language: the near one while the visitor is on the way, the passed one once their
turn came before they checked in. Pure: the ticket, its wait and the config in, the words out.

An SMS is short, at most SMS_PARTS parts: the ticket, the wait, the code and the link; the
centre's name only when it is short and costs no part more (an official name of 70 letters
would double the message). An
e-mail says it more fully, under a subject. The texts are in server/notify_texts.toml; the wait
is told as the band every screen shows (server/protocol/waits.py), the time of lapsing on the
centre's wall clock.
"""

from __future__ import annotations

import math
from typing import Any, Literal, NamedTuple

from server.config import CentreConfig
from server.core import remote
from server.core.booking import grouped
from server.core.model import Ticket
from server.net.contact import Channel
from server.net.page_files import page_texts
from server.net.status_page import LANGS
from server.protocol.waits import wait_words

Kind = Literal["near", "passed"]
# The most parts the texts of an SMS are written to take (tests/server/test_contact.py
# measures them with a real link); a centre's name longer than SHORT_NAME is left out.
SMS_PARTS = 2
SHORT_NAME = 24
# GSM 03.38: an SMS of only these is sent 160 characters a part (153 when split); the
# extension's characters count twice. Any other (ā, š, ж, "–") makes it UCS-2: 70, split 67.
GSM_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = "^{}\\[~]|€\f"


class Words(NamedTuple):
    text: str
    # An e-mail's subject line; None for an SMS.
    subject: str | None


def kind_of(t: Ticket) -> Kind:
    return "passed" if t.set_aside else "near"


def lang_of(t: Ticket) -> str:
    """The language the visitor is written to: the ticket's (Latvian if it is none of ours)."""
    return t.lang if t.lang in LANGS else "lv"


def sms_parts(text: str) -> int:
    """How many parts a phone network sends `text` in."""
    if all(ch in GSM_BASIC or ch in GSM_EXTENSION for ch in text):
        size = sum(2 if ch in GSM_EXTENSION else 1 for ch in text)
        return 1 if size <= 160 else math.ceil(size / 153)
    # UCS-2 counts UTF-16 units: an emoji in a centre's name is two.
    size = len(text.encode("utf-16-le")) // 2
    return 1 if size <= 70 else math.ceil(size / 67)


def message_of(config: CentreConfig, t: Ticket, wait_s: int, way: Channel) -> Words:
    """The message for remote ticket `t` by SMS or e-mail, whose expected wait is `wait_s`
    seconds."""
    lang = lang_of(t)
    words = page_texts("server", "notify_texts.toml")[lang]

    def wait(kind: str, **values: Any) -> str:
        return words[f"{way}.wait.{kind}"].format(**values)

    end = remote.grace_end(config, t)
    public = config.spec.centre.public_url.rstrip("/")
    name = config.name.get(lang)
    values = {
        "centre": name,
        "number": t.number,
        "code": grouped(t.code or ""),
        "wait": wait_words(wait_s, wait),
        "time": "" if end is None else end.astimezone(config.tz).strftime("%H:%M"),
        "link": f"{public}/t/{t.token}",
    }
    kind = kind_of(t)
    if way == "email":
        text = words[f"email.{kind}"].format(**values)
        return Words(text, words[f"email.subject.{kind}"].format(**values))
    plain = words[f"sms.{kind}"].format(**values)
    named = f"{name}: {plain}"
    short = len(name) <= SHORT_NAME and sms_parts(named) == sms_parts(plain)
    return Words(named if short else plain, None)
