"""The words of a "your turn is near" message (server/net/notifier.py), in the ticket's
language: the near one while the visitor is on the way, the passed one once their turn came
before they checked in. Pure: the ticket, its wait and the config in, the text out.

The texts are in server/notify_texts.toml; the wait is told as the band every screen shows
(server/protocol/waits.py), the time of lapsing on the centre's wall clock.
"""

from __future__ import annotations

from typing import Any, Literal

from server.config import CentreConfig
from server.core import remote
from server.core.model import Ticket
from server.net.page_files import page_texts
from server.protocol.waits import wait_words

LANGS = ("lv", "ru", "en")
Kind = Literal["near", "passed"]


def kind_of(t: Ticket) -> Kind:
    return "passed" if t.set_aside else "near"


def grouped(code: str) -> str:
    """A check-in code as it is easiest to read and type: "K7M 4QP"."""
    return f"{code[:3]} {code[3:]}"


def message_text(config: CentreConfig, t: Ticket, wait_s: int) -> str:
    """The message for remote ticket `t`, whose expected wait is `wait_s` seconds."""
    lang = t.lang if t.lang in LANGS else "lv"
    words = page_texts("server", "notify_texts.toml")[lang]

    def wait(kind: str, **values: Any) -> str:
        return words[f"wait.{kind}"].format(**values)

    end = remote.grace_end(config, t)
    public = config.spec.centre.public_url.rstrip("/")
    return words[kind_of(t)].format(
        centre=config.name.get(lang),
        number=t.number,
        code=grouped(t.code or ""),
        wait=wait_words(wait_s, wait),
        time="" if end is None else end.astimezone(config.tz).strftime("%H:%M"),
        link=f"{public}/t/{t.token}",
    )
