"""Visitors who join the queue from home in a simulation (server/sim/joining.py): they join
and check in through the real core, are passed over while not here, lapse when they never
come, and their waits are reported apart from the walk-ins'. Small days: one morning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from server.config import ConfigError
from server.sim.engine import Scenario, simulate
from server.sim.loop import Loop
from server.sim.scenario import load
from server.sim.stats import summarise
from tests.sim.worlds import THURSDAY, scenario_dir, simulate_cli

GRACE_MIN = 5
REMOTE = f"""
[remote]
enabled = true
grace_min = {GRACE_MIN}
"""


def _scenario(
    tmp_path: Path, joining: str, policy: str | None = None, remote: bool = True
) -> Scenario:
    """Thursday 09:00-12:00, taxes at counters 1 and 3: 20 visitors an hour, 5 min each."""
    body = f"""
start = {THURSDAY}
days = 1
[priorities]
senior = 0.2
[[services]]
id = "tax"
per_hour = 20
service_min = 5
[remote]
{joining}
"""
    path = scenario_dir(tmp_path, body, extra=REMOTE if remote else "")
    return load(str(path), policy=policy).scenario


def test_remote_visitors_join_and_check_in_through_the_core(tmp_path: Path) -> None:
    sc = _scenario(tmp_path, "share = 0.5\ncheckin_delay_min = 10\ndelay_cv = 0")
    loop = Loop(sc, 3, [])
    run = loop.run()
    remote = [v for v in run.visits if v.remote]
    assert remote and [v for v in run.visits if v.kind == "walk-in"]
    # Those with a priority show it at the kiosk: they come in person.
    assert all(v.priority is None for v in remote)
    assert [v for v in run.visits if v.kind == "priority"]
    checked_in = [v for v in remote if v.arrived_at is not None]
    assert checked_in
    for v in remote:
        ticket = loop.centre.state.tickets[v.number]
        assert ticket.remote and ticket.code
        assert (ticket.arrived_at is not None) == (v.arrived_at is not None)
        if v.arrived_at is not None:
            # A fixed delay of 10 min from joining to the kiosk.
            assert v.arrived_at == pytest.approx(v.taken_at + 600)
        if v.called_at is not None:
            # Never called while not here.
            assert v.arrived_at is not None and v.called_at >= v.arrived_at


def test_remote_visitors_who_never_come_are_passed_over_and_lapse(tmp_path: Path) -> None:
    sc = _scenario(tmp_path, "share = 0.5\nnever_come = 1.0")
    loop = Loop(sc, 4, [])
    run = loop.run()
    remote = [v for v in run.visits if v.remote]
    passed = [v for v in remote if v.passed_at is not None]
    assert passed
    assert all(v.called_at is None and v.arrived_at is None for v in remote)
    for v in passed:
        # The server's tick lapses the place once the grace after the pass has ended.
        assert v.lapsed
        ticket = loop.centre.state.tickets[v.number]
        assert ticket.status == "no_show"
        assert ticket.ended_at is not None
        lapsed_s = loop.clock.seconds(ticket.ended_at)
        # (The instant in the core is a datetime: to the microsecond.)
        assert GRACE_MIN * 60 < lapsed_s - v.passed_at <= GRACE_MIN * 60 + 10 + 1e-3
    # Nobody came: nobody came late either.
    assert run.remote_late == {}
    summary = summarise(run, sc, "remote", 4)
    # Lapsed is not "not called": that is those still waiting (here, not come) at closing.
    row = next(r for r in summary.waits if (r.service, r.kind) == ("tax", "remote"))
    assert row.served == 0
    assert row.not_called == len(remote) - len(passed)
    assert summary.remote[-1].service == "all"
    assert summary.remote[-1].lapsed == len(passed)
    assert summary.remote[-1].joined == len(remote)
    assert summary.remote[-1].checked_in == 0


def test_a_visitor_who_comes_after_the_place_lapsed_takes_a_walk_in_ticket(
    tmp_path: Path,
) -> None:
    sc = _scenario(tmp_path, "share = 0.5\ncheckin_delay_min = 30\ndelay_cv = 0")
    run = simulate(sc, 5)
    lapsed = [v for v in run.visits if v.lapsed]
    assert lapsed
    assert sum(run.remote_late.values()) == len(lapsed)
    walk_ins = [w for w in run.visits if w.kind == "walk-in"]
    for v in lapsed:
        # The same visitor, at the kiosk 30 min after joining, with the same visit.
        assert any(
            w.taken_at == pytest.approx(v.taken_at + 1800) and w.length_s == v.length_s
            for w in walk_ins
        )


def test_walk_ins_and_remote_visitors_waits_are_reported_apart(tmp_path: Path) -> None:
    sc = _scenario(tmp_path, "share = 0.5\ncheckin_delay_min = 10\nnever_come = 0.2")
    run = simulate(sc, 6)
    summary = summarise(run, sc, "remote", 6)
    rows = {(r.service, r.kind): r for r in summary.waits}
    walk_ins = [v for v in run.visits if v.kind == "walk-in" and v.called_at is not None]
    remote = [v for v in run.visits if v.remote and v.called_at is not None]
    assert walk_ins and remote
    walk_in_row = rows[("tax", "walk-in")]
    assert walk_in_row.served + walk_in_row.no_shows == len(walk_ins)
    remote_row = rows[("tax", "remote")]
    assert remote_row.served + remote_row.no_shows == len(remote)
    here = [v.called_at - v.arrived_at for v in remote if not v.no_show and v.arrived_at]
    assert remote_row.mean_s == pytest.approx(sum(here) / len(here))
    # From joining, they waited at home too.
    (tax, everyone) = summary.remote
    from_join = [v.called_at - v.taken_at for v in remote]
    assert tax.mean_from_join_s == pytest.approx(sum(from_join) / len(from_join))
    assert tax.mean_from_join_s is not None and remote_row.mean_s is not None
    assert tax.mean_from_join_s > remote_row.mean_s
    assert everyone.joined == tax.joined == len([v for v in run.visits if v.remote])


def test_a_seed_reproduces_a_run_and_every_policy_meets_the_same_visitors(
    tmp_path: Path,
) -> None:
    joining = "share = 0.4\ncheckin_delay_min = 15\nnever_come = 0.2"

    def run(seed: int, policy: str = "fifo") -> list[tuple[object, ...]]:
        visits = simulate(_scenario(tmp_path, joining, policy), seed).visits
        return [
            (v.number, v.taken_at, v.remote, v.called_at, v.arrived_at, v.lapsed) for v in visits
        ]

    first = run(7)
    assert any(v[2] for v in first)
    assert first == run(7)
    assert first != run(8)
    # Under another policy, the same people join from home when they did.
    strict = run(7, "strict")
    assert sorted((v[1], v[2]) for v in first if v[2]) == sorted(
        (v[1], v[2]) for v in strict if v[2]
    )


def test_a_share_needs_a_centre_that_takes_remote_tickets(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as e:
        _scenario(tmp_path, "share = 0.3", remote=False)
    assert "remote.share = 0.3: the centre takes no one from home" in str(e.value)
    # Remote joining for social services only; the scenario's visitors want taxes.
    only_social = REMOTE + 'services = ["social"]\n'
    body = f'start = {THURSDAY}\n[[services]]\nid = "tax"\nper_hour = 6\n[remote]\nshare = 0.3\n'
    with pytest.raises(ConfigError) as e:
        load(str(scenario_dir(tmp_path, body, extra=only_social)))
    assert "its [remote] services list none of this scenario's services" in str(e.value)
    with pytest.raises(ConfigError) as e:
        _scenario(tmp_path, "share = 2\nnever_come = -1\ncheckin_delay_min = 0\ndelay_cv = 0.5")
    text = str(e.value)
    assert "4 problems:" in text
    for key in ("remote.share", "remote.never_come", "remote.checkin_delay_min"):
        assert key in text
    assert "remote.delay_cv = 0.5: an exponential delay has cv 1" in text
    # No share, no remote visitors: the same run as without the table.
    assert _scenario(tmp_path, "never_come = 0.5").remote is None


def test_the_command_shows_remote_visitors_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _scenario(tmp_path, "checkin_delay_min = 10")
    path = str(tmp_path / "scenario.toml")
    code, out, err = simulate_cli(capsys, path, "--remote", "0.5", "--estimators", "naive")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert "a remote visitor's from their check-in" in lines[3]
    assert any(line.split()[:2] == ["tax", "walk-in"] for line in lines)
    assert any(line.split()[:2] == ["tax", "remote"] for line in lines)
    joined = lines.index("Joined from home")
    assert lines[joined + 1].split()[:3] == ["service", "joined", "refused"]
    assert lines[joined + 4].split()[:2] == ["all", "services"]
    # The estimators' section still follows, with remote visitors a class of their own.
    estimators = lines.index("Estimators: told at issue against the wait that followed")
    classes = [line.split()[1] for line in lines[estimators + 3 :]]
    assert classes[-2:] == ["remote", "all"]

    code, out, _ = simulate_cli(capsys, path, "--remote", "0.5", "--estimators", "none", "--json")
    figures = json.loads(out)
    kinds = {r["kind"] for r in figures["waits"] if r["service"] == "tax"}
    assert kinds == {"walk-in", "priority", "remote"}
    everyone = figures["remote"][-1]
    assert everyone["service"] == "all" and everyone["joined"] > 0
    assert set(everyone) >= {"refused", "checked_in", "passed", "lapsed", "came_late"}
    # Without the option the scenario's share (none) holds: nothing of the kind.
    code, out, _ = simulate_cli(capsys, path, "--estimators", "none", "--json")
    assert json.loads(out)["remote"] == []
    # A shipped centre that does not take remote tickets: one line, exit status 2.
    code, out, err = simulate_cli(capsys, "small_office", "--remote", "0.3")
    assert (code, out, err.count("\n")) == (2, "", 1)
    assert "remote.share = 0.3: the centre takes no one from home: set enabled = true" in err
