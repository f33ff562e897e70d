"""A program running in a pseudo-terminal, its screen kept by pyte.

`rinda demo` draws three of these side by side (see `pane.py`); the fault drill drives them
headless and reads their screens as text. Nothing here imports Textual, so the drill can use it
without an app. `key_bytes` and `mouse_bytes` turn Textual's key and mouse events into the bytes
an xterm would send, which is what a Textual app running in the child parses.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import signal
import struct
import sys
import termios
from collections.abc import Callable, Mapping
from typing import Any, Literal

import pyte

# Runs in the child before the real program. start_new_session has made the child a session
# leader with no controlling terminal; TIOCSCTTY makes the pty its controlling terminal, so the
# kernel delivers SIGWINCH on resize and the program can open /dev/tty. The exec keeps the pid.
# A preexec_fn could do the same, but it is unsafe in a parent with threads, and Textual has some.
_ADOPT_TTY = (
    "import fcntl,os,sys,termios;"
    "fcntl.ioctl(0,termios.TIOCSCTTY,0);"
    "os.execvp(sys.argv[1],sys.argv[1:])"
)

# Textual pops its kitty keyboard flags with CSI < u when it exits. pyte takes the "<" for the
# final byte and draws the "u" as text, so the last screen of every Textual child would show a
# stray "u". Textual writes the sequence in one piece; a read splitting it only costs that "u".
_KITTY_POP = b"\x1b[<u"


class TerminalExited(Exception):
    """The child exited before its screen showed what was being waited for."""


class Terminal:
    """A child process in a pseudo-terminal; its screen kept by pyte.

    The child runs in its own session with the pty as its controlling terminal, so a Ctrl+C
    typed at the parent's terminal never reaches it, and `resize` reaches it as SIGWINCH.
    `on_change` is called after each chunk of output has been applied to `screen`.
    """

    def __init__(
        self,
        argv: list[str],
        *,
        columns: int = 80,
        lines: int = 24,
        env: Mapping[str, str] | None = None,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self.argv = list(argv)
        # COLUMNS/LINES from the parent's shell would override the pty size in the child.
        base = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        self.env = {**base, "TERM": "xterm-256color", "COLORTERM": "truecolor", **(env or {})}
        self.screen: Any = pyte.Screen(columns, lines)
        self._stream: Any = pyte.ByteStream(self.screen)
        self._on_change = on_change
        self._process: asyncio.subprocess.Process | None = None
        self._master: int | None = None
        self._pending = bytearray()
        self._changed = asyncio.Event()
        self._exit: asyncio.Task[int] | None = None

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    @property
    def returncode(self) -> int | None:
        """The exit status once the child has exited (negative: killed by that signal)."""
        return None if self._process is None else self._process.returncode

    @property
    def started(self) -> bool:
        return self._process is not None

    async def start(self) -> None:
        if self._process is not None:
            raise RuntimeError("terminal already started")
        master, slave = os.openpty()  # both non-inheritable: the child only gets the slave as 0-2
        try:
            _set_size(master, self.screen.columns, self.screen.lines)
            self._process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-I",
                "-S",
                "-c",
                _ADOPT_TTY,
                *self.argv,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=self.env,
                start_new_session=True,
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        os.set_blocking(master, False)
        self._master = master
        asyncio.get_running_loop().add_reader(master, self._read)
        self._exit = asyncio.create_task(self._watch_exit())

    def write(self, data: bytes) -> None:
        """Send input to the child; never blocks. Input after the child has exited is dropped."""
        if self._process is None:
            raise RuntimeError("terminal not started")
        if self._master is None or not data:
            return
        if self._pending:
            self._pending += data
            return
        try:
            written = os.write(self._master, data)
        except BlockingIOError:
            written = 0
        except OSError:  # EIO: the child has gone; the exit watcher closes the pty
            return
        if written < len(data):
            self._pending += data[written:]
            asyncio.get_running_loop().add_writer(self._master, self._flush)

    def resize(self, columns: int, lines: int) -> None:
        columns, lines = max(columns, 1), max(lines, 1)
        if (columns, lines) == (self.screen.columns, self.screen.lines):
            return
        self.screen.resize(lines, columns)
        if self._master is not None:
            _set_size(self._master, columns, lines)  # the kernel sends the child SIGWINCH

    def lines(self) -> list[str]:
        """The screen as plain text, one string per row, trailing blanks trimmed."""
        return [row.rstrip() for row in self.screen.display]

    def text(self) -> str:
        return "\n".join(self.lines())

    async def wait_for(self, what: str | Callable[[str], bool], timeout: float) -> None:
        """Wait until the screen text contains `what` (or `what(text)` is true).

        Raises TimeoutError, or TerminalExited if the child exits first; both carry the screen.
        """
        matches = what if callable(what) else (lambda text: what in text)
        try:
            async with asyncio.timeout(timeout):
                while not matches(self.text()):
                    if self._exit is not None and self._exit.done():
                        raise TerminalExited(
                            f"child exited ({self.returncode}) before {what!r} showed;"
                            f" screen:\n{self.text().rstrip()}"
                        )
                    await self._changed.wait()
        except TimeoutError:
            raise TimeoutError(
                f"{what!r} not on screen after {timeout} s; screen:\n{self.text().rstrip()}"
            ) from None

    async def wait(self) -> int:
        """Wait for the child to exit and its last output to reach the screen; its exit status."""
        if self._exit is None:
            raise RuntimeError("terminal not started")
        return await asyncio.shield(self._exit)

    async def stop(self, timeout: float = 5.0) -> int | None:
        """End the child: SIGTERM to its process group, SIGKILL after `timeout`. Idempotent."""
        if self._process is None or self._exit is None:
            return None
        if not self._exit.done():
            self._signal(signal.SIGTERM)
            try:
                async with asyncio.timeout(timeout):
                    return await self.wait()
            except TimeoutError:
                self._signal(signal.SIGKILL)
        return await self.wait()

    def _signal(self, signum: int) -> None:
        assert self._process is not None
        if self._process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._process.pid, signum)  # the child leads its own process group

    def _read(self) -> None:
        assert self._master is not None
        try:
            data = os.read(self._master, 65536)
        except BlockingIOError:
            return
        except OSError:  # EIO: every copy of the slave is closed, the child has gone
            data = b""
        if not data:
            asyncio.get_running_loop().remove_reader(self._master)
            return
        self._stream.feed(data.replace(_KITTY_POP, b""))
        self._notify()

    def _flush(self) -> None:
        assert self._master is not None
        try:
            written = os.write(self._master, self._pending)
        except BlockingIOError:
            return
        except OSError:
            written = len(self._pending)
        del self._pending[:written]
        if not self._pending:
            asyncio.get_running_loop().remove_writer(self._master)

    def _notify(self) -> None:
        # Wake every wait_for at once, then give later waiters a fresh event.
        self._changed.set()
        self._changed = asyncio.Event()
        if self._on_change is not None:
            self._on_change()

    async def _watch_exit(self) -> int:
        assert self._process is not None and self._master is not None
        returncode = await self._process.wait()
        # What the child wrote before exiting is still in the pty; show it before closing.
        master, self._master = self._master, None
        loop = asyncio.get_running_loop()
        loop.remove_reader(master)
        loop.remove_writer(master)
        self._pending.clear()
        try:
            while data := os.read(master, 65536):
                self._stream.feed(data.replace(_KITTY_POP, b""))
        except OSError:  # EIO once drained; EAGAIN if a grandchild still holds the slave
            pass
        os.close(master)
        self._notify()
        return returncode


def _set_size(fd: int, columns: int, lines: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))


# xterm's sequences for the named keys. A modifier adds the parameter 1 + shift + 2*alt + 4*ctrl
# (CSI 1;5A is ctrl+up). Textual reads them back as the same key names, except that shift+F1..F12
# come back as F13..F24, just as from a real xterm.
_CSI_FINAL = {"up": "A", "down": "B", "right": "C", "left": "D", "home": "H", "end": "F"}
_SS3_FINAL = {"f1": "P", "f2": "Q", "f3": "R", "f4": "S"}
_CSI_TILDE = {
    "insert": 2,
    "delete": 3,
    "pageup": 5,
    "pagedown": 6,
    "f5": 15,
    "f6": 17,
    "f7": 18,
    "f8": 19,
    "f9": 20,
    "f10": 21,
    "f11": 23,
    "f12": 24,
}
_PLAIN = {
    "enter": b"\r",
    "tab": b"\t",
    "shift+tab": b"\x1b[Z",
    "escape": b"\x1b",
    "backspace": b"\x7f",
    "space": b" ",
    "ctrl+space": b"\x00",
    "ctrl+@": b"\x00",
}
_MODIFIER_BITS = {"shift": 1, "alt": 2, "meta": 2, "ctrl": 4}


def key_bytes(key: str, character: str | None) -> bytes | None:
    """What an xterm sends for Textual key `key` (with its `character`); None if nothing fits."""
    if key in _PLAIN:
        return _PLAIN[key]
    *modifiers, base = key.split("+")
    if all(m in _MODIFIER_BITS for m in modifiers):
        mask = sum(_MODIFIER_BITS[m] for m in set(modifiers))
        param = f"1;{mask + 1}" if mask else ""
        if base in _CSI_FINAL:
            return f"\x1b[{param}{_CSI_FINAL[base]}".encode()
        if base in _SS3_FINAL:
            introducer = f"\x1b[{param}" if mask else "\x1bO"
            return f"{introducer}{_SS3_FINAL[base]}".encode()
        if base in _CSI_TILDE:
            suffix = f";{mask + 1}" if mask else ""
            return f"\x1b[{_CSI_TILDE[base]}{suffix}~".encode()
        if modifiers == ["ctrl"] and len(base) == 1 and base.isascii() and base.isalpha():
            return bytes([ord(base.lower()) & 0x1F])
    if not character:
        return None
    # Terminals send Alt+key as ESC then the key; Textual reads that back as alt+key.
    alt = "alt" in modifiers or "meta" in modifiers
    return (b"\x1b" if alt else b"") + character.encode()


MouseKind = Literal["down", "up", "move", "scroll_up", "scroll_down"]


def mouse_bytes(
    kind: MouseKind,
    button: int,
    x: int,
    y: int,
    *,
    shift: bool = False,
    meta: bool = False,
    ctrl: bool = False,
) -> bytes:
    """An SGR (1006) mouse report for a cell at 0-based `x`, `y`.

    `button` is numbered as Textual numbers it: 1 left, 2 middle, 3 right, 0 none (a move
    with no button held).
    """
    if kind == "scroll_up":
        code = 64
    elif kind == "scroll_down":
        code = 65
    elif kind == "move":
        code = 32 + (button - 1 if button else 3)
    else:
        code = max(button - 1, 0)
    code += 4 * shift + 8 * meta + 16 * ctrl
    final = "m" if kind == "up" else "M"
    return f"\x1b[<{code};{x + 1};{y + 1}{final}".encode()
