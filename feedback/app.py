"""The exit tablet: a touch Textual app that is a `feedback` device of the server.

A visitor leaving taps one of five faces, then (after a low score, when the centre has
reasons) optionally one reason, and sees a thank-you that gives the faces back to the next
visitor after a few seconds. Each rating is ONE `rate` request, sent once: nothing is queued
while the link is down (the faces are replaced by an "unavailable" page then) and nothing is
sent again later, since a rating is not worth a stale write; one that could not be saved is
thanked for and said so. The server decides which visit a rating counts for (the one just
finished at the tablet's counter, or none); the tablet only says which it expects.

How it is built, as the kiosk: the app's state is its reactive attributes (`tablet`, `last`,
`link_state`, `rating`, and `page` computed from them). What arrives from the link becomes
state in `feedback.tablet`, a rating's steps are values of `feedback.rating`, and the link's
handlers here only set these attributes. The pages are mounted once, bound to what they
draw (`data_bind`), and post messages for what the visitor did.
"""

from __future__ import annotations

import argparse
import logging
import time
from collections.abc import Callable
from typing import Any

from textual.app import App, ComposeResult
from textual.reactive import reactive
from textual.widgets import ContentSwitcher

from feedback import tablet as tablets
from feedback.language_bar import LanguageBar
from feedback.pages.faces import FacesPage
from feedback.pages.offline import OfflinePage
from feedback.pages.reasons import ReasonsPage
from feedback.pages.thanks import ThanksPage
from feedback.rating import Rating, asks_reason
from feedback.tablet import LinkState, Tablet, Visit
from server.app_run import run
from server.i18n import Catalog
from server.protocol.errors import ClientError, RequestError
from server.protocol.link import Link
from server.protocol.messages import PROTOCOL, Hello, Lang, Rate

log = logging.getLogger("rinda.feedback")

# A rating not answered within this long is told as not saved. It bounds the whole request,
# queued included, so a rating tapped as the link drops is not written minutes later.
RATE_TIMEOUT_S = 5.0


class FeedbackApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "Rinda"
    # No face has the focus when the app starts: a highlighted face would look chosen.
    AUTO_FOCUS = None

    tablet: reactive[Tablet | None] = reactive(None)
    last: reactive[Visit | None] = reactive(None)  # the visit last finished at its counter
    link_state: reactive[LinkState] = reactive("starting")
    rating: reactive[Rating] = reactive(lambda: Rating("lv"))
    page: reactive[str] = reactive("faces-page")  # computed

    def __init__(
        self,
        url: str,
        token: str | None,
        *,
        home_lang: Lang = "lv",
        thanks_s: float = 5.0,
        reason_wait_s: float = 20.0,
        idle_s: float = 30.0,
        monotonic: Callable[[], float] = time.monotonic,
        **link_options: Any,
    ) -> None:
        """`home_lang`: the language each rating starts in; `thanks_s`: how long the
        thank-you stays; `reason_wait_s`: how long the reasons wait for a tap before the face
        is sent alone; `idle_s`: how long the faces stay in another language untouched;
        `monotonic`: the clock those and a finished visit's recency are measured on."""
        super().__init__()
        self.catalog = Catalog("feedback")
        hello = Hello(protocol=PROTOCOL, role="feedback", token=token)
        link_options.setdefault("request_timeout", RATE_TIMEOUT_S)
        self.link = Link(self, url, hello, **link_options)
        self.home_lang: Lang = home_lang
        self.thanks_s = thanks_s
        self.reason_wait_s = reason_wait_s
        self.idle_s = idle_s
        self.monotonic = monotonic
        self.set_reactive(FeedbackApp.rating, Rating(home_lang))
        self._sending: str | None = None  # the id of the rating on its way

    def compose(self) -> ComposeResult:
        cat = self.catalog
        yield LanguageBar(cat).data_bind(FeedbackApp.rating, FeedbackApp.tablet)
        with ContentSwitcher(id="pages", initial="faces-page").data_bind(current=FeedbackApp.page):
            faces = FacesPage(
                cat, monotonic=self.monotonic, home_lang=self.home_lang, idle_s=self.idle_s
            )
            yield faces.data_bind(FeedbackApp.rating, FeedbackApp.tablet, FeedbackApp.last)
            yield ReasonsPage(cat, wait_s=self.reason_wait_s).data_bind(
                FeedbackApp.page, FeedbackApp.rating, FeedbackApp.tablet
            )
            yield ThanksPage(cat, show_s=self.thanks_s).data_bind(FeedbackApp.rating)
            yield OfflinePage(cat).data_bind(link=FeedbackApp.link_state)

    def on_mount(self) -> None:
        self.link.start()

    async def on_unmount(self) -> None:
        # A goodbye, so the server drops this tablet at once rather than after its keepalive.
        await self.link.close()

    def compute_page(self) -> str:
        if self.link_state in ("offline", "refused"):
            return "offline-page"
        return self.rating.page

    # -- the link --------------------------------------------------------------------

    def on_link_welcome(self, message: Link.Welcome) -> None:
        tablet = tablets.welcomed(message.snapshot)
        if tablet is None:
            tag = message.snapshot.__struct_config__.tag
            log.error("the server sent a %s's welcome to a feedback tablet", tag)
            return
        if self.tablet is not None and tablet.counter != self.tablet.counter:
            self.last = None  # its counter changed in the config: that visit was not its
        self.tablet = tablet

    def on_link_event(self, message: Link.Event) -> None:
        self.last = tablets.finished(self.tablet, self.last, message.frame, self.monotonic())

    def on_link_state(self, message: Link.State) -> None:
        was = self.link_state
        self.link_state = tablets.link_state(was, message.state)
        if self.link_state == "online" and was == "offline":
            # Back: whoever stood here has gone meanwhile (no face was there to tap).
            self.start_over()

    def on_link_refused(self, message: Link.Refused) -> None:
        log.error("the server refused this tablet (%s): %s", message.code, message.message)
        self.link_state = "refused"
        self.start_over()

    # -- the rating ------------------------------------------------------------------

    def start_over(self) -> None:
        """The faces again, in the home language, for the next visitor."""
        self._sending = None
        self.rating = Rating(self.home_lang)

    def on_language_bar_language_chosen(self, message: LanguageBar.LanguageChosen) -> None:
        self.rating = self.rating.with_lang(message.lang)

    def on_faces_page_face_chosen(self, message: FacesPage.FaceChosen) -> None:
        if self.tablet is None or self.link_state != "online":
            return  # not welcomed yet: nothing could be saved
        ask = asks_reason(message.score, len(self.tablet.reasons))
        rating = self.rating.chose_face(message.score, ask_reason=ask)
        if rating != self.rating:
            self.rating = rating
            if rating.stage == "sending":
                self.send(rating)

    def on_reasons_page_reason_chosen(self, message: ReasonsPage.ReasonChosen) -> None:
        rating = self.rating.chose_reason(message.reason)
        if rating != self.rating:
            self.rating = rating
            self.send(rating)

    def on_reasons_page_back(self, _message: ReasonsPage.Back) -> None:
        self.rating = self.rating.back()

    def on_thanks_page_done(self, _message: ThanksPage.Done) -> None:
        self.start_over()

    def on_faces_page_idle(self, _message: FacesPage.Idle) -> None:
        self.start_over()

    def send(self, rating: Rating) -> None:
        assert rating.score is not None
        req = Rate(id=self.link.new_id(), score=rating.score, reason=rating.reason)
        self._sending = req.id
        self.run_worker(self._rate(req, self.last), group="rate")

    async def _rate(self, req: Rate, last: Visit | None) -> None:
        try:
            reply = await self.link.request(req)
        except RequestError as e:
            log.warning("rating refused: %s: %s", e.code, e.message)
            saved = False
        except ClientError as e:
            log.warning("rating unanswered: %s", e)
            saved = False
        else:
            saved = True
            log.info("rated %s", reply.rated or "anonymously")
            if self.last is last:
                # That visit has its rating now (or was not rateable): the next is anonymous.
                self.last = None
        if self._sending == req.id:  # the visitor is still looking at this rating
            self._sending = None
            self.rating = self.rating.saved() if saved else self.rating.not_saved()


def create_app(args: argparse.Namespace) -> FeedbackApp:
    return FeedbackApp(args.url, args.token, home_lang=args.lang, thanks_s=args.thanks)


def main(args: argparse.Namespace) -> int:
    run(create_app(args))
    return 0
