"""`rinda demo` started in a folder of the user's own Python files: a `kiosk.py` or
`server.py` there is theirs, never imported in place of Rinda's (a newcomer's demo once failed
to start its server from a folder holding a `kiosk.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.demo.centre import free_port, prepare
from server.demo.server_process import ServerProcess


async def test_the_demo_server_starts_beside_files_named_like_its_modules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "my-scripts"
    mine.mkdir()
    for name in ("server", "kiosk", "display", "counter", "manager"):
        (mine / f"{name}.py").write_text('raise SystemExit("the user\'s own module ran")\n')
    monkeypatch.chdir(mine)
    centre = await prepare(tmp_path / "centre", free_port())
    server = ServerProcess(centre)
    await server.start()  # raises ServerFailed, with the log's end, if it does not come up
    try:
        assert server.running
    finally:
        await server.stop()
