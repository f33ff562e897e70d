"""Visitor feedback in the reports (Figures.feedback), on small hand-built logs with `rated`
events, each figure worked out by hand in the test (docs/reports.md, "Visitor feedback").
Day D is Monday 2 November 2026 in Riga."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from server.config import CentreConfig, loads
from server.protocol.reports import NOBODY_RATED, Feedback, Reason
from server.reports.visits import visit_facts
from tests.conftest import centre_toml
from tests.reports.helpers import RIGA, LogBuilder, local, report, rows

D = date(2026, 11, 2)


def a_rated_day(log: LogBuilder) -> None:
    """Five tickets and two anonymous ratings:
    a1 social, served at 1, rated 4 then changed to 2 "waited_too_long";
    a2 social, served at 2, rated 5;
    a3 social, transferred at 1 to tax, served at 3, rated 1 "not_helped" (its tax visit);
    b1 tax, a no-show at 3, rated 3; b2 tax, served at 3, not rated;
    anonymous: 5 at counter 1's tablet (12:00), 1 "other" at a tablet of no counter (12:30).
    """
    a1 = log.take("social", local(D, 9, 0))
    a2 = log.take("social", local(D, 9, 5))
    a3 = log.take("social", local(D, 9, 30))
    b1 = log.take("tax", local(D, 11, 0))
    b2 = log.take("tax", local(D, 11, 5))
    log.serve("1", a1, local(D, 9, 10), local(D, 9, 18))
    log.rate(a1, 4, local(D, 9, 20), counter="1")
    log.serve("2", a2, local(D, 9, 25), local(D, 9, 39))
    log.rate(a1, 2, local(D, 9, 40), "waited_too_long", counter="1")  # changed its mind
    log.rate(a2, 5, local(D, 9, 45), counter="2")
    log.call("1", a3, local(D, 10, 10))
    log.transfer("1", a3, "tax", local(D, 10, 12))
    log.serve("3", a3, local(D, 10, 20), local(D, 10, 30))
    log.rate(a3, 1, local(D, 10, 35), "not_helped", counter="3")
    log.call("3", b1, local(D, 11, 8))
    log.no_show("3", b1, local(D, 11, 10))
    log.rate(b1, 3, local(D, 11, 15), counter="3")
    log.serve("3", b2, local(D, 11, 20), local(D, 11, 25))
    log.rate(None, 5, local(D, 12, 0), counter="1")
    log.rate(None, 1, local(D, 12, 30), "other")


async def test_feedback_per_service_and_in_total(
    log: LogBuilder, log_path: Path, config: CentreConfig
) -> None:
    a_rated_day(log)
    await log.save(log_path)

    r = report(log_path, config, D, D, lang="en")
    by = rows(r)
    assert [f.key for f in r.rows] == ["social", "tax", ""]
    # social: a1 (2, its latest) and a2 (5) of 2 served; a3's social visit ended transferred.
    assert by["social"].feedback == Feedback(
        rated=2,
        anonymous=0,
        answered=1.0,
        score_mean=3.5,
        satisfied=0.5,
        unhappy=0.5,
        reasons={"waited_too_long": 1},
    )
    # tax: a3's tax visit (1) and the no-show b1 (3); served a3 and b2: 2 rated of 2 served.
    assert by["tax"].feedback == Feedback(
        rated=2,
        anonymous=0,
        answered=1.0,
        score_mean=2.0,
        satisfied=0.0,
        unhappy=0.5,
        reasons={"not_helped": 1},
    )
    # The anonymous ratings are of no service: a row of their own, no ticket in it.
    anonymous = by[""]
    assert (anonymous.label, anonymous.tickets, anonymous.served) == ("anonymous ratings", 0, 0)
    assert anonymous.feedback == Feedback(
        rated=2,
        anonymous=2,
        answered=None,
        score_mean=3.0,
        satisfied=0.5,
        unhappy=0.5,
        reasons={"other": 1},
    )
    # Total: scores 2, 5, 1, 3, 5, 1 = 17 over 6; 4 of them on visits, 4 visits served.
    assert (r.total.tickets, r.total.served) == (6, 4)
    assert r.total.feedback == Feedback(
        rated=6,
        anonymous=2,
        answered=1.0,
        score_mean=17 / 6,
        satisfied=2 / 6,
        unhappy=3 / 6,
        reasons={"not_helped": 1, "other": 1, "waited_too_long": 1},
    )
    # Every configured reason is listed, in order, named in the report's language.
    assert [(x.id, x.label) for x in r.reasons] == [
        ("waited_too_long", "I waited too long"),
        ("not_helped", "I could not be helped"),
        ("unclear_information", "Unclear information"),
        ("other", "Something else"),
    ]


async def test_feedback_per_counter_hour_and_institution(
    log: LogBuilder, log_path: Path, config: CentreConfig
) -> None:
    a_rated_day(log)
    await log.save(log_path)

    by_counter = rows(report(log_path, config, D, D, "counter"))
    # 1: a1 (2) served there, a3 left it transferred (unrated there), the tablet's 5.
    one = by_counter["1"].feedback
    assert (one.rated, one.anonymous, one.answered, one.score_mean) == (2, 1, 1.0, 3.5)
    two = by_counter["2"].feedback
    assert (two.rated, two.answered, two.score_mean) == (1, 1.0, 5.0)
    # 3: a3's tax visit (1), b1 (3), b2 served and unrated: 2 rated visits of 2 served.
    three = by_counter["3"].feedback
    assert (three.rated, three.answered, three.score_mean, three.unhappy) == (2, 1.0, 2.0, 0.5)
    # The tablet of no counter.
    assert by_counter[""].feedback.rated == 1 and by_counter[""].feedback.reasons == {"other": 1}

    by_hour = rows(report(log_path, config, D, D, "hour"))
    # Visits count in the hour they joined the queue, anonymous ratings in the hour given.
    assert by_hour["09"].feedback.rated == 2  # a1 and a2 (a3's social visit is unrated)
    assert by_hour["10"].feedback.score_mean == 1.0  # a3's tax visit, joined at 10:12
    assert by_hour["11"].feedback.score_mean == 3.0  # b1
    assert by_hour["12"].feedback.rated == 2 and by_hour["12"].tickets == 0

    by_institution = rows(report(log_path, config, D, D, "institution"))
    assert by_institution["muni"].feedback.rated == 4
    assert by_institution[""].feedback.rated == 2  # the anonymous ones


async def test_a_day_without_ratings_says_nobody_answered(
    log: LogBuilder, log_path: Path, config: CentreConfig
) -> None:
    a1 = log.take("social", local(D, 9, 0))
    log.serve("1", a1, local(D, 9, 10), local(D, 9, 18))
    b1 = log.take("tax", local(D, 9, 0))
    log.cancel(b1, local(D, 9, 5))
    await log.save(log_path)

    r = report(log_path, config, D, D)
    # One served, none answered: a share of 0, not "no figure".
    assert rows(r)["social"].feedback == Feedback(
        rated=0,
        anonymous=0,
        answered=0.0,
        score_mean=None,
        satisfied=None,
        unhappy=None,
        reasons={},
    )
    assert rows(r)["tax"].feedback == NOBODY_RATED  # nobody served, nobody rated


async def test_feedback_per_clerk(log_path: Path, clerks_config: CentreConfig) -> None:
    log = LogBuilder(clerks_config)
    log.sign_in("1", "anna", local(D, 8))
    log.sign_in("2", "juris", local(D, 8))
    a1 = log.take("social", local(D, 9, 0))
    a2 = log.take("social", local(D, 9, 0))
    log.serve("1", a1, local(D, 9, 5), local(D, 9, 10))
    log.serve("2", a2, local(D, 9, 5), local(D, 9, 10))
    log.rate(a1, 5, local(D, 9, 15))
    log.rate(a2, 2, local(D, 9, 15), "unclear_information")
    log.rate(None, 4, local(D, 9, 20), counter="1")  # a tablet's: nobody's to answer for
    await log.save(log_path)

    by_clerk = rows(report(log_path, clerks_config, D, D, "clerk"))
    assert (by_clerk["anna"].feedback.rated, by_clerk["anna"].feedback.score_mean) == (1, 5.0)
    assert by_clerk["juris"].feedback.reasons == {"unclear_information": 1}
    assert by_clerk[""].feedback.anonymous == 1


async def test_a_reason_no_longer_configured_is_listed_after_the_configured_ones(
    log: LogBuilder, log_path: Path, config: CentreConfig
) -> None:
    a1 = log.take("social", local(D, 9, 0))
    log.serve("1", a1, local(D, 9, 5), local(D, 9, 10))
    log.rate(a1, 2, local(D, 9, 15), "rude_staff")
    await log.save(log_path)

    r = report(log_path, config, D, D)
    assert r.reasons[-1] == Reason(id="rude_staff", label="rude_staff")
    assert len(r.reasons) == 5
    assert r.total.feedback.reasons == {"rude_staff": 1}


def test_a_rating_goes_to_the_tickets_last_visit(log: LogBuilder) -> None:
    """Even one logged before a transfer (the core takes none then): the last visit is the
    one the visitor left with."""
    a1 = log.take("social", local(D, 9, 0))
    log.call("1", a1, local(D, 9, 5))
    log.rate(a1, 4, local(D, 9, 6))
    log.transfer("1", a1, "tax", local(D, 9, 7))
    log.serve("3", a1, local(D, 9, 10), local(D, 9, 20))
    facts = [f for f in visit_facts(log.events, RIGA) if f.kind == "visit"]
    assert [(f.leg, f.service, f.score) for f in facts] == [(0, "social", None), (1, "tax", 4)]


async def test_a_centres_own_reasons_in_its_order_and_names(log_path: Path) -> None:
    config = loads(
        centre_toml()
        + """
[feedback.reasons.queue]
lv = "Rinda"
ru = "Очередь"
en = "The queue"

[feedback.reasons.staff]
lv = "Darbinieki"
ru = "Сотрудники"
en = "The staff"
"""
    )
    log = LogBuilder(config)
    a1 = log.take("social", local(D, 9, 0))
    log.serve("1", a1, local(D, 9, 5), local(D, 9, 10))
    log.rate(a1, 2, local(D, 9, 15), "staff")
    await log.save(log_path)

    r = report(log_path, config, D, D, lang="ru")
    assert r.reasons == [
        Reason(id="queue", label="Очередь"),
        Reason(id="staff", label="Сотрудники"),
    ]
    assert r.total.feedback.reasons == {"staff": 1}
