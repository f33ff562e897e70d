"""`rinda kiosk|display|counter --web`: one app served to a browser, each open page driving its
own app process (server/web_session.py), drawn on the page by xterm.js.

The page and its script are textual-serve's (its template and static files; pyproject.toml
pins the major version whose template this module edits). Its server is not used: this
module serves the page, its files and its websocket with aiohttp's public API, because
textual-serve builds its site in a private method and its session could leave app processes
behind (see server/web_session.py). The page loads nothing from the internet (textual-serve's
asks Google Fonts for Roboto Mono; here it comes from the package's own copy), so a kiosk PC
or TV on a closed LAN works, and it sizes its text for the screen (`WebText`).
"""

from __future__ import annotations

import asyncio
import os
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from server.app_run import rinda_command

if TYPE_CHECKING:
    import argparse

    from aiohttp import web

    from server.web_session import Page

WEB_FLAGS = ("--web",)
WEB_OPTIONS = ("--web-host", "--web-port", "--web-font-size", "--web-fit")
MIN_FONT_SIZE, MAX_FONT_SIZE = 6, 200
# Each app's text by default: the kiosk and the display fill a full-screen page, read by elderly
# visitors at arm's length and across a room, so their text is as big as their layout allows
# (on a 1920x1080 screen, about 30 px), and so does the exit tablet, touched by passers-by; a
# counter shares a clerk's desktop at the usual 16 px.
# "window": the demo's window display (`rinda display --counter`), a small screen's grid.
WEB_FIT = {"kiosk": (100, 30), "display": (96, 27), "feedback": (80, 24), "window": (60, 18)}
GOOGLE_FONTS = (
    '<link\n      rel="stylesheet"\n'
    '      href="https://fonts.googleapis.com/css?family=Roboto%20Mono"\n    />'
)
LOCAL_FONTS = """<style>
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf");
        font-style: normal;
      }
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-Italic-VariableFont_wght.ttf");
        font-style: italic;
      }
    </style>"""
# The page script starts its terminals on `window.onload`, at the font size in their
# `data-font-size`. To fit the window, that size is worked out first from the window and the
# font's own cell (measured once the font is loaded): the largest that still gives the app
# COLS columns and ROWS rows.
FIT_SCRIPT = """<script>
      (() => {
        const fit = {{ fit | tojson }};
        if (!fit) return;
        const start = window.onload;
        window.onload = async (event) => {
          await document.fonts.load('100px "Roboto Mono"');
          const probe = document.createElement("span");
          probe.style.cssText =
            'position: absolute; visibility: hidden; white-space: pre; font: 100px "Roboto Mono"';
          probe.textContent = "W".repeat(100);
          document.body.appendChild(probe);
          const box = probe.getBoundingClientRect();
          probe.remove();
          const [cols, rows] = fit, width = box.width / 10000, height = box.height / 100;
          const size = Math.min(innerWidth / (cols * width), innerHeight / (rows * height));
          const px = Math.max({{ min_font_size }}, Math.floor(size));
          for (const terminal of document.querySelectorAll(".textual-terminal")) {
            terminal.dataset.fontSize = px;
          }
          start(event);
        };
      })();
    </script>
  </body>"""


@dataclass(frozen=True)
class WebText:
    """How big an app's text is on its page: a fixed size in CSS pixels, or (`fit`) the
    largest that still gives the app that many columns and rows in the page's window, so a
    720p kiosk and a 4K TV show the same layout. `?fontsize=N` in the page's URL overrides it."""

    font_size: int = 16  # textual-serve's own, and the fallback before a fit is worked out
    fit: tuple[int, int] | None = None


def app_command(argv: list[str]) -> tuple[list[str], str | None]:
    """The app's own command line from `rinda ... <app> --web ...`, and the token taken out of it.

    The token goes to the app through $RINDA_TOKEN, so it does not show in `ps`.
    """
    out: list[str] = []
    token: str | None = None
    it = iter(argv)
    for arg in it:
        name, eq, value = arg.partition("=")
        if arg in WEB_FLAGS:
            continue
        if name in WEB_OPTIONS:
            if not eq:
                next(it, None)
            continue
        if name == "--token":
            token = value if eq else next(it, None)
            continue
        out.append(arg)
    return [*rinda_command(), *out], token


def _package() -> Path:
    import textual_serve

    return Path(textual_serve.__file__).parent


def local_page() -> str:
    """textual-serve's page template, with the fonts from its static folder, not Google's, and
    the text sized to fit the window."""
    template = _package() / "templates" / "app_index.html"
    text = template.read_text(encoding="utf-8")
    for anchor in (GOOGLE_FONTS, "</body>", 'data-font-size="{{ font_size }}"'):
        if text.count(anchor) != 1:
            raise RuntimeError(f"{template}: {anchor!r} changed; update server/web.py")
    page = text.replace(GOOGLE_FONTS, LOCAL_FONTS).replace("</body>", FIT_SCRIPT)
    if "https://" in page:
        raise RuntimeError(f"{template}: it loads something from the internet")
    return page


class Site:
    """One app's web site: the page, its files, and a websocket per open page."""

    def __init__(
        self, command: list[str], env: dict[str, str], title: str, text: WebText, quit_wait: float
    ) -> None:
        import jinja2

        self.command, self.env, self.title, self.text = command, env, title, text
        self.quit_wait = quit_wait
        self.page = jinja2.Environment(autoescape=True).from_string(local_page())
        self.pages: set[Page] = set()  # open now, or their apps still ending

    def application(self) -> web.Application:
        from aiohttp import web

        app = web.Application()
        app.add_routes(
            [
                web.get("/", self.index),
                web.get("/ws", self.websocket),
                web.static("/static", _package() / "static"),
            ]
        )
        app.on_shutdown.append(self.close_pages)
        return app

    async def index(self, request: web.Request) -> web.Response:
        from aiohttp import web

        # Its URLs as the browser reached us (--web-host may be 0.0.0.0).
        site = f"{request.scheme}://{request.host}"
        asked = request.query.get("fontsize", "")
        text = self.text
        if asked.isdigit() and MIN_FONT_SIZE <= int(asked) <= MAX_FONT_SIZE:
            text = WebText(font_size=int(asked))
        html = self.page.render(
            application={"name": self.title},
            config={"static": {"url": f"{site}/static/"}},
            app_websocket_url=f"{site.replace('http', 'ws', 1)}/ws",
            font_size=text.font_size,
            fit=list(text.fit) if text.fit else None,
            min_font_size=MIN_FONT_SIZE,
        )
        return web.Response(text=html, content_type="text/html")

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        from server.web_session import Page

        page = Page(self.command, self.env, self.quit_wait, on_end=self.pages.discard)
        self.pages.add(page)
        return await page.serve(request)

    async def close_pages(self, app: web.Application) -> None:
        # aiohttp waits for each open page's websocket to end by itself, which it does not
        # while the page stays open: a stop would hang until the heartbeat gave up. Each page
        # ends its app within a bounded time (server/web_session.py).
        pages = list(self.pages)
        for page in pages:
            page.leave()
        await asyncio.gather(*(page.ended.wait() for page in pages))


async def start_site(
    command: list[str],
    env: dict[str, str],
    host: str,
    port: int,
    title: str,
    text: WebText,
    quit_wait: float | None = None,
) -> web.AppRunner:
    """Serve `command` (with `env` added to its environment) on http://host:port/ inside the
    running event loop, as `rinda demo --web` does for three apps at once. Returns the aiohttp
    runner: `await runner.cleanup()` stops the site and the app processes it started. An app
    asked to quit gets `quit_wait` seconds, then as long again after SIGTERM."""
    from aiohttp import web

    from server.web_session import QUIT_WAIT_S

    # No access log: a line per file and websocket of each page buried what matters (the
    # URLs `rinda demo --web` prints); pages and their apps log at DEBUG (rinda.web).
    site = Site(command, env, title, text, QUIT_WAIT_S if quit_wait is None else quit_wait)
    runner = web.AppRunner(site.application(), access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except BaseException:
        await runner.cleanup()  # the port is taken: nothing of this site stays behind
        raise
    return runner


def web_text(app: str, font_size: int | None, fit: tuple[int, int] | None) -> WebText:
    """The app's text size from --web-font-size / --web-fit, else its default."""
    if font_size is not None:
        return WebText(font_size=font_size)
    return WebText(fit=fit or WEB_FIT.get(app))


def serve(args: argparse.Namespace, argv: list[str]) -> int:
    """Serve the app of `argv` on http://--web-host:--web-port/ until Ctrl+C or SIGTERM."""
    command, token = app_command(argv)
    if token is None:
        token = args.token
    env = {"RINDA_TOKEN": token} if token else {}
    text = web_text(args.command, args.web_font_size, args.web_fit)
    asyncio.run(_serve(command, env, args.web_host, args.web_port, args.command, text))
    return 0


async def _serve(
    command: list[str], env: dict[str, str], host: str, port: int, app: str, text: WebText
) -> None:
    from server.config import ConfigError

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        runner = await start_site(command, env, host, port, f"Rinda {app}", text)
    except OSError as e:  # the port is taken, or the address is not this machine's
        why = os.strerror(e.errno) if e.errno else str(e)
        raise ConfigError(f"cannot serve on {host}:{port}: {why}") from None
    print(f"rinda {app}: open http://{host}:{port}/ in a browser", flush=True)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


def parse_fit(value: str) -> tuple[int, int]:
    """`--web-fit COLSxROWS` (argparse's type)."""
    import argparse

    cols, x, rows = value.lower().partition("x")
    if not (x and cols.isdigit() and rows.isdigit() and 0 < int(cols) <= 1000 >= int(rows) > 0):
        raise argparse.ArgumentTypeError(f"{value!r}: give columns x rows, e.g. 100x30")
    return int(cols), int(rows)


def parse_font_size(value: str) -> int:
    """`--web-font-size PX` (argparse's type)."""
    import argparse

    if not (value.isdigit() and MIN_FONT_SIZE <= int(value) <= MAX_FONT_SIZE):
        raise argparse.ArgumentTypeError(
            f"{value!r}: give a size in pixels from {MIN_FONT_SIZE} to {MAX_FONT_SIZE}"
        )
    return int(value)
