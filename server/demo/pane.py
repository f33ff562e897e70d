"""A widget showing a program that runs in a pseudo-terminal, with keys and mouse forwarded."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual import events
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from server.demo.screen_render import row_segments
from server.demo.terminal import MouseKind, Terminal, key_bytes, mouse_bytes


class TerminalPane(Widget, can_focus=True):
    """A child program's terminal, drawn from its pyte screen.

    The child starts once the pane has a size (its first Resize) and is stopped on unmount.
    Keys go to the child except `keep_keys`, which bubble on to the host app.
    """

    DEFAULT_CSS = """
    TerminalPane {
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
    }
    TerminalPane:focus {
        border: round $accent;
        border-title-color: $text;
    }
    """

    class Exited(Message):
        """The child program exited."""

        def __init__(self, pane: TerminalPane, returncode: int) -> None:
            super().__init__()
            self.pane = pane
            self.returncode = returncode

        @property
        def control(self) -> TerminalPane:
            return self.pane

    def __init__(
        self,
        argv: list[str],
        *,
        env: Mapping[str, str] | None = None,
        title: str = "",
        keep_keys: Iterable[str] = ("ctrl+c",),
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.border_title = title
        self.keep_keys = frozenset(keep_keys)
        self.terminal = Terminal(argv, env=env, on_change=self._screen_changed)
        self._strips: dict[int, Strip] = {}

    async def on_mount(self) -> None:
        # A pane in a hidden tab gets no size until it is shown; its app starts now all the
        # same (a display nobody looked at yet still announces calls), at the screen's size,
        # and takes the pane's own size when the pane is laid out.
        await self._start(*self.app.size)

    async def on_resize(self) -> None:
        width, height = self.content_size
        if width and height:  # hidden: keep the last size rather than shrink the app to nothing
            self.terminal.resize(width, height)
            self._strips.clear()

    async def _start(self, width: int, height: int) -> None:
        if not self.terminal.started:
            self.terminal.resize(width, height)
            await self.terminal.start()
            self.run_worker(self._report_exit())

    async def on_unmount(self) -> None:
        await self.terminal.stop()

    async def _report_exit(self) -> None:
        self.post_message(self.Exited(self, await self.terminal.wait()))

    def _screen_changed(self) -> None:
        dirty = self.terminal.screen.dirty
        if not dirty:
            return
        width = self.content_size.width
        for y in dirty:
            self._strips.pop(y, None)
        self.refresh(*(Region(0, y, width, 1) for y in dirty))
        dirty.clear()

    def render_line(self, y: int) -> Strip:
        strip = self._strips.get(y)
        if strip is None:
            screen = self.terminal.screen
            segments = row_segments(screen.buffer[y], screen.columns) if y < screen.lines else []
            strip = Strip(segments).adjust_cell_length(self.content_size.width)
            self._strips[y] = strip
        return strip

    def on_key(self, event: events.Key) -> None:
        if event.key in self.keep_keys or not self.terminal.started:
            return
        data = key_bytes(event.key, event.character)
        if data is not None:
            event.stop()
            event.prevent_default()
            self.terminal.write(data)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self._forward_mouse("down", event)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        self._forward_mouse("up", event)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._forward_mouse("move", event)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._forward_mouse("scroll_up", event)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._forward_mouse("scroll_down", event)

    def _forward_mouse(self, kind: MouseKind, event: events.MouseEvent) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self.terminal.started:
            return  # on the border, or nothing running yet
        event.stop()
        if kind != "move":
            self.focus()
        self.terminal.write(
            mouse_bytes(
                kind,
                event.button,
                offset.x,
                offset.y,
                shift=event.shift,
                meta=event.meta,
                ctrl=event.ctrl,
            )
        )
