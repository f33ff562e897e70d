"""Joining the queue from home in tests before a web page does it: the core's `JoinQueue`
submitted through the running server's owner (as the /join page and the booking API do), and
a centre with remote joining on."""

from __future__ import annotations

from datetime import datetime

from server.core import commands as c
from server.core import events as ev
from server.protocol.replies import Ok
from tests.conftest import centre_toml
from tests.server.harness import Running

REMOTE = "\n[remote]\nenabled = true\ngrace_min = 15\n"


def remote_toml() -> str:
    """The small test centre (open around the clock) with remote joining on."""
    return centre_toml() + REMOTE


async def join(running: Running, code: str, service: str = "social", lang: str = "lv") -> str:
    """A ticket taken from home with check-in `code`; its number."""
    taken: list[ev.AnyEvent] = []

    def build(rid: str | None, events: list[ev.AnyEvent], _now: datetime) -> Ok:
        taken.extend(events)
        return Ok(re=rid)

    cmd = c.JoinQueue(service=service, lang=lang, token=f"link-{code}", code=code, device="web")
    answer = await running.server.owner.submit(cmd, "web", None, build)
    tickets = [e for e in taken if isinstance(e, ev.TicketTaken)]
    assert len(tickets) == 1, answer
    (ticket,) = tickets
    assert ticket.remote, ticket
    return ticket.ticket
