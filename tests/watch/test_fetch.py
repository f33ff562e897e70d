"""One read of one centre: the figures from a real server over HTTP and verified HTTPS, and
every way it can go wrong said as unreachable, refused or garbled, within its timeout and its
size bound."""

from __future__ import annotations

import dataclasses
import ssl
import subprocess
from pathlib import Path

import pytest

from server.config import CentreConfig
from server.net.app import RindaServer
from server.protocol.live import Live
from server.store.tokens import add_token
from tests.conftest import Clock
from tests.server.harness import Running, device
from tests.watch.fakes import answering, nobody, watching
from watch.centres import Watched
from watch.fetch import Failure, read_live


async def test_the_figures_of_a_live_centre(running: Running) -> None:
    async with device(running, "k1") as kiosk:
        await kiosk.ok("take_ticket", service="tax")
    live = await read_live(watching(running, "Valka"))
    assert isinstance(live, Live)
    assert live.services["tax"].waiting == 1 and live.services["social"].waiting == 0
    assert live.centre["lv"] == "Testa centrs"


async def test_a_token_that_is_not_a_managers_is_refused(running: Running) -> None:
    for token in (running.tokens["k1"], "no-such-token"):
        answer = await read_live(watching(running, "Valka", token))
        assert answer == Failure("refused", "forbidden")


async def test_nobody_listening() -> None:
    assert await read_live(nobody()) == Failure("unreachable", "connection_refused")


async def test_the_unforeseen_is_one_centres_failure_not_an_exception() -> None:
    beyond = Watched("Beyond", "127.0.0.1", 70_000, "/live", "t", None)  # no such port
    got = await read_live(beyond)
    assert isinstance(got, Failure) and (got.kind, got.reason) == ("unreachable", "error")
    assert got.detail.startswith("OverflowError: ")


async def test_a_centre_that_says_nothing_is_given_up_after_its_timeout() -> None:
    async with answering(None) as silent:
        assert await read_live(silent, timeout_s=0.3) == Failure("unreachable", "timeout", "0.3")


OK = b"HTTP/1.1 200 OK\r\n"
EMPTY = b"Content-Length: 0\r\n\r\n"


@pytest.mark.parametrize(
    ("answer", "failure"),
    [
        (OK + b"Content-Length: 5\r\n\r\nhello", Failure("garbled", "not_live", "")),
        (OK + b"Content-Length: 2\r\n\r\n[]", Failure("garbled", "not_live", "")),
        (b"SSH-2.0-OpenSSH_9.6\r\n", Failure("garbled", "not_http")),
        (b"", Failure("garbled", "cut_short")),
        (OK + b"Content-Length: 100\r\n\r\n{}", Failure("garbled", "cut_short")),
        (b"HTTP/1.1 404 Not Found\r\n" + EMPTY, Failure("garbled", "status", "404")),
        (b"HTTP/1.1 401 Unauthorized\r\n" + EMPTY, Failure("refused", "forbidden")),
        (OK + b"Content-Length: 99999999\r\n\r\n", Failure("garbled", "too_large", "2")),
        # No length said: the body is cut off at the bound, not read to its end.
        (OK + b"Transfer-Encoding: chunked\r\n\r\n" + (b"400\r\n" + b"x" * 1024 + b"\r\n") * 3,
         Failure("garbled", "too_large", "2")),
    ],
    ids=["not-json", "not-an-object", "not-http", "nothing", "body-cut-short", "404", "401",
         "too-long-said", "too-long-chunked"],
)  # fmt: skip
async def test_garbled_answers(answer: bytes, failure: Failure) -> None:
    async with answering(answer) as fake:
        got = await read_live(fake, timeout_s=10, limit=2048)
    assert isinstance(got, Failure)
    # The decoder's own words are its own; that they are there and short is what counts.
    detail = "" if failure.reason == "not_live" else got.detail
    assert dataclasses.replace(got, detail=detail) == failure
    assert len(got.detail) <= 80 and (got.detail or failure.reason != "not_live")


async def test_a_live_view_with_impossible_figures_is_garbled() -> None:
    body = (
        b'{"centre":{"lv":"X"},"now":"2026-11-25T09:00:00Z","counters":{"open":1,"paused":0,'
        b'"closed":0},"services":{"a":{"name":{"lv":"A"},"waiting":-3,"longest_wait_s":0,'
        b'"target_s":0,"expected_wait_s":0,"issuing":true}}}'
    )
    answer = OK + b"Content-Length: %d\r\n\r\n" % len(body) + body
    async with answering(answer) as fake:
        got = await read_live(fake)
    assert isinstance(got, Failure) and (got.kind, got.reason) == ("garbled", "not_live")
    assert "waiting" in got.detail


def _certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "centre.crt", folder / "centre.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "2", "-subj", "/CN=rinda.test", "-keyout", str(key), "-out", str(cert),
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    return cert, key


async def test_over_https_the_centres_own_certificate_is_checked(
    tmp_path: Path, config: CentreConfig, clock: Clock
) -> None:
    cert, key = _certificate(tmp_path)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)
    server = RindaServer(config, tmp_path / "rinda.db", clock=clock)
    port = await server.start("127.0.0.1", 0, ssl=tls)
    try:
        token = await add_token(server.store, "manager", "m1")
        trusting = ssl.create_default_context(cafile=str(cert))
        centre = watching_https(port, token, trusting)
        live = await read_live(centre)
        assert isinstance(live, Live) and live.counters.closed == 3
        # The system's CAs do not know the centre's own certificate.
        got = await read_live(dataclasses.replace(centre, tls=ssl.create_default_context()))
        assert isinstance(got, Failure) and (got.kind, got.reason) == ("unreachable", "untrusted")
        assert "certificate" in got.detail
        # Plain HTTP to a TLS port: the server's TLS layer does not answer it as HTTP.
        plain = await read_live(dataclasses.replace(centre, tls=None), timeout_s=5)
        assert isinstance(plain, Failure) and plain.kind == "garbled"
    finally:
        await server.close()


def watching_https(port: int, token: str, tls: ssl.SSLContext) -> Watched:
    return Watched("Secure", "127.0.0.1", port, "/live", token, tls)
