"""`pip install rinda` from the built wheel, into a clean virtualenv: the command runs and
every file the apps load at run time (styles, catalogs, the default centre, the chime, the
ticket font, the phone page's assets) is in the wheel, and `rinda drill` passes from it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from server.demo.drill import RECONNECT_LIMIT_S

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("server", "kiosk", "display", "counter", "manager", "feedback", "watch")


def _run(*argv: str | Path, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in argv], capture_output=True, text=True, timeout=120, cwd=cwd
    )
    assert done.returncode == 0, f"{argv}: {done.stdout}\n{done.stderr}"
    return done.stdout


def _data_files() -> set[str]:
    """Every file of the packages that is not Python source: what the wheel must carry."""
    return {
        p.relative_to(ROOT).as_posix()
        for pkg in PACKAGES
        for p in (ROOT / pkg).rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    }


def test_the_wheel_installs_into_a_clean_venv_carries_its_data_and_passes_the_drill(
    tmp_path: Path,
) -> None:
    # Build from a copy: setuptools writes build/ and *.egg-info next to the sources, which
    # must not appear in the working tree (or race a parallel test run).
    src = tmp_path / "src"
    src.mkdir()
    for pkg in PACKAGES:
        shutil.copytree(ROOT / pkg, src / pkg, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    wheels = tmp_path / "wheels"
    # No build isolation: the test environment's setuptools builds it, offline and quickly.
    _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
        "-w", wheels, src,
    )  # fmt: skip
    (wheel,) = wheels.glob("rinda-*-py3-none-any.whl")

    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = _data_files()
    assert {
        "server/default_centre.toml",
        "server/status_page_assets/page.js",
        "display/assets/chime.wav",
        "kiosk/assets/DejaVuSans-Bold.ttf",
        "kiosk/app.tcss",
        "counter/i18n/lv.toml",
        "manager/i18n/lv.toml",
        "manager/app.tcss",
        "watch/i18n/ru.toml",
        "watch/app.tcss",
    } <= wanted
    assert wanted - names == set()
    assert not any(n.startswith("tests/") for n in names)

    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    _run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "-q",
        "--no-deps",
        "--no-index",
        wheel,
    )
    # The dependencies come from the test environment, offline: its site-packages as a
    # plain path entry (after the venv's own, and without running its .pth files, so the
    # editable install of the working tree stays out and Rinda is imported from the wheel).
    site = Path(
        _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").strip()
    )
    (site / "_test_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")

    rinda = venv / "bin" / "rinda"
    elsewhere = tmp_path  # not the repository: nothing importable from the working directory
    assert _run(rinda, "--version", cwd=elsewhere).strip().startswith("rinda ")
    where = _run(
        python, "-c", "import server, kiosk; print(server.__file__, kiosk.__file__)", cwd=elsewhere
    )
    assert all(Path(p).is_relative_to(venv) for p in where.split()), where
    default = site / "server" / "default_centre.toml"
    assert ": ok (" in _run(rinda, "check-config", default, cwd=elsewhere)
    for app in ("kiosk", "display", "counter", "manager", "feedback"):
        assert "--url" in _run(rinda, app, "--help", cwd=elsewhere)
    assert "centres.toml" in _run(rinda, "network", "watch", "--help", cwd=elsewhere)
    # The apps find their files through the installed packages.
    check = (
        "import importlib.resources as r;"
        "assert r.files('display').joinpath('assets/chime.wav').read_bytes()[:4] == b'RIFF';"
        "assert r.files('kiosk').joinpath('assets/DejaVuSans-Bold.ttf').read_bytes()[:4]"
        " == b'\\x00\\x01\\x00\\x00';"
        "from server.config import load_default; print(len(load_default().services))"
    )
    assert int(_run(python, "-c", check, cwd=elsewhere)) > 0
    # The installed package runs a whole centre, and the fault drill passes from it: its
    # server and the real kiosk, display, window display and counter start from the wheel, every
    # app is back within the limit after the SIGKILL and no ticket is lost. (The one run of the
    # drill in the suite: tests/demo/test_drill.py checks how its report is judged and read.)
    folder = tmp_path / "drill"
    drill = subprocess.run(
        [str(rinda), "drill", "--dir", str(folder)],
        capture_output=True, text=True, timeout=180, cwd=elsewhere,
    )  # fmt: skip
    out = drill.stdout
    assert drill.returncode == 0, out + drill.stderr
    back = dict(re.findall(r"^  (\w+) +back after ([\d.]+) s$", out, re.MULTILINE))
    assert set(back) == {"kiosk", "display", "window", "counter"}, out
    assert all(float(s) <= RECONNECT_LIMIT_S for s in back.values()), out
    tickets = re.search(r"(\d+) on the server at the kill, (\d+) acknowledged.*none missing", out)
    assert tickets and int(tickets[1]) >= 1 and int(tickets[2]) >= 1, out
    assert "PASSED" in out
    # It worked in its own folder, on its own database.
    assert (folder / "rinda.db").exists()
