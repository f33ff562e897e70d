"""`pip install rinda` from the built wheel, into a clean virtualenv: the command runs and
every file the apps load at run time (styles, catalogs, the default centre, the chime, the
ticket font, the phone page's assets) is in the wheel."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

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


def test_the_wheel_installs_into_a_clean_venv_and_carries_its_data(tmp_path: Path) -> None:
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
    # The installed package runs a whole centre: the fault drill starts its server and the
    # real kiosk, display and counter from it, and reads their screens. Whether each came back
    # within 3 s is tests/demo/test_drill.py's to judge (this test runs beside the whole suite);
    # here every app must come back and every ticket be there.
    drill = subprocess.run(
        [str(rinda), "drill", "--dir", str(tmp_path / "drill")],
        capture_output=True, text=True, timeout=180, cwd=elsewhere,
    )  # fmt: skip
    report = drill.stdout + drill.stderr
    assert drill.returncode in (0, 1), report  # 2: the drill could not run at all
    assert report.count(" back after ") == 3 and "not back within" not in report, report
    assert "none missing" in report, report
