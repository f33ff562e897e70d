"""`rinda demo` end to end: the real command in a pseudo-terminal, as someone types it.

Its screen is read back as text; clicks are the mouse reports a terminal would send. What is
checked is what a newcomer would notice: the three apps come up, a ticket taken on the kiosk
shows on the display, Ctrl+C (or a closed window, or `kill`) ends it leaving nothing behind,
two demos do not mix, `--dir` continues, and a taken port is a clear error.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from server.demo.drill import Texts, tap
from server.demo.terminal import Terminal
from tests.demo.display_table import waiting
from tests.demo.procs import alive, argv, descendants

TIMEOUT = 30.0  # one wait; the demo and its apps start in a few seconds, slower on busy CI
SIZE = (200, 50)  # side by side
TEXTS = Texts()
SERVICE = "Pensijas un sociālās apdrošināšanas pabalsti"  # service A, the kiosk's first
STOPPED = "rinda demo: stopped"
STOPPED_TEMPORARY = f"{STOPPED} (its temporary data is gone; --dir keeps it)"
DEMO = [sys.executable, "-m", "server.cli", "demo"]
NUMBER = re.compile(r"(?<!\w)A(\d+)(?!\w)")  # a ticket of service A (the only text like it)


@dataclass
class Demo:
    terminal: Terminal
    tmpdir: Path  # its TMPDIR: where a temporary demo folder goes
    procs: dict[int, str] = field(default_factory=dict)  # the server and apps, once up

    @property
    def pid(self) -> int:
        assert self.terminal.pid is not None
        return self.terminal.pid

    def temporary_folders(self) -> list[Path]:
        return sorted(self.tmpdir.glob("rinda-demo-*"))

    async def up(self) -> None:
        """Until the apps show their first screens (the manager's is behind Ctrl+N), the
        display with the live queue; then the demo's processes are noted."""
        await self.terminal.wait_for(TEXTS.kiosk_start, TIMEOUT)
        await self.terminal.wait_for(TEXTS.counter_sign_in, TIMEOUT)
        await self.displays_waiting(lambda n: n is not None)
        self.procs = descendants(self.pid)

    async def displays_waiting(self, check: Callable[[int | None], bool]) -> None:
        await self.terminal.wait_for(lambda _: check(waiting(self.terminal.lines())), TIMEOUT)

    def server_port(self) -> int:
        found = re.search(r"server ws://127\.0\.0\.1:(\d+)/ws", self.terminal.text())
        assert found is not None, self.terminal.text()
        return int(found.group(1))

    async def take_ticket(self) -> str:
        """A visitor taps the kiosk: the language, service A, no priority; the number the
        kiosk gives (shown in block letters and, under them, as text)."""
        for label in (TEXTS.kiosk_start, SERVICE, TEXTS.priority_no):
            await self.terminal.wait_for(label, TIMEOUT)
            tap(self.terminal, label)
        await self.terminal.wait_for(TEXTS.kiosk_ticket, TIMEOUT)
        await self.terminal.wait_for(lambda text: NUMBER.search(text) is not None, TIMEOUT)
        found = NUMBER.search(self.terminal.text())
        assert found is not None
        return found.group()

    async def ended(self) -> int:
        return await asyncio.wait_for(self.terminal.wait(), TIMEOUT)


StartDemo = Callable[..., Awaitable[Demo]]


@pytest.fixture
async def start_demo(tmp_path: Path) -> AsyncIterator[StartDemo]:
    """Start `rinda demo ARGS` in a 200x50 terminal. Whatever the test did, each demo is
    stopped after it, and any server or app it left running is killed."""
    demos: list[Demo] = []

    async def start(*args: str) -> Demo:
        tmpdir = tmp_path / f"tmp{len(demos)}"
        tmpdir.mkdir()
        terminal = Terminal(
            [*DEMO, *args], columns=SIZE[0], lines=SIZE[1], env={"TMPDIR": str(tmpdir)}
        )
        demo = Demo(terminal, tmpdir)
        demos.append(demo)
        await terminal.start()
        return demo

    try:
        yield start
    finally:
        for demo in demos:
            await demo.terminal.stop(timeout=TIMEOUT)
            for pid in [p for p, started in demo.procs.items() if alive(p, started)]:
                os.kill(pid, signal.SIGKILL)


def press_ctrl_c(demo: Demo) -> None:
    demo.terminal.write(b"\x03")


def close_window(demo: Demo) -> None:
    os.kill(demo.pid, signal.SIGHUP)


def kill(demo: Demo) -> None:
    os.kill(demo.pid, signal.SIGTERM)


@pytest.mark.parametrize("stop", [press_ctrl_c, kill, close_window])
async def test_the_demo_ends_cleanly_and_leaves_nothing_behind(start_demo, stop):
    demo = await start_demo()
    await demo.up()
    # Its own server and the five real apps (two displays: the waiting room's and the window
    # display above counter 1), on the port the info bar shows.
    programs = sorted(argv(pid)[4] for pid in demo.procs if "server.cli" in argv(pid))
    assert programs == ["counter", "display", "display", "kiosk", "manager", "serve"]
    (folder,) = demo.temporary_folders()
    assert (folder / "rinda.db").exists()
    assert "data in a temporary folder" in demo.terminal.text()
    # Visitors booked for the next slots, their codes over the kiosk to check in with.
    assert re.search(r"booked, check in: [2-9A-Z]{6} \(\d\d:\d\d\)", demo.terminal.text())
    port = demo.server_port()
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT):
        pass

    stop(demo)

    assert await demo.ended() == 0
    await demo.terminal.wait_for(STOPPED_TEMPORARY, TIMEOUT)
    assert "Traceback" not in demo.terminal.text()
    assert not demo.temporary_folders()
    assert not any(alive(pid, started) for pid, started in demo.procs.items())


async def exited(pidfd: int) -> None:
    """Until the process of `pidfd` has exited (the descriptor turns readable then)."""
    gone = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_reader(pidfd, gone.set)
    try:
        await asyncio.wait_for(gone.wait(), TIMEOUT)
    finally:
        loop.remove_reader(pidfd)
        os.close(pidfd)


async def test_a_demo_killed_outright_takes_its_server_and_apps_with_it(start_demo):
    demo = await start_demo()
    await demo.up()
    left = [pid for pid in demo.procs if "server.cli" in argv(pid)]
    assert len(left) == 6  # the server and the five apps (the window display the fifth)
    # Held before the kill: once a process has exited and been reaped, its pid is no handle.
    pidfds = [os.pidfd_open(pid) for pid in left]

    os.kill(demo.pid, signal.SIGKILL)  # no chance to clean up: the kernel must do it

    await asyncio.gather(*(exited(fd) for fd in pidfds))
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", demo.server_port()), timeout=TIMEOUT).close()


async def test_two_demos_at_once_have_their_own_server_and_data(start_demo):
    first, second = await start_demo(), await start_demo()
    await asyncio.gather(first.up(), second.up())
    assert first.server_port() != second.server_port()
    assert first.temporary_folders() != second.temporary_folders()

    number = await first.take_ticket()
    await first.displays_waiting(lambda n: n == 1)
    assert waiting(second.terminal.lines()) == 0

    # The second demo's day is its own: it gives the same first number, its only visitor.
    assert await second.take_ticket() == number
    await second.displays_waiting(lambda n: n == 1)
    assert waiting(first.terminal.lines()) == 1


async def test_dir_keeps_the_data_and_the_next_run_continues_the_day(start_demo, tmp_path):
    kept = tmp_path / "kept"
    first = await start_demo("--dir", str(kept))
    await first.up()
    assert f"data kept in {kept} ·" in first.terminal.text()
    number = await first.take_ticket()
    await first.displays_waiting(lambda n: n == 1)
    press_ctrl_c(first)
    assert await first.ended() == 0
    await first.terminal.wait_for(STOPPED, TIMEOUT)
    assert "temporary data is gone" not in first.terminal.text()
    assert (kept / "rinda.db").exists()
    assert not first.temporary_folders()

    second = await start_demo("--dir", str(kept))
    await second.up()
    assert f"data kept in {kept}, continued from the last run" in second.terminal.text()
    # The visitor from the first run is still waiting.
    await second.displays_waiting(lambda n: n == 1)
    # The kiosk goes on with the next number; the new visitor queues behind.
    following = await second.take_ticket()
    assert int(following[1:]) == int(number[1:]) + 1
    await second.displays_waiting(lambda n: n == 2)
    press_ctrl_c(second)
    assert await second.ended() == 0
    assert (kept / "rinda.db").exists()


async def test_a_taken_port_is_a_clear_error(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = await asyncio.create_subprocess_exec(
            *DEMO, "--port", str(port),
            env={**os.environ, "TMPDIR": str(tmp_path)},
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            out, err = await asyncio.wait_for(proc.communicate(), TIMEOUT)
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()

    assert proc.returncode == 2
    message = err.decode()
    assert message.startswith(f"rinda demo: cannot listen on 127.0.0.1:{port}")
    assert "--port" in message
    assert "Traceback" not in message and 'File "' not in message
    assert out == b""
    assert not list(tmp_path.glob("rinda-demo-*"))
