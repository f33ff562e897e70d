"""The demo's server: a real `rinda serve` process, so that a drill can SIGKILL it."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys

from server.app_run import rinda_command
from server.demo.centre import DemoCentre

# Runs first in the child, then becomes `rinda serve` (same pid): the kernel sends the server
# SIGTERM when the demo dies, even by SIGKILL, so no server outlives its demo on a forgotten
# port. (In its own session it would not get the terminal's hangup; the apps die with their
# ptys.) A preexec_fn could do the same, but it is unsafe in a parent with threads. Linux only:
# elsewhere the server simply starts without it.
_DIE_WITH_PARENT = (
    "import ctypes,os,signal,sys\n"
    "try:\n"
    "    ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG\n"
    "except (OSError, AttributeError):\n"
    "    pass\n"
    "if os.getppid() != int(sys.argv[1]):\n"
    "    sys.exit('rinda demo: the demo ended before its server started')\n"
    "os.execv(sys.argv[2], sys.argv[2:])"
)
START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0


class ServerFailed(RuntimeError):
    """The server did not come up; the message carries the end of its log."""


class ServerProcess:
    def __init__(self, centre: DemoCentre) -> None:
        self.centre = centre
        self.proc: asyncio.subprocess.Process | None = None

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.returncode is None

    async def start(self) -> None:
        """Start `rinda serve` on the centre's port; return once it listens."""
        centre = self.centre
        with centre.log.open("ab") as log:
            # Its own session: a Ctrl+C in the demo's terminal is the demo's to handle, and
            # the demo then stops the server in order, after the apps.
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-I", "-S", "-c", _DIE_WITH_PARENT, str(os.getpid()),
                *rinda_command(), "serve", "--config", str(centre.config),
                "--db", str(centre.db), "--port", str(centre.port), "--announce",
                stdout=asyncio.subprocess.PIPE, stderr=log, start_new_session=True,
            )  # fmt: skip
        assert self.proc.stdout is not None
        try:
            async with asyncio.timeout(START_TIMEOUT_S):
                line = await self.proc.stdout.readline()
            json.loads(line)
        except (TimeoutError, ValueError):
            await self.stop()
            tail = centre.log.read_text(encoding="utf-8", errors="replace").splitlines()[-5:]
            raise ServerFailed(
                f"the server did not start on port {centre.port}:\n" + "\n".join(tail)
            ) from None

    def kill(self) -> None:
        """SIGKILL, as a power cut or the OOM killer would: no goodbye, no flush."""
        if self.running:
            assert self.proc is not None
            self.proc.kill()

    async def wait(self) -> int:
        """Until the process has exited; its exit status."""
        assert self.proc is not None
        return await self.proc.wait()

    async def stop(self) -> None:
        """Stop it in order (SIGTERM: clients are told, the store closes); kill if it hangs."""
        proc = self.proc
        if proc is None:
            return
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
            try:
                async with asyncio.timeout(STOP_TIMEOUT_S):
                    await proc.wait()
            except TimeoutError:
                proc.kill()
        await proc.wait()
