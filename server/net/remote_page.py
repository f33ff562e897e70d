"""The phone page of a ticket joined from home (docs/remote-queue.md): its `RemoteStatus`, and
the words and the part of the page a walk-in's ticket does not have.

While the visitor is not here yet the page shows the check-in code, grouped for reading
("K7M 4QP"), with a QR of it for the kiosk's scanner, and says when to set off: "set off in
about 35 min" while the expected wait is longer than `[remote] come_before_min`, then "come
now: your turn in about 15–25 min". Passed over: "check in at the kiosk by 10:35"; lapsed:
"your place lapsed". Once checked in it is a walk-in's page. page.js words the same statuses
the same way from the same texts, live.
"""

from __future__ import annotations

import html

from server.config import CentreConfig
from server.core import remote
from server.core.booking import grouped
from server.core.model import Ticket
from server.net.booking_files import qr_svg
from server.protocol.views import PhoneStatus, RemoteStatus
from server.protocol.waits import band_words, wait_band

# "Set off in about N min" counts in steps of this many minutes: an estimate is no finer.
SET_OFF_STEP_MIN = 5


def set_off_min(seconds: int) -> int:
    """Minutes until the visitor should set off, in steps of SET_OFF_STEP_MIN (at least one)."""
    step = SET_OFF_STEP_MIN
    return max(step, step * round(seconds / 60 / step))


def remote_status(config: CentreConfig, t: Ticket, wait_s: int | None) -> RemoteStatus | None:
    """What a remote ticket's page says beyond a walk-in's (None for any other ticket);
    `wait_s` is its expected wait while waiting (the owner's current estimate)."""
    if not t.remote:
        return None
    away = remote.away(t)
    passed = away and t.passed_at is not None
    ahead_s = (wait_s or 0) - config.remote.come_before_min * 60
    coming = away and not passed
    end = remote.grace_end(config, t)
    return RemoteStatus(
        here=not t.absent,
        code=t.code or "",
        come=coming and ahead_s <= 0,
        set_off_min=set_off_min(ahead_s) if coming and ahead_s > 0 else None,
        passed=passed,
        lapses_at=end.isoformat().replace("+00:00", "Z") if end is not None else None,
    )


def remote_words(
    config: CentreConfig, t: Ticket, s: PhoneStatus, texts: dict[str, str]
) -> tuple[str, str, str] | None:
    """The page's status line, detail and look ("away", "come" or "ended") for a remote
    ticket not here (None: a walk-in's)."""
    r = s.remote
    if r is None or r.here:
        return None
    end = remote.grace_end(config, t)
    until = f"{end.astimezone(config.tz):%H:%M}" if end is not None else ""
    if remote.lapsed(t):
        return texts["remote.lapsed"], "", "ended"
    if t.status != "waiting":
        return None
    if r.passed:
        return texts["remote.passed"].format(time=until), texts["remote.passed_note"], "come"
    detail = texts["ahead"].format(n=s.ahead)
    band = s.wait or wait_band(0)
    if r.come:
        line = band_words(band, lambda kind, **v: texts[f"remote.come.{kind}"].format(**v))
        return line, detail, "come"
    # Still at home: the wait too, so that the visitor sees why "later" (on a line of its
    # own: a narrow phone would break "35–45" at the dash).
    wait = band_words(band, lambda kind, **v: texts[f"wait.{kind}"].format(**v))
    return texts["remote.set_off"].format(n=r.set_off_min), f"{detail}\n{wait}", "away"


def remote_html(t: Ticket, lang: str, texts: dict[str, str]) -> str:
    """The check-in code and its QR, only while the visitor may still check in (waiting, not
    here), and the button to give up the place while it waits (server/net/place_form.py).
    Rendered only then, not merely hidden: a browser without script (and the first paint)
    must not tell a visitor who checked in, or whose ticket ended, to scan a code."""
    if not t.remote or t.code is None or t.status != "waiting":
        return ""
    esc = html.escape
    give_up = (
        f'<form id="give-up" method="post" action="/t/{t.token}/cancel?lang={lang}">'
        f'<button class="give-up">{esc(texts["remote.give_up"])}</button></form>'
    )
    if not t.absent:
        return give_up
    return (
        '<section id="remote">'
        f'<p id="away">{esc(texts["remote.not_here"])}</p>'
        f'<p class="label">{esc(texts["remote.code"])}</p>'
        f'<p id="code">{esc(grouped(t.code))}</p>'
        f'<div class="qr">{qr_svg(t.code)}</div>'
        f'<p class="note">{esc(texts["remote.how"])}</p></section>{give_up}'
    )
