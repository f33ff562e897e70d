"""A rating's steps as a value: one rating per visitor, whatever is tapped twice."""

from __future__ import annotations

from feedback.rating import Rating, asks_reason


def test_a_low_score_asks_for_a_reason_a_good_one_or_no_reasons_does_not() -> None:
    assert [asks_reason(score, 4) for score in (1, 2, 3, 4, 5)] == [True, True, True, False, False]
    assert not asks_reason(1, 0)  # a centre that configured no reasons


def test_a_face_then_a_reason_is_one_rating_on_its_way() -> None:
    rating = Rating("ru").chose_face(2, ask_reason=True)
    assert (rating.stage, rating.page, rating.score) == ("reasons", "reasons-page", 2)
    sending = rating.chose_reason("not_helped")
    assert (sending.stage, sending.page, sending.score, sending.reason, sending.lang) == (
        "sending",
        "thanks-page",
        2,
        "not_helped",
        "ru",
    )
    assert sending.saved().stage == "thanks"
    assert sending.not_saved().stage == "not_saved"


def test_taps_after_the_rating_left_change_nothing() -> None:
    sending = Rating("lv").chose_face(5, ask_reason=False)
    assert sending.stage == "sending"
    assert sending.chose_face(1, ask_reason=False) is sending
    assert sending.chose_reason("other") is sending
    thanks = sending.saved()
    assert thanks.saved() is thanks and thanks.not_saved() is thanks
    assert thanks.chose_face(3, ask_reason=False) is thanks


def test_a_score_that_is_no_face_is_ignored() -> None:
    start = Rating("lv")
    assert start.chose_face(0, ask_reason=False) is start
    assert start.chose_face(6, ask_reason=True) is start


def test_switching_language_keeps_the_step() -> None:
    rating = Rating("lv").chose_face(1, ask_reason=True).with_lang("en")
    assert (rating.lang, rating.stage, rating.score) == ("en", "reasons", 1)


def test_back_from_the_reasons_is_the_faces_with_nothing_chosen() -> None:
    reasons = Rating("ru").chose_face(1, ask_reason=True)
    assert reasons.back() == Rating("ru")
    sending = reasons.chose_reason(None)
    assert sending.back() is sending  # on its way: too late to take back
    assert Rating("lv").back() == Rating("lv")
