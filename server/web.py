"""`rinda kiosk|display|counter --web`: one app served to a browser with textual-serve.

Each browser that opens the page gets its own app process: the same `rinda <app>` command line
without the web options, its output drawn by xterm.js. The page loads nothing from the
internet (textual-serve's page asks Google Fonts for Roboto Mono; here it is served from the
package's own copy), so a kiosk PC or TV on a closed LAN works.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

WEB_FLAGS = ("--web",)
WEB_OPTIONS = ("--web-host", "--web-port")
APP_QUIT_TIMEOUT_S = 10.0  # for the apps of the open pages, once the site is stopping
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
    return [sys.executable, "-m", "server.cli", *out], token


def local_page() -> str:
    """textual-serve's page template, with the fonts from its static folder, not Google's."""
    import textual_serve

    template = Path(textual_serve.__file__).parent / "templates" / "app_index.html"
    text = template.read_text(encoding="utf-8")
    if GOOGLE_FONTS not in text:
        raise RuntimeError(f"{template}: its Google Fonts link changed; update server/web.py")
    page = text.replace(GOOGLE_FONTS, LOCAL_FONTS)
    if "https://" in page:
        raise RuntimeError(f"{template}: it loads something from the internet")
    return page


def _server_class() -> type[Any]:
    """textual-serve's Server, serving the local page (imported late: only --web needs it)."""
    import aiohttp_jinja2
    import jinja2
    from aiohttp import web
    from textual_serve.server import Server

    page = local_page()

    class LocalServer(Server):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            # Each open page's session (its request's task) -> set when the session has ended.
            self.sessions: dict[asyncio.Task[Any], asyncio.Event] = {}

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            task, ended = asyncio.current_task(), asyncio.Event()
            assert task is not None
            self.sessions[task] = ended
            try:
                response: web.WebSocketResponse = await super().handle_websocket(request)
                return response
            finally:
                del self.sessions[task]
                ended.set()

        async def on_shutdown(self, app: web.Application) -> None:
            # aiohttp waits for each open page's websocket to end by itself, which it does not
            # while the page stays open: a `kill` of `rinda demo --web` or `rinda display
            # --web` hung until the websocket heartbeat gave up (23 s, site after site). End
            # the sessions now: on the cancel textual-serve tells the app to quit, waits for
            # it and closes the websocket.
            ended = [asyncio.ensure_future(e.wait()) for e in self.sessions.values()]
            for task in list(self.sessions):
                task.cancel()
            if ended:
                _, late = await asyncio.wait(ended, timeout=APP_QUIT_TIMEOUT_S)
                for waiter in late:
                    waiter.cancel()  # aiohttp's own shutdown deals with those sessions

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            # The page's websocket URL as the browser reached us (--web-host may be 0.0.0.0).
            self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            aiohttp_jinja2.setup(app, loader=jinja2.DictLoader({"app_index.html": page}))
            return app

        async def on_startup(self, app: web.Application) -> None:
            pass  # no banner: the URL is printed once the port is bound

    return LocalServer


async def start_site(
    command: list[str], env: dict[str, str], host: str, port: int, title: str
) -> Any:
    """Serve `command` (with `env` added to its environment) on http://host:port/ inside the
    running event loop, as `rinda demo --web` does for three apps at once. Returns the aiohttp
    runner: `await runner.cleanup()` stops the site and the app processes it started."""
    from aiohttp import web

    # textual-serve starts each app through `sh -c LINE` with this process's environment, and
    # `ps` shows LINE to every user of the machine. So the values wait in the environment
    # under this site's own names, and LINE only copies them to the names the app reads: each
    # app gets its own token, and no token is on a command line.
    assignments = []
    for name, value in env.items():
        private = f"RINDA_SITE_{port}_{name}"
        os.environ[private] = value
        assignments.append(f'{name}="${private}"')
    line = " ".join([*assignments, shlex.join(command)])
    server = _server_class()(line, host=host, port=port, title=title)
    runner = web.AppRunner(await server._make_app())
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except BaseException:
        await runner.cleanup()  # the port is taken: nothing of this site stays behind
        raise
    return runner


def serve(args: argparse.Namespace, argv: list[str]) -> int:
    """Serve the app of `argv` on http://--web-host:--web-port/ until Ctrl+C or SIGTERM."""
    from aiohttp import web

    from server.config import ConfigError

    command, token = app_command(argv)
    if token is None:
        token = args.token
    if token:
        os.environ["RINDA_TOKEN"] = token  # inherited by each app process
    server = _server_class()(
        shlex.join(command), host=args.web_host, port=args.web_port, title=f"Rinda {args.command}"
    )
    loop = asyncio.new_event_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, server.request_exit)
    url = f"http://{args.web_host}:{args.web_port}/"
    try:
        web.run_app(
            server._make_app(),
            host=args.web_host,
            port=args.web_port,
            handle_signals=False,
            loop=loop,
            print=lambda _: print(f"rinda {args.command}: open {url} in a browser", flush=True),
        )
    except OSError as e:  # the port is taken, or the address is not this machine's
        raise ConfigError(
            f"cannot serve on {args.web_host}:{args.web_port}: {e.strerror or e}"
        ) from None
    return 0
