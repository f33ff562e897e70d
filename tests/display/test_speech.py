"""The sentences a call is announced with, per language."""

from __future__ import annotations

import pytest

from display.speech import en_number, lv_number, lv_ordinal_genitive, ru_number, sentence


@pytest.mark.parametrize(
    ("lang", "ticket", "counter", "said"),
    [
        ("lv", "A012", "3", "Klients a divpadsmit, lūdzu, pie trešā lodziņa."),
        ("lv", "B001", "1", "Klients bē viens, lūdzu, pie pirmā lodziņa."),
        ("lv", "H100", "21", "Klients hā simts, lūdzu, pie divdesmit pirmā lodziņa."),
        ("lv", "C010", "12", "Klients cē desmit, lūdzu, pie divpadsmitā lodziņa."),
        ("lv", "K7", "Kase", "Klients kā septiņi, lūdzu, pie lodziņa Kase."),
        ("ru", "A012", "3", "Клиент А двенадцать, пожалуйста, к окну номер три."),
        ("ru", "B245", "10", "Клиент бэ двести сорок пять, пожалуйста, к окну номер десять."),
        ("ru", "K7", "Kase", "Клиент ка семь, пожалуйста, к окну Kase."),
        ("en", "A012", "3", "Ticket A twelve, please go to counter three."),
        (
            "en",
            "AB1234",
            "2",
            "Ticket A B one thousand two hundred thirty-four, please go to counter two.",
        ),
    ],
)
def test_sentences(lang: str, ticket: str, counter: str, said: str) -> None:
    assert sentence(lang, ticket, counter) == said


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "nulle"),
        (7, "septiņi"),
        (10, "desmit"),
        (11, "vienpadsmit"),
        (19, "deviņpadsmit"),
        (20, "divdesmit"),
        (45, "četrdesmit pieci"),
        (100, "simts"),
        (101, "simt viens"),
        (300, "trīs simti"),
        (999, "deviņi simti deviņdesmit deviņi"),
        (1000, "tūkstotis"),
        (1001, "tūkstoš viens"),
        (2024, "divi tūkstoši divdesmit četri"),
    ],
)
def test_latvian_numbers(n: int, words: str) -> None:
    assert lv_number(n) == words


@pytest.mark.parametrize(
    ("n", "words"),
    [(1, "pirmā"), (2, "otrā"), (4, "ceturtā"), (7, "septītā"), (10, "desmitā"),
     (15, "piecpadsmitā"), (30, "trīsdesmitā"), (32, "trīsdesmit otrā")],
)  # fmt: skip
def test_latvian_ordinals_are_genitive_after_pie(n: int, words: str) -> None:
    assert lv_ordinal_genitive(n) == words


@pytest.mark.parametrize(
    ("n", "ru", "en"),
    [
        (0, "ноль", "zero"),
        (13, "тринадцать", "thirteen"),
        (40, "сорок", "forty"),
        (99, "девяносто девять", "ninety-nine"),
        (200, "двести", "two hundred"),
        (1000, "одна тысяча", "one thousand"),
        (5005, "пять тысяч пять", "five thousand five"),
    ],
)
def test_russian_and_english_numbers(n: int, ru: str, en: str) -> None:
    assert (ru_number(n), en_number(n)) == (ru, en)


def test_something_that_is_not_a_ticket_number_is_said_as_it_is() -> None:
    assert sentence("en", "VIP", "3") == "Ticket VIP, please go to counter three."
