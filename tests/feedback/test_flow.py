"""A visitor rates their visit on the exit tablet, against a real server: with the counter's
visit just finished or anonymously, with or without a reason, in each language."""

from __future__ import annotations

from feedback.app import FeedbackApp
from feedback.pages.faces import FacesPage
from feedback.pages.reasons import ReasonsPage
from server.protocol.messages import Lang
from tests.feedback.helpers import finish_visit, make_tablet, ratings
from tests.server.harness import Running
from tests.ui import screen_text, showing, until

QUESTION = "Kā jums patika apmeklējums?"


def reason_names(running: Running, lang: Lang) -> list[str]:
    """The configured reasons' names in a language, in their order."""
    return [text.get(lang) for text in running.server.config.feedback.reasons.values()]


def sending(app: FeedbackApp) -> list[object]:
    """The ratings on their way to the server."""
    return [w for w in app.workers if w.group == "rate" and not w.is_finished]


async def test_the_visit_just_finished_at_the_counter_is_rated_with_a_reason(
    running: Running,
) -> None:
    app = make_tablet(running, "f1", thanks_s=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await showing(pilot, "Testa centrs")
        assert QUESTION in screen_text(app)
        assert "pie 1. loga" not in screen_text(app)  # no visit has finished there yet
        number = await finish_visit(running, "c1")
        await showing(pilot, "Jūsu apmeklējums pie 1. loga")
        await pilot.click("#face-2")
        await showing(pilot, "Kas bija galvenais iemesls?")
        first = reason_names(running, "lv")[0]
        assert first in screen_text(app)
        await pilot.click("#reason-0")
        await showing(pilot, "Jūsu vērtējums ir saglabāts.")
        assert "Paldies!" in screen_text(app)
        # Back to the faces for the next visitor: that visit has its rating now.
        await showing(pilot, QUESTION)
        assert "pie 1. loga" not in screen_text(app)
    [rating] = await ratings(running)
    first_id = next(iter(running.server.config.feedback.reasons))
    assert (rating.ticket, rating.counter, rating.score, rating.reason, rating.by) == (
        number,
        "1",
        2,
        first_id,
        "f1",
    )


async def test_the_exit_tablet_rates_anonymously_and_a_good_face_asks_no_reason(
    running: Running,
) -> None:
    app = make_tablet(running, "f2")
    async with app.run_test(size=(80, 24)) as pilot:
        await showing(pilot, QUESTION)
        await finish_visit(running, "c1")  # not this tablet's counter: it has none
        await pilot.click("#face-5")
        await showing(pilot, "Jūsu vērtējums ir saglabāts.")
        assert "loga" not in screen_text(app)
    [rating] = await ratings(running)
    assert (rating.ticket, rating.counter, rating.score, rating.reason, rating.by) == (
        None,
        None,
        5,
        None,
        "f2",
    )


async def test_a_russian_visitor_skips_the_reason_and_the_next_one_starts_in_latvian(
    running: Running,
) -> None:
    app = make_tablet(running, "f2", thanks_s=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await showing(pilot, QUESTION)
        await pilot.click("#lang-ru")
        await showing(pilot, "Как прошёл ваш визит?")
        assert "Тестовый центр" in screen_text(app)
        await pilot.click("#face-1")
        await showing(pilot, "Что было главной причиной?")
        shown = screen_text(app)
        assert all(name in shown for name in reason_names(running, "ru"))
        await pilot.click("#skip")
        await showing(pilot, "Ваша оценка сохранена.")
        await showing(pilot, QUESTION)
    [rating] = await ratings(running)
    assert (rating.score, rating.reason) == (1, None)


async def test_a_visitor_who_walks_away_from_the_reasons_has_given_the_face(
    running: Running,
) -> None:
    app = make_tablet(running, "f2", reason_wait_s=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await showing(pilot, QUESTION)
        await pilot.click("#lang-en")
        await pilot.click("#face-3")
        await showing(pilot, "What was the main reason?")
        await showing(pilot, "Your rating has been saved.")
    [rating] = await ratings(running)
    assert (rating.score, rating.reason) == (3, None)


async def test_a_face_tapped_by_mistake_is_taken_back_and_only_the_second_counts(
    running: Running,
) -> None:
    app = make_tablet(running, "f1")
    async with app.run_test(size=(80, 24)) as pilot:
        await showing(pilot, QUESTION)
        number = await finish_visit(running, "c1")
        await showing(pilot, "Jūsu apmeklējums pie 1. loga")
        await pilot.click("#lang-en")
        await pilot.click("#face-1")
        await showing(pilot, "What was the main reason?")
        await pilot.click("#back")
        # The faces again, the visit still offered, in the visitor's language; nothing sent.
        await showing(pilot, "Your visit at counter 1")
        assert "How was your visit?" in screen_text(app) and not sending(app)
        # The reasons' wait running out late (or a late tap) sends nothing for the face taken back.
        app.query_one(ReasonsPage).post_message(ReasonsPage.ReasonChosen(None))
        await pilot.pause()
        assert "How was your visit?" in screen_text(app) and not sending(app)
        await pilot.click("#face-4")
        await showing(pilot, "Your rating has been saved.")
    [rating] = await ratings(running)
    assert (rating.ticket, rating.score, rating.reason) == (number, 4, None)


async def test_a_double_tap_on_a_face_is_one_rating(running: Running) -> None:
    app = make_tablet(running, "f2")
    async with app.run_test(size=(80, 24)) as pilot:
        await showing(pilot, QUESTION)
        # Both taps arrive before the page changes: the second must not rate again.
        faces = app.query_one(FacesPage)
        faces.post_message(FacesPage.FaceChosen(4))
        faces.post_message(FacesPage.FaceChosen(4))
        await showing(pilot, "Jūsu vērtējums ir saglabāts.")
        await until(pilot, lambda: not sending(app), what="every rating answered")
    assert [r.score for r in await ratings(running)] == [4]


async def test_the_counters_visit_is_no_longer_offered_once_its_window_is_over(
    running: Running,
) -> None:
    now = [1000.0]
    app = make_tablet(running, "f1", monotonic=lambda: now[0])
    async with app.run_test(size=(80, 24)) as pilot:
        await showing(pilot, QUESTION)
        await finish_visit(running, "c1")
        await showing(pilot, "Jūsu apmeklējums pie 1. loga")
        now[0] += 9 * 60  # the test centre's window is the default 10 minutes
        app.query_one(FacesPage).show_hint()  # what its next look will do
        await pilot.pause()
        assert "Jūsu apmeklējums pie 1. loga" in screen_text(app)
        now[0] += 60
        await until(pilot, lambda: "pie 1. loga" not in screen_text(app), what="the line gone")


async def test_faces_left_in_another_language_go_back_to_latvian_for_the_next_visitor(
    running: Running,
) -> None:
    now = [1000.0]
    app = make_tablet(running, "f2", monotonic=lambda: now[0])
    async with app.run_test(size=(80, 24)) as pilot:
        await showing(pilot, QUESTION)
        await pilot.click("#lang-en")
        await showing(pilot, "How was your visit?")
        now[0] += 29
        app.query_one(FacesPage).look()  # what its next look will do
        await pilot.pause()
        assert "How was your visit?" in screen_text(app)
        now[0] += 1  # 30 s untouched
        await showing(pilot, QUESTION)
    assert await ratings(running) == []


async def test_a_portrait_tablets_fit_still_shows_every_face_and_the_way_back(
    running: Running,
) -> None:
    """docs/feedback.md suggests `--web-fit 50x36` for a portrait tablet."""
    app = make_tablet(running, "f1")
    async with app.run_test(size=(50, 36)) as pilot:
        await showing(pilot, QUESTION)
        for lang in ("lv", "ru", "en"):
            await pilot.click(f"#lang-{lang}")
            words = [app.catalog.t(lang, f"faces.score_{s}") for s in range(1, 6)]
            # A face's words may wrap under it, but none is cut.
            await until(
                pilot,
                lambda words=words: all(w in screen_text(app) for ws in words for w in ws.split()),
                what=f"every face's words in {lang}",
            )
        await pilot.click("#face-2")
        await showing(pilot, "What was the main reason?")
        assert "← Back" in screen_text(app) and "Skip" in screen_text(app)
