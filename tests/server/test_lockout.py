"""The sign-in lockout on its own: pure, times come in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from server.net.lockout import Lock, PinLockout, Refusal

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)


def _lockout() -> PinLockout:
    return PinLockout(attempts=5, lockout=5 * MIN)


def _wrong(lo: PinLockout, counter: str, clerk: str, now: datetime, times: int) -> list[Lock]:
    locks: list[Lock] = []
    for _ in range(times):
        assert lo.refusal(counter, clerk, now) is None
        locks += lo.attempt(counter, clerk, now)
    return locks


def test_five_wrong_in_a_row_lock_that_pair_only() -> None:
    lo = _lockout()
    assert _wrong(lo, "1", "anna", T0, 4) == []
    assert _wrong(lo, "1", "anna", T0, 1) == [Lock("1", "anna", 5 * MIN, False, 1)]
    assert lo.refusal("1", "anna", T0) == Refusal(300, whole_counter=False)
    assert lo.refusal("1", "anna", T0 + 4 * MIN + timedelta(seconds=1)) == Refusal(59, False)
    assert lo.refusal("2", "anna", T0) is None
    assert lo.refusal("1", "ben", T0) is None
    assert lo.refusal("1", "anna", T0 + 5 * MIN) is None


def test_a_success_in_between_starts_the_count_again() -> None:
    lo = _lockout()
    _wrong(lo, "1", "anna", T0, 4)
    lo.attempt("1", "anna", T0)
    lo.succeeded("1", "anna")
    assert _wrong(lo, "1", "anna", T0, 4) == []
    assert lo.refusal("1", "anna", T0) is None


def test_each_lockout_of_a_pair_doubles_up_to_eight_hours() -> None:
    lo = PinLockout(attempts=5, lockout=5 * MIN, budget=1000)
    now, lengths = T0, []
    for _ in range(9):
        (lock,) = _wrong(lo, "1", "anna", now, 5)
        lengths.append(lock.minutes)
        now += lock.length
    assert lengths == [5, 10, 20, 40, 80, 160, 320, 480, 480]
    lo.attempt("1", "anna", now)
    lo.succeeded("1", "anna")
    assert _wrong(lo, "1", "anna", now, 5)[0].minutes == 5


def test_a_lockout_longer_than_the_cap_is_kept() -> None:
    lo = PinLockout(attempts=1, lockout=timedelta(hours=10))
    assert [lk.length for lk in _wrong(lo, "1", "anna", T0, 1)] == [timedelta(hours=10)]


def test_the_counter_budget_is_ten_then_one_every_half_hour_for_any_clerk() -> None:
    lo = _lockout()
    locks = []
    for i in range(10):
        locks += _wrong(lo, "1", f"id{i}", T0, 1)
    assert locks == [Lock("1", "id9", 30 * MIN, True)]
    for clerk in ("anna", "id0", "never-seen"):
        assert lo.refusal("1", clerk, T0) == Refusal(1800, whole_counter=True)
    assert lo.refusal("2", "anna", T0) is None
    assert lo.refusal("1", "anna", T0 + 29 * MIN) == Refusal(60, True)
    now = T0 + 30 * MIN
    assert _wrong(lo, "1", "anna", now, 1) == [Lock("1", "anna", 30 * MIN, True)]
    assert lo.refusal("1", "anna", now) == Refusal(1800, True)
    # Five hours without a try: the whole budget is back, and no more.
    now += timedelta(hours=5, minutes=30)
    assert [lk for i in range(9) for lk in _wrong(lo, "1", f"x{i}", now, 1)] == []
    assert _wrong(lo, "1", "y", now, 1)[0].whole_counter


def test_a_right_pin_gives_its_budget_back() -> None:
    lo = _lockout()
    for i in range(9):
        _wrong(lo, "1", f"id{i}", T0, 1)
    assert lo.attempt("1", "anna", T0) == [Lock("1", "anna", 30 * MIN, True)]
    lo.succeeded("1", "anna")
    assert lo.refusal("1", "ben", T0) is None


def test_tries_racing_in_are_all_counted_before_their_pins_are_checked() -> None:
    lo = _lockout()
    for _ in range(5):
        lo.attempt("1", "anna", T0)  # five connections, none answered yet
    assert lo.refusal("1", "anna", T0) == Refusal(300, False)


def test_memory_keeps_the_newest_clerk_ids_per_counter() -> None:
    lo = PinLockout(attempts=2, lockout=5 * MIN, budget=10_000, per_counter=3)
    _wrong(lo, "1", "anna", T0, 2)  # locked
    for clerk in ("b", "c", "d"):
        _wrong(lo, "1", clerk, T0, 1)
    assert lo.refusal("1", "anna", T0) is None  # forgotten: the three newest are kept
    assert _wrong(lo, "1", "d", T0, 1)[0].clerk == "d"  # "d" was remembered
    assert len(lo._counters["1"].pairs) == 3
