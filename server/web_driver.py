"""The Textual driver of an app served by `--web`: Textual's own web driver, except that the app
quits when the process that serves its page is gone.

The app talks to `rinda ... --web` over its stdin and stdout pipes. Textual's driver carries
on when they break: at the end of its input its key thread just stops, and a write to its
output raises BrokenPipeError out of whatever was drawing — in the middle of a refresh, or of
the app's own shutdown, which then never finishes. An app whose server was killed would live on
with nobody to see it. This driver turns either sign that the server is gone into the app's
own quit (its link says goodbye, its exit handlers run) and drops its output from then on.

It is selected by name through $TEXTUAL_DRIVER (server/web_session.py sets it), which is how
Textual lets a program choose the driver of an app it starts: a subclass of the public
`WebDriver`, overriding its public methods only.
"""

from __future__ import annotations

from typing import Any

from textual import messages
from textual.app import App
from textual.drivers.web_driver import WebDriver


class PipeDriver(WebDriver):
    def __init__(self, app: App[Any], **options: Any) -> None:
        super().__init__(app, **options)
        self.app = app
        self.server_gone = False

    def run_input_thread(self) -> None:
        super().run_input_thread()
        # It returns when the app stops it (exit_event), or at the end of the app's input.
        if not self.exit_event.is_set():
            self._server_gone()

    def write(self, data: str) -> None:
        if not self.server_gone:
            try:
                super().write(data)
            except BrokenPipeError:
                self._server_gone()

    def write_meta(self, data: dict[str, object]) -> None:
        if not self.server_gone:
            try:
                super().write_meta(data)
            except BrokenPipeError:
                self._server_gone()

    def write_binary_encoded(self, data: tuple[str | bytes, ...]) -> None:
        if not self.server_gone:
            try:
                super().write_binary_encoded(data)
            except BrokenPipeError:
                self._server_gone()

    def _server_gone(self) -> None:
        """Quit (from any thread: posting a message is thread-safe), once."""
        if not self.server_gone:
            self.server_gone = True
            self.app.post_message(messages.ExitApp())
