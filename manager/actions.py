"""The manager's actions as requests, with what the manager typed checked first: a reason or
notice is one line of plain text within the server's bound, so a bad one gets a sentence here
and nothing is sent. Pure."""

from __future__ import annotations

import typing
import unicodedata
from collections.abc import Callable

from server.protocol import messages as m


def _max_length(kind: object) -> int:
    meta = typing.get_args(kind)[1]
    assert isinstance(meta.max_length, int)
    return meta.max_length


# The server's bounds, read from the frames themselves (server/protocol/messages.py).
REASON_MAX = _max_length(m.StopReason)
NOTICE_MAX = _max_length(m.NoticeText)


class ActionError(ValueError):
    """Why the typed text cannot be sent: `key` is its sentence in the catalog."""

    def __init__(self, key: str, **values: int) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def checked(text: str, limit: int, *, required: bool) -> str:
    """`text` without the space around it; raises `ActionError` if it is empty (and must not
    be), too long, or holds a control character (a line break among them)."""
    text = text.strip()
    if required and not text:
        raise ActionError("actions.empty")
    if len(text) > limit:
        raise ActionError("actions.too_long", limit=limit, length=len(text))
    if any(unicodedata.category(c).startswith("C") for c in text):
        raise ActionError("actions.control")
    return text


def stop_issuing(new_id: Callable[[], str], service: str, reason: str) -> m.StopIssuing:
    text = checked(reason, REASON_MAX, required=True)
    return m.StopIssuing(id=new_id(), service=service, reason=text)


def resume_issuing(new_id: Callable[[], str], service: str) -> m.ResumeIssuing:
    return m.ResumeIssuing(id=new_id(), service=service)


def set_notice(new_id: Callable[[], str], text: str) -> m.SetNotice:
    """A notice ("" clears it)."""
    return m.SetNotice(id=new_id(), text=checked(text, NOTICE_MAX, required=False))


def close_counter(new_id: Callable[[], str], counter: str) -> m.CloseCounter:
    return m.CloseCounter(id=new_id(), counter=counter)
