"""`rinda serve --cert --key`: the kiosk talks wss://, /health answers over https://, and a
wrong certificate or key is a clear error before anything listens."""

from __future__ import annotations

import asyncio
import json
import ssl
import subprocess
import sys
import urllib.request
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from server.cli import main
from server.protocol.client import Client
from server.protocol.messages import Hello, TakeTicket
from server.store.events import EventStore
from server.store.tokens import add_token
from tests.conftest import centre_toml


def _self_signed(folder: Path, name: str) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, made by the system's openssl."""
    cert, key = folder / f"{name}.crt", folder / f"{name}.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "2", "-subj", "/CN=rinda.test", "-keyout", str(key), "-out", str(cert),
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
        timeout=30,
    )  # fmt: skip
    return cert, key


@asynccontextmanager
async def _serve_tls(tmp_path: Path, cert: Path, key: Path) -> AsyncIterator[dict[str, object]]:
    config = tmp_path / "centre.toml"
    config.write_text(centre_toml(), encoding="utf-8")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "server.cli", "serve", "--config", str(config),
        "--db", str(tmp_path / "rinda.db"), "--port", "0", "--announce",
        "--cert", str(cert), "--key", str(key),
        stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdout is not None
    try:
        async with asyncio.timeout(30):
            line = await proc.stdout.readline()
        yield json.loads(line)
    finally:
        if proc.returncode is None:
            proc.terminate()
        await proc.wait()


async def test_kiosk_takes_a_ticket_over_wss_and_health_answers_over_https(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert, key = _self_signed(tmp_path, "server")
    async with await EventStore.open(tmp_path / "rinda.db") as store:
        token = await add_token(store, "kiosk", "k1")
    # How a kiosk PC trusts a centre's own certificate: the standard OpenSSL variable.
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    async with _serve_tls(tmp_path, cert, key) as announced:
        url = str(announced["url"])
        assert url.startswith("wss://127.0.0.1:")
        hello = Hello(protocol=1, role="kiosk", token=token)
        async with Client(url, hello, request_timeout=10) as kiosk:
            reply = await kiosk.request(TakeTicket(id=kiosk.new_id(), service="social"))
        assert reply.ticket.number == "A001"

        trusting = ssl.create_default_context(cafile=str(cert))
        health_url = f"https://127.0.0.1:{announced['port']}/health"

        def get_health() -> dict[str, object]:
            with urllib.request.urlopen(health_url, context=trusting, timeout=10) as r:
                body: dict[str, object] = json.loads(r.read())
                return body

        health = await asyncio.to_thread(get_health)
        assert health["status"] == "ok" and health["events"] == 2  # the day's roll + A001


def test_a_bad_certificate_or_key_is_refused_with_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cert, _key = _self_signed(tmp_path, "one")
    _cert2, other_key = _self_signed(tmp_path, "two")
    db = str(tmp_path / "rinda.db")
    serve = ["serve", "--db", db, "--port", "0"]

    assert main([*serve, "--cert", str(cert), "--key", str(other_key)]) == 2
    assert "do not fit together" in capsys.readouterr().err

    assert main([*serve, "--cert", str(tmp_path / "missing.crt"), "--key", str(other_key)]) == 2
    err = capsys.readouterr().err
    assert "cannot read the TLS certificate" in err and "missing.crt" in err, err

    assert main([*serve, "--cert", str(cert)]) == 2
    assert "--cert and --key go together" in capsys.readouterr().err
