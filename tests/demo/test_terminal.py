"""Terminal: a real child process in a pty, its screen read back through pyte."""

from __future__ import annotations

import os
import signal
import sys
import textwrap
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pyte
import pytest
from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual._xterm_parser import XTermParser

from server.demo.screen_render import row_segments
from server.demo.terminal import Terminal, TerminalExited, key_bytes, mouse_bytes

TIMEOUT = 15.0


def python(source: str) -> list[str]:
    return [sys.executable, "-c", textwrap.dedent(source)]


@pytest.fixture
async def spawn() -> AsyncIterator[Callable[..., Awaitable[Terminal]]]:
    """Start `python -c source` in a Terminal; every child is stopped when the test ends."""
    started: list[Terminal] = []

    async def start(source: str, **options: Any) -> Terminal:
        terminal = Terminal(python(source), **options)
        started.append(terminal)
        await terminal.start()
        return terminal

    yield start
    for terminal in started:
        await terminal.stop()


# A child that switches its terminal to raw mode and echoes the repr of every read.
ECHO_KEYS = """
    import os, tty
    tty.setraw(0)
    os.write(1, b"ready\\r\\n")
    while True:
        os.write(1, repr(os.read(0, 1024)).encode() + b"\\r\\n")
"""


async def test_coloured_output_comes_out_as_characters_and_rich_styles(spawn):
    terminal = await spawn(
        r"""
        print("\x1b[1;31mred\x1b[0m \x1b[38;2;1;2;3;43mrgb\x1b[0m \x1b[7;4mrev\x1b[0m ā中x!")
        input()
        """,
        columns=30,
        lines=3,
    )
    await terminal.wait_for("!", TIMEOUT)

    assert terminal.lines()[0] == "red rgb rev ā中x!"
    segments = row_segments(terminal.screen.buffer[0], terminal.screen.columns)
    plain = Style(bold=False, italic=False, underline=False, strike=False, reverse=False)
    plain += Style(blink=False)
    assert segments == [
        Segment("red", plain + Style(color="red", bold=True)),
        Segment(" ", plain),
        Segment("rgb", plain + Style(color=Color.from_rgb(1, 2, 3), bgcolor="yellow")),
        Segment(" ", plain),
        Segment("rev", plain + Style(reverse=True, underline=True)),
        # The wide 中 covers two columns; the row is still exactly 30 cells wide.
        Segment(" ā中x!" + " " * 13, plain),
    ]
    assert sum(segment.cell_length for segment in segments) == 30


def test_pyte_colour_names_become_rich_colours():
    screen = pyte.Screen(10, 1)
    pyte.ByteStream(screen).feed(b"\x1b[33;104mA\x1b[93;40mB\x1b[38;5;196mC")

    styles = [segment.style for segment in row_segments(screen.buffer[0], 3)]

    assert styles[0] is not None and styles[1] is not None and styles[2] is not None
    assert (styles[0].color, styles[0].bgcolor) == (
        Color.parse("yellow"),
        Color.parse("bright_blue"),
    )
    assert (styles[1].color, styles[1].bgcolor) == (
        Color.parse("bright_yellow"),
        Color.parse("black"),
    )
    assert styles[2].color == Color.parse("#ff0000")


async def test_keys_reach_a_raw_mode_child_as_xterm_bytes(spawn):
    terminal = await spawn(ECHO_KEYS)
    await terminal.wait_for("ready", TIMEOUT)

    for key, character, expected in [
        ("enter", "\r", b"\r"),
        ("f5", None, b"\x1b[15~"),
        ("ā", "ā", "ā".encode()),
        ("ctrl+x", "\x18", b"\x18"),
        ("shift+tab", None, b"\x1b[Z"),
    ]:
        data = key_bytes(key, character)
        assert data is not None
        terminal.write(data)
        await terminal.wait_for(repr(expected), TIMEOUT)


@pytest.mark.parametrize(
    ("key", "character"),
    [
        ("enter", "\r"),
        ("tab", "\t"),
        ("shift+tab", None),
        ("escape", "\x1b"),
        ("backspace", "\x7f"),
        ("space", " "),
        ("up", None),
        ("ctrl+left", None),
        ("shift+end", None),
        ("home", None),
        ("pagedown", None),
        ("ctrl+pageup", None),
        ("delete", None),
        ("insert", None),
        ("f1", None),
        ("f4", None),
        ("ctrl+f4", None),
        ("f12", None),
        ("ctrl+a", "\x01"),
        ("ctrl+x", "\x18"),
        ("ctrl+z", None),
        ("a", "a"),
        ("ā", "ā"),
        ("ж", "ж"),
        ("alt+x", "x"),
    ],
)
def test_a_textual_app_reads_key_bytes_back_as_the_same_key(key, character):
    data = key_bytes(key, character)
    assert data is not None

    parser = XTermParser()
    parsed = [*parser.feed(data.decode()), *parser.feed("")]

    assert [event.key for event in parsed if isinstance(event, events.Key)] == [key]


def test_keys_without_a_terminal_sequence_give_none():
    assert key_bytes("super+up", None) is None
    assert key_bytes("unknown", None) is None


@pytest.mark.parametrize(
    ("kind", "button", "event_type"),
    [
        ("down", 1, events.MouseDown),
        ("up", 1, events.MouseUp),
        ("down", 3, events.MouseDown),
        ("move", 0, events.MouseMove),
        ("move", 1, events.MouseMove),
        ("scroll_up", 0, events.MouseScrollUp),
        ("scroll_down", 0, events.MouseScrollDown),
    ],
)
def test_a_textual_app_reads_mouse_bytes_back_as_the_same_event(kind, button, event_type):
    data = mouse_bytes(kind, button, 7, 3, ctrl=True)
    assert data.startswith(b"\x1b[<")

    parsed = [*XTermParser().feed(data.decode())]

    assert len(parsed) == 1
    event = parsed[0]
    assert type(event) is event_type
    assert isinstance(event, events.MouseEvent)
    assert (event.x, event.y, event.button, event.ctrl, event.shift) == (7, 3, button, True, False)


async def test_resize_reaches_the_child_as_sigwinch(spawn):
    terminal = await spawn(
        """
        import os, signal
        def show(*_):
            print("size", *os.get_terminal_size(), flush=True)
        signal.signal(signal.SIGWINCH, show)
        show()
        while True:
            signal.pause()
        """,
        columns=80,
        lines=24,
    )
    await terminal.wait_for("size 80 24", TIMEOUT)

    terminal.resize(100, 30)

    await terminal.wait_for("size 100 30", TIMEOUT)
    assert len(terminal.lines()) == 30


async def test_the_child_has_the_pty_as_its_controlling_terminal_in_its_own_session(spawn):
    terminal = await spawn(
        """
        import os
        with open("/dev/tty") as tty:  # only opens for a process with a controlling terminal
            pass
        me = os.getpid()
        print("own session", os.getsid(0) == me, "foreground", os.tcgetpgrp(0) == me)
        print("env", os.environ["TERM"], os.environ["COLORTERM"], os.environ["RINDA_PANE"])
        input()
        """,
        env={"RINDA_PANE": "kiosk"},
    )

    await terminal.wait_for("env xterm-256color truecolor kiosk", TIMEOUT)

    assert "own session True foreground True" in terminal.text()
    assert terminal.pid is not None
    assert os.getsid(terminal.pid) != os.getsid(0)  # a Ctrl+C at our terminal cannot reach it


async def test_exit_is_noticed_with_its_last_output_and_no_fd_is_left_open(spawn):
    open_before = sorted(os.listdir("/proc/self/fd"))
    terminal = await spawn("print('bye'); raise SystemExit(3)")

    assert await terminal.wait() == 3

    assert terminal.returncode == 3
    assert terminal.lines()[0] == "bye"
    assert sorted(os.listdir("/proc/self/fd")) == open_before
    terminal.write(b"ignored: the child has gone")
    assert await terminal.stop() == 3


async def test_wait_for_fails_fast_when_the_child_exits_showing_its_screen(spawn):
    terminal = await spawn("print('something broke'); raise SystemExit(1)")

    with pytest.raises(TerminalExited, match="something broke"):
        await terminal.wait_for("never shown", TIMEOUT)


async def test_wait_for_times_out_showing_the_screen(spawn):
    terminal = await spawn("print('still starting'); input()")
    await terminal.wait_for("still starting", TIMEOUT)

    with pytest.raises(TimeoutError, match="still starting"):
        await terminal.wait_for(lambda text: "ready" in text, 0.2)


async def test_stop_ends_a_child_with_sigterm(spawn):
    terminal = await spawn(ECHO_KEYS)
    await terminal.wait_for("ready", TIMEOUT)

    assert await terminal.stop() == -signal.SIGTERM
    assert await terminal.stop() == -signal.SIGTERM


async def test_stop_kills_a_child_that_ignores_sigterm(spawn):
    terminal = await spawn(
        """
        import signal
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        print("ignoring SIGTERM", flush=True)
        while True:
            signal.pause()
        """
    )
    await terminal.wait_for("ignoring SIGTERM", TIMEOUT)

    assert await terminal.stop(timeout=0.5) == -signal.SIGKILL


async def test_a_large_write_never_blocks_and_arrives_whole(spawn):
    terminal = await spawn(
        """
        import os, signal, tty
        tty.setraw(0)
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})
        os.write(1, b"ready\\r\\n")
        signal.sigwait({signal.SIGUSR1})  # not reading yet: the pty fills, the parent must buffer
        got = 0
        while got < 200_000:
            got += len(os.read(0, 65536))
        os.write(1, b"got %d\\r\\n" % got)
        input()
        """
    )
    await terminal.wait_for("ready", TIMEOUT)

    terminal.write(b"x" * 200_000)
    assert terminal.pid is not None
    os.kill(terminal.pid, signal.SIGUSR1)

    await terminal.wait_for("got 200000", TIMEOUT)
