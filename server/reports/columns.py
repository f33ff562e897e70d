"""The columns of a report, shared by its writers: what each is called, what kind of number it
holds and how the terminal table ranks it when the terminal is too narrow for all of them.

Column names are English in every format, whatever the report's language: they are what a
spreadsheet's formulas and a script's code refer to, so they must not change with `--lang`.
The groups' labels (service names, weekdays) are in the report's language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from server.protocol.reports import Figures, Report

# count: a whole number; duration: seconds (written as minutes, or m:ss in the table);
# difference: seconds that may be below 0, signed wherever shown; share: 0..1 (written as a
# percentage); rate: a number with decimals.
Kind = Literal["count", "duration", "difference", "share", "rate"]
Value = int | float | None

# Longest group label a writer puts in a cell: config names and clerk names are bounded
# where they are entered; this bounds what a report repeats of them whatever happened there.
LABEL_MAX = 120


@dataclass(frozen=True)
class Column:
    name: str  # the header of CSV and XLSX
    group: str  # the terminal table's upper header line
    short: str  # the terminal table's lower header line
    kind: Kind
    value: Callable[[Figures], Value]
    # The terminal table leaves out the lowest first when it is too narrow; 0: never shown
    # there (the CSV and XLSX have every column). No-shows and unserved rank just below the
    # mean wait: a visitor still waiting at closing has no wait, so waits are read with them.
    keep: int
    booking: bool = False  # about appointments: the table shows it only if there are any
    # About ratings: the table shows it only if the period has any (a centre that does not
    # ask for feedback sees no empty columns).
    feedback: bool = False
    # About tickets joined from home: the table shows it only if the period has any.
    remote: bool = False
    reason: str = ""  # a reason's count: the reason's id (its label is `short`)

    @property
    def table_name(self) -> str:
        """What the terminal table calls it, both header lines read together."""
        return self.short if self.group == "tickets" else f"{self.group} {self.short}"


COLUMNS: tuple[Column, ...] = (
    Column("tickets", "tickets", "taken", "count", lambda f: f.tickets, 40),
    Column("served", "tickets", "served", "count", lambda f: f.served, 38),
    Column("no-shows", "tickets", "no-show", "count", lambda f: f.no_shows, 34),
    Column("transfers", "tickets", "transf", "count", lambda f: f.transfers, 14),
    Column("cancelled", "tickets", "cancel", "count", lambda f: f.cancelled, 16),
    Column("unserved", "tickets", "unserved", "count", lambda f: f.unserved, 32),
    Column("waits", "", "", "count", lambda f: f.wait.count, 0),
    Column("wait mean (min)", "wait", "mean", "duration", lambda f: f.wait.mean_s, 36),
    Column("wait median (min)", "wait", "median", "duration", lambda f: f.wait.median_s, 18),
    Column("wait p90 (min)", "wait", "p90", "duration", lambda f: f.wait.p90_s, 30),
    Column("wait max (min)", "wait", "max", "duration", lambda f: f.wait.max_s, 22),
    Column("within target %", "wait", "in target", "share", lambda f: f.within_target, 28),
    Column("service times", "", "", "count", lambda f: f.service_time.count, 0),
    Column(
        "service time mean (min)",
        "service time",
        "mean",
        "duration",
        lambda f: f.service_time.mean_s,
        24,
    ),
    Column(
        "service time median (min)",
        "service time",
        "median",
        "duration",
        lambda f: f.service_time.median_s,
        8,
    ),
    Column(
        "service time p90 (min)",
        "service time",
        "p90",
        "duration",
        lambda f: f.service_time.p90_s,
        10,
    ),
    Column(
        "service time max (min)",
        "service time",
        "max",
        "duration",
        lambda f: f.service_time.max_s,
        6,
    ),
    Column("arrivals per hour", "arrivals", "per hour", "rate", lambda f: f.arrivals_per_hour, 26),
    Column("booked", "bookings", "booked", "count", lambda f: f.booked, 4, booking=True),
    Column("checked in", "bookings", "arrived", "count", lambda f: f.checked_in, 4, booking=True),
    Column(
        "booking no-shows",
        "bookings",
        "missed",
        "count",
        lambda f: f.booking_no_shows,
        2,
        booking=True,
    ),
    Column("punctual", "bookings", "punctual", "count", lambda f: f.punctual, 2, booking=True),
    # Last, so the columns a spreadsheet already refers to keep their places. The error and
    # the bias rank just below the share within target: a 100-column terminal shows them.
    Column("told waits", "told wait", "n", "count", lambda f: f.told.count, 4),
    Column("told mean (min)", "told wait", "told", "duration", lambda f: f.told.told_mean_s, 6),
    Column(
        "told waited mean (min)",
        "told wait",
        "waited",
        "duration",
        lambda f: f.told.waited_mean_s,
        6,
    ),
    Column(
        "told error mean (min)",
        "told wait",
        "error",
        "duration",
        lambda f: f.told.error_mean_s,
        27,
    ),
    Column("told bias (min)", "told wait", "bias", "difference", lambda f: f.told.bias_s, 27),
    Column("told close %", "told wait", "close", "share", lambda f: f.told.close, 10),
    # After them, the same way: the visitors' ratings. How many answered ranks with the mean
    # score (just below the arrivals), so a score is never read without the count behind it.
    Column("rated", "feedback", "rated", "count", lambda f: f.feedback.rated, 25, feedback=True),
    Column(
        "rated anonymously",
        "feedback",
        "anon",
        "count",
        lambda f: f.feedback.anonymous,
        3,
        feedback=True,
    ),
    Column(
        "answered %",
        "feedback",
        "answered",
        "share",
        lambda f: f.feedback.answered,
        12,
        feedback=True,
    ),
    Column(
        "score mean",
        "feedback",
        "score",
        "rate",
        lambda f: f.feedback.score_mean,
        25,
        feedback=True,
    ),
    Column(
        "satisfied %", "feedback", "4-5", "share", lambda f: f.feedback.satisfied, 11, feedback=True
    ),
    Column(
        "unhappy %", "feedback", "1-2", "share", lambda f: f.feedback.unhappy, 11, feedback=True
    ),
)
# A reason's count: after every column above, one per reason of the report (Report.reasons).
REASON_PREFIX = "reason "
REASON_KEEP = 3
# A reason's label in the table's header: configured names are short, this bounds them all.
REASON_SHORT = 24
# After the reasons, so every column before keeps its place: tickets joined from home, and
# of them those whose place lapsed (also counted among the no-shows).
REMOTE_COLUMNS = (
    Column("remote", "from home", "joined", "count", lambda f: f.remote, 5, remote=True),
    Column(
        "remote lapsed", "from home", "lapsed", "count", lambda f: f.remote_lapsed, 5, remote=True
    ),
)


def _reason_count(reason: str) -> Callable[[Figures], Value]:
    return lambda f: f.feedback.reasons.get(reason, 0)


def columns_of(report: Report) -> tuple[Column, ...]:
    """Every column of `report`: the fixed ones, then a count per reason a rating could give
    (named by the reason's id, which a spreadsheet can rely on; headed by its label), then
    the tickets joined from home."""
    reasons = tuple(
        Column(
            REASON_PREFIX + plain_text(r.id),
            "reasons",
            plain_text(r.label, REASON_SHORT),
            "count",
            _reason_count(r.id),
            REASON_KEEP,
            feedback=True,
            reason=r.id,
        )
        for r in report.reasons
    )
    return COLUMNS + reasons + REMOTE_COLUMNS


def in_table(report: Report) -> tuple[Column, ...]:
    """The columns a table shows (the terminal's, the manager's tab): those with a rank, the
    appointments' only if the period had any, the ratings' and the remote tickets' only if it
    had any."""
    figures = (*report.rows, report.total)
    bookings = any(f.booked or f.checked_in for f in figures)
    feedback = report.total.feedback.rated > 0
    remote = report.total.remote > 0
    return tuple(
        c
        for c in columns_of(report)
        if c.keep
        and (bookings or not c.booking)
        and (feedback or not c.feedback)
        and (remote or not c.remote)
    )


# The first two columns: the group's key, then its label (headed by the grouping's name).
KEY_NAME = "key"
TOTAL = "total"
# The key of the total row in CSV and XLSX. Not "" (the key of the "no counter", "no clerk" and
# "no priority" groups), nor anything a group's key can be: config ids are letters, digits,
# "_", "." and "-" (server/config_problems.py), hours and weekdays digits, days ISO dates.
TOTAL_KEY = "*"


def total_label(total: Figures) -> str:
    return plain_text(total.label) or TOTAL


def plain_text(text: str, limit: int | None = LABEL_MAX, keep: str = "") -> str:
    """`text` as one plain line: control characters (a newline in a name would break a table
    row or a CSV record) become U+FFFD, but for those in `keep`; and at most `limit`
    characters, "…" when cut."""
    cut = limit is not None and len(text) > limit
    head = text[:limit] if cut else text
    if not head.isprintable():  # rare: the common case costs one C call
        head = "".join(ch if ch.isprintable() or ch in keep else "\ufffd" for ch in head)
    return head + "…" if cut else head
