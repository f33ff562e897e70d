"""The first page: one big button per language, Latvian first, each named in its own
language; the greeting is shown in all three, since nobody has chosen yet. The centre's name
(config) is shown in the kiosk's home language, whose button has the focus; it is plain text
(`Content`), never read as markup.

Below the languages, when some service takes bookings, one big "I have an appointment"
button, labelled in all three languages, leads to the code page in the home language (its
own language buttons switch). A centre without bookings does not show it: a visitor there
would only be told that no booking exists. Its place is kept either way, so the language
buttons do not move under a finger when the server's welcome arrives. Where visitors may join
the queue from home, it says so ("I have an appointment or joined online"): a ticket taken
online checks in with its code the same way."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Center, Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, Static

from kiosk.pages.base import Page
from kiosk.state import Centre
from server.i18n import LANGS, Catalog
from server.protocol.messages import Lang


class StartPage(Page):
    BINDINGS: ClassVar[list[BindingType]] = [
        ("left", "app.focus_previous"),
        ("right", "app.focus_next"),
    ]

    centre: reactive[Centre | None] = reactive(None)

    class Appointment(Message):
        """The visitor has a booking: to the code page."""

    class LanguageChosen(Message):
        def __init__(self, lang: Lang) -> None:
            super().__init__()
            self.lang: Lang = lang

    def __init__(self, catalog: Catalog, *, id: str, home_lang: Lang = "lv") -> None:
        super().__init__(catalog, id=id)
        self.home_lang: Lang = home_lang

    def compose(self) -> ComposeResult:
        cat = self.catalog
        with Vertical(id="start"):
            yield Static(id="centre")
            yield Static(" · ".join(cat.t(lang, "start.welcome") for lang in LANGS), id="welcome")
            yield Static(" · ".join(cat.t(lang, "start.choose") for lang in LANGS), id="choose")
            with Center(), Horizontal(id="languages"):
                for lang in LANGS:
                    yield Button(
                        cat.t(lang, "start.language_name"), id=f"lang-{lang}", classes="big"
                    )
            with Center():
                yield Button(
                    "\n".join(cat.t(lang, "start.appointment") for lang in LANGS),
                    id="appointment",
                    classes="unoffered",
                    disabled=True,
                )

    def watch_centre(self, centre: Centre | None) -> None:
        name = (centre.name.get(self.home_lang) or centre.name.get("lv", "")) if centre else ""
        self.query_one("#centre", Static).update(Content(name))
        offered = bool(centre and centre.check_in)
        remote = bool(centre and centre.remote)
        button = self.query_one("#appointment", Button)
        button.set_class(not offered, "unoffered")
        button.set_class(remote, "remote")
        button.disabled = not offered
        key = "start.appointment_remote" if remote else "start.appointment"
        button.label = "\n".join(self.catalog.t(lang, key) for lang in LANGS)

    def focus_default(self) -> None:
        self.query_one(f"#lang-{self.home_lang}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "appointment":
            self.post_message(self.Appointment())
        for lang in LANGS:
            if event.button.id == f"lang-{lang}":
                self.post_message(self.LanguageChosen(lang))
