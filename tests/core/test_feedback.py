"""Visitors' ratings in the pure core: a ticket is rated once its visit was served (a no-show or
a cancelled ticket is not), changed for `change_min`, at most `max_changes` times, the latest
counting; a counter's tablet rates the visit just served there when nobody rated it,
anonymously otherwise; a bad rating changes nothing; and the ratings go with the day and
survive a snapshot."""

from __future__ import annotations

from datetime import timedelta

import msgspec
import pytest

from server import config as cfg
from server.core import commands as c
from server.core import errors as err
from server.core import events as ev
from server.core.centre import Centre
from server.core.feedback import changes_left, rateable
from server.core.model import Rating, State

FEEDBACK = """
[feedback]
change_min = 30
max_changes = 3
tablet_window_min = 5
"""


@pytest.fixture
def centre(kit) -> Centre:
    toml = kit.config_toml(counters={"c1": ["a"], "c2": ["a"]}) + FEEDBACK
    return Centre(cfg.loads(toml))


@pytest.fixture
def now(kit):
    return kit.riga(2026, 2, 10, 9, 0)


def phone(ticket: str, score: int = 4, reason: str | None = None) -> c.RateVisit:
    return c.RateVisit(ticket=ticket, counter=None, score=score, reason=reason, by="phone")


def tablet(counter: str | None, score: int = 5, reason: str | None = None) -> c.RateVisit:
    return c.RateVisit(ticket=None, counter=counter, score=score, reason=reason, by="tab1")


def served(kit, centre: Centre, now, counter: str = "c1") -> str:
    kit.take(centre, now)
    number = kit.serve(centre, counter, now)
    assert number is not None
    return number


def test_a_finished_visit_is_rated_with_its_counter_and_the_latest_rating_counts(kit, centre, now):
    number = served(kit, centre, now)
    (first,) = kit.run(centre, phone(number, 2, "waited_too_long"), now)
    assert first == ev.VisitRated(
        at=now, ticket=number, counter="c1", score=2, reason="waited_too_long", by="phone"
    )
    kit.run(centre, phone(number, 4), now + timedelta(minutes=1))
    assert centre.state.ratings[number] == Rating(score=4, reason=None, count=2)


def test_a_visit_that_has_not_ended_is_not_rateable(kit, centre, now):
    waiting = kit.take(centre, now)
    kit.rejected(centre, phone(waiting), now, err.NotRateable)
    called = kit.call(centre, "c1", now)
    assert called == waiting
    kit.rejected(centre, phone(called), now, err.NotRateable)
    assert not rateable(centre.config, centre.state, centre.state.tickets[called], now)
    kit.rejected(centre, phone("A999"), now, err.UnknownTicket)


def test_a_no_show_or_a_cancelled_ticket_had_no_visit_to_rate(kit, centre, now):
    cancelled = kit.take(centre, now)
    kit.run(centre, c.Cancel(ticket=cancelled, by="boss"), now)
    e = kit.rejected(centre, phone(cancelled, 1, "not_helped"), now, err.NotRateable)
    assert "not served" in e.message
    missed = kit.take(centre, now)
    kit.call(centre, "c2", now)
    kit.run(centre, c.NoShow(counter="c2", ticket=missed), now)
    kit.rejected(centre, phone(missed, 3), now, err.NotRateable)
    for number in (cancelled, missed):
        assert not rateable(centre.config, centre.state, centre.state.tickets[number], now)
    assert centre.state.ratings == {}
    # Nor does a counter's tablet give its rating to the no-show just marked there.
    (e,) = kit.run(centre, tablet("c2", 1), now)
    assert (e.ticket, e.counter) == (None, "c2")


def test_the_rating_closes_change_min_after_the_visit_ended(kit, centre, now):
    number = served(kit, centre, now)
    t = centre.state.tickets[number]
    kit.run(centre, phone(number, 5), now + timedelta(minutes=30))
    late = now + timedelta(minutes=30, seconds=1)
    assert not rateable(centre.config, centre.state, t, late)
    e = kit.rejected(centre, phone(number, 1), late, err.RatingClosed)
    assert "30 min" in e.message
    assert centre.state.ratings[number].score == 5


def test_at_most_max_changes_ratings_then_the_last_answer_stays(kit, centre, now):
    number = served(kit, centre, now)
    for score in (1, 2, 4):
        kit.run(centre, phone(number, score), now)
    assert not rateable(centre.config, centre.state, centre.state.tickets[number], now)
    kit.rejected(centre, phone(number, 5), now, err.RatingClosed)
    assert centre.state.ratings[number] == Rating(score=4, reason=None, count=3)


def test_a_reason_added_to_the_same_face_uses_no_change_but_a_changed_reason_does(kit, centre, now):
    number = served(kit, centre, now)
    kit.run(centre, phone(number, 2), now)
    kit.run(centre, phone(number, 2, "waited_too_long"), now)
    assert centre.state.ratings[number] == Rating(score=2, reason="waited_too_long", count=1)
    kit.run(centre, phone(number, 2, "other"), now)  # a second thought on the reason
    assert centre.state.ratings[number].count == 2
    kit.run(centre, phone(number, 1), now)
    assert centre.state.ratings[number] == Rating(score=1, reason=None, count=3)
    # Every change used up: the face stays, but it may still be given its reason, once.
    assert rateable(centre.config, centre.state, centre.state.tickets[number], now)
    kit.rejected(centre, phone(number, 3), now, err.RatingClosed)
    kit.run(centre, phone(number, 1, "not_helped"), now)
    assert not rateable(centre.config, centre.state, centre.state.tickets[number], now)
    kit.rejected(centre, phone(number, 1, "other"), now, err.RatingClosed)
    assert centre.state.ratings[number] == Rating(score=1, reason="not_helped", count=3)


def test_a_max_changes_lowered_below_what_was_used_leaves_none():
    had = Rating(score=2, reason="other", count=4)
    assert changes_left(cfg.FeedbackConfig(max_changes=2), had) == 0
    assert changes_left(cfg.FeedbackConfig(max_changes=5), had) == 1
    assert changes_left(cfg.FeedbackConfig(max_changes=5), None) == 5


def test_the_same_answer_again_changes_nothing_and_uses_no_change(kit, centre, now):
    number = served(kit, centre, now)
    kit.run(centre, phone(number, 4, "other"), now)
    assert kit.run(centre, phone(number, 4, "other"), now) == []
    assert centre.state.ratings[number].count == 1


def test_a_good_or_very_good_rating_keeps_no_reason(kit, centre, now):
    number = served(kit, centre, now)
    kit.run(centre, phone(number, 2, "waited_too_long"), now)
    (e,) = kit.run(centre, phone(number, 5, "waited_too_long"), now)
    assert (e.score, e.reason) == (5, None)
    assert centre.state.ratings[number] == Rating(score=5, reason=None, count=2)
    # Sent again with the reason, it is the same answer: nothing changes.
    assert kit.run(centre, phone(number, 5, "waited_too_long"), now) == []
    (e,) = kit.run(centre, tablet(None, 4, "other"), now)
    assert (e.score, e.reason) == (4, None)
    (e,) = kit.run(centre, tablet(None, 3, "other"), now)
    assert (e.score, e.reason) == (3, "other")


@pytest.mark.parametrize("score", [0, 6, -1, True])
def test_a_score_outside_one_to_five_changes_nothing(kit, centre, now, score):
    number = served(kit, centre, now)
    kit.rejected(centre, phone(number, score), now, err.BadScore)
    kit.rejected(centre, tablet("c1", score), now, err.BadScore)


def test_a_reason_the_centre_does_not_ask_about_changes_nothing(kit, centre, now):
    number = served(kit, centre, now)
    kit.rejected(centre, phone(number, 2, "rude"), now, err.UnknownReason)
    kit.rejected(centre, tablet("c1", 2, "rude"), now, err.UnknownReason)
    assert centre.state.ratings == {}


def test_a_tablet_rates_the_visit_just_finished_at_its_counter(kit, centre, now):
    earlier = served(kit, centre, now)
    latest = served(kit, centre, now + timedelta(minutes=1))
    served(kit, centre, now + timedelta(minutes=2), counter="c2")  # another counter's
    at = now + timedelta(minutes=6)  # 5 min after the latest finished: still in the window
    (e,) = kit.run(centre, tablet("c1", 2, "other"), at)
    assert e == ev.VisitRated(
        at=at, ticket=latest, counter="c1", score=2, reason="other", by="tab1"
    )
    assert earlier not in centre.state.ratings


def test_a_tablet_rating_is_anonymous_once_the_visit_was_rated_or_is_too_old(kit, centre, now):
    number = served(kit, centre, now)
    kit.run(centre, phone(number, 2), now)
    (again,) = kit.run(centre, tablet("c1", 5), now)
    assert (again.ticket, again.counter) == (None, "c1")
    assert centre.state.ratings[number] == Rating(score=2, reason=None, count=1)
    other = served(kit, centre, now, counter="c2")
    (late,) = kit.run(centre, tablet("c2", 4), now + timedelta(minutes=5, seconds=1))
    assert (late.ticket, late.counter) == (None, "c2")
    assert other not in centre.state.ratings


def test_a_tablet_without_a_counter_or_finished_visit_rates_anonymously(kit, centre, now):
    (nowhere,) = kit.run(centre, tablet(None, 3), now)
    assert (nowhere.ticket, nowhere.counter) == (None, None)
    (idle,) = kit.run(centre, tablet("c2", 3), now)
    assert (idle.ticket, idle.counter) == (None, "c2")
    assert centre.state.ratings == {}
    kit.rejected(centre, tablet("c9"), now, err.UnknownCounter)


def test_a_new_day_forgets_the_ratings(kit, centre, now):
    number = served(kit, centre, now)
    kit.run(centre, phone(number), now)
    kit.run(centre, c.RollDay(), now + timedelta(days=1))
    assert centre.state.ratings == {}


def test_ratings_survive_a_snapshot_and_an_old_snapshot_has_none(kit, centre, now):
    number = served(kit, centre, now)
    kit.run(centre, phone(number, 1, "not_helped"), now)
    again = msgspec.json.decode(msgspec.json.encode(centre.state), type=State)
    assert again.ratings == centre.state.ratings
    old = msgspec.json.decode(msgspec.json.encode(centre.state))
    del old["ratings"]  # as written before ratings existed
    assert msgspec.convert(old, State).ratings == {}
