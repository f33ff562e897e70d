"""A manager's actions on the floor: stop and resume issuing a service's tickets, and the
notice line of the waiting-room displays. Pure decisions like the rest of the core (the
centre routes these commands here; folding.py applies the events).

Neither ends with the service day: a manager who stops a service decides when it comes back,
and a notice stays until it is changed or cleared.
"""

from __future__ import annotations

from datetime import datetime

from server.config import CentreConfig
from server.core import commands as c
from server.core import errors as err
from server.core import events as ev
from server.core.model import State


def check_showable(text: str, what: str) -> None:
    """Text that visitors read goes on one line of a screen as it is: no control characters."""
    if not text.isprintable():
        raise err.UnshowableText(
            f"The {what} holds a character that cannot be shown (a line break, a tab, …)."
        )


def _known(config: CentreConfig, service: str) -> None:
    if service not in config.services:
        raise err.UnknownService(f'There is no service "{service}" in this centre.')


def stop_issuing(
    config: CentreConfig, state: State, cmd: c.StopIssuing, now: datetime
) -> list[ev.AnyEvent]:
    _known(config, cmd.service)
    check_showable(cmd.reason, "reason")
    if state.stopped.get(cmd.service) == cmd.reason:
        return []
    return [ev.IssuingStopped(at=now, service=cmd.service, reason=cmd.reason, by=cmd.by)]


def resume_issuing(
    config: CentreConfig, state: State, cmd: c.ResumeIssuing, now: datetime
) -> list[ev.AnyEvent]:
    _known(config, cmd.service)
    if cmd.service not in state.stopped:
        return []
    return [ev.IssuingResumed(at=now, service=cmd.service, by=cmd.by)]


def set_notice(state: State, cmd: c.SetNotice, now: datetime) -> list[ev.AnyEvent]:
    check_showable(cmd.text, "notice")
    if cmd.text == state.notice:
        return []
    return [ev.NoticeSet(at=now, text=cmd.text, by=cmd.by)]


def stopped_message(service: str, reason: str) -> str:
    """Why a take_ticket is refused while a manager has stopped the service."""
    why = f": {reason}" if reason else "."
    return f'A manager stopped issuing tickets for "{service}"{why}'
