"""The sentence a display speaks for a call, per language: pure functions, no sound.

Everything is spelled out in words before it reaches the speech synthesiser, so what is said
does not depend on how a voice happens to read "A012" or "3.":

- **The ticket** is read as its letters (by their names in that language) and then its number
  as one whole number without the leading zeros, the way people say it: "A012" → "A
  divpadsmit" / "А двенадцать" / "A twelve". Reading digit by digit ("nulle viens divi") is
  longer and harder to catch across a noisy hall.
- **Latvian**: "Klients A divpadsmit, lūdzu, pie trešā lodziņa." The preposition "pie" takes
  the genitive, so the counter is an ordinal in the genitive ("trešā", "divdesmit pirmā"),
  agreeing with "lodziņa" (gen. of "lodziņš", masculine) — this is how "pie 3. lodziņa" is
  read aloud. A counter whose name is not a number ("Kase") is said as "pie lodziņa Kase",
  which needs no declension of a name we do not know.
- **Russian**: "Клиент А двенадцать, пожалуйста, к окну номер три." "номер" + cardinal avoids
  declining the ordinal after "к" (dative), and is what Russian-speaking halls say. Latin
  letters are given Russian letter names ("бэ", "эф"...).
- **English**: "Ticket A twelve, please go to counter three."
"""

from __future__ import annotations

import re
from collections.abc import Callable

_TICKET = re.compile(r"^([A-Z]+)0*(\d+)$")

# ---- Latvian ------------------------------------------------------------------------------

LV_LETTERS = {
    "A": "a", "B": "bē", "C": "cē", "D": "dē", "E": "e", "F": "ef", "G": "gē", "H": "hā",
    "I": "i", "J": "jē", "K": "kā", "L": "el", "M": "em", "N": "en", "O": "o", "P": "pē",
    "Q": "kū", "R": "er", "S": "es", "T": "tē", "U": "u", "V": "vē", "W": "dubultvē",
    "X": "iks", "Y": "igrek", "Z": "zē",
}  # fmt: skip
LV_ONES = ["nulle", "viens", "divi", "trīs", "četri", "pieci", "seši", "septiņi", "astoņi",
           "deviņi"]  # fmt: skip
# Stems of 11-19 (+ "padsmit") and of the tens (+ "desmit").
LV_STEMS = ["", "vien", "div", "trīs", "četr", "piec", "seš", "septiņ", "astoņ", "deviņ"]
# Ordinals in the genitive masculine (definite), 1-9: "pie pirmā / otrā / trešā ... lodziņa".
LV_ORD_GEN = ["", "pirmā", "otrā", "trešā", "ceturtā", "piektā", "sestā", "septītā", "astotā",
              "devītā"]  # fmt: skip


def lv_number(n: int) -> str:
    """A cardinal in words, 0-9999 (e.g. 245 → "divi simti četrdesmit pieci")."""
    if n < 10:
        return LV_ONES[n]
    if n == 10:
        return "desmit"
    if n < 20:
        return LV_STEMS[n - 10] + "padsmit"
    if n < 100:
        tens = LV_STEMS[n // 10] + "desmit"
        return tens if n % 10 == 0 else f"{tens} {LV_ONES[n % 10]}"
    if n < 1000:
        h, rest = divmod(n, 100)
        head = ("simts" if rest == 0 else "simt") if h == 1 else f"{LV_ONES[h]} simti"
        return head if rest == 0 else f"{head} {lv_number(rest)}"
    th, rest = divmod(n, 1000)
    head = ("tūkstotis" if rest == 0 else "tūkstoš") if th == 1 else f"{LV_ONES[th]} tūkstoši"
    return head if rest == 0 else f"{head} {lv_number(rest)}"


def lv_ordinal_genitive(n: int) -> str:
    """An ordinal in the genitive masculine, 1-99: 3 → "trešā", 21 → "divdesmit pirmā"."""
    if n < 10:
        return LV_ORD_GEN[n]
    if n < 20:
        return "desmitā" if n == 10 else LV_STEMS[n - 10] + "padsmitā"
    tens = LV_STEMS[n // 10] + "desmit"
    return tens + "ā" if n % 10 == 0 else f"{tens} {LV_ORD_GEN[n % 10]}"


def sentence_lv(ticket: str, counter_name: str) -> str:
    said = _ticket_words(ticket, LV_LETTERS, lv_number)
    if counter_name.isdigit() and 1 <= int(counter_name) <= 99:
        return f"Klients {said}, lūdzu, pie {lv_ordinal_genitive(int(counter_name))} lodziņa."
    return f"Klients {said}, lūdzu, pie lodziņa {counter_name}."


# ---- Russian ------------------------------------------------------------------------------

RU_LETTERS = {
    "A": "А", "B": "бэ", "C": "цэ", "D": "дэ", "E": "е", "F": "эф", "G": "гэ", "H": "аш",
    "I": "и", "J": "йот", "K": "ка", "L": "эль", "M": "эм", "N": "эн", "O": "о", "P": "пэ",
    "Q": "ку", "R": "эр", "S": "эс", "T": "тэ", "U": "у", "V": "вэ", "W": "дубль-вэ",
    "X": "икс", "Y": "игрек", "Z": "зэт",
}  # fmt: skip
RU_ONES = ["ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"]
RU_TEENS = ["десять", "одиннадцать", "двенадцать", "тринадцать", "четырнадцать", "пятнадцать",
            "шестнадцать", "семнадцать", "восемнадцать", "девятнадцать"]  # fmt: skip
RU_TENS = ["", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят",
           "восемьдесят", "девяносто"]  # fmt: skip
RU_HUNDREDS = ["", "сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот",
               "восемьсот", "девятьсот"]  # fmt: skip
RU_THOUSANDS = ["", "одна тысяча", "две тысячи", "три тысячи", "четыре тысячи", "пять тысяч",
                "шесть тысяч", "семь тысяч", "восемь тысяч", "девять тысяч"]  # fmt: skip


def ru_number(n: int) -> str:
    """A cardinal in words, 0-9999 (e.g. 245 → "двести сорок пять")."""
    if n == 0:
        return RU_ONES[0]
    words = [RU_THOUSANDS[n // 1000], RU_HUNDREDS[n // 100 % 10]]
    rest = n % 100
    if 10 <= rest < 20:
        words.append(RU_TEENS[rest - 10])
    else:
        words += [RU_TENS[rest // 10], RU_ONES[rest % 10] if rest % 10 else ""]
    return " ".join(w for w in words if w)


def sentence_ru(ticket: str, counter_name: str) -> str:
    said = _ticket_words(ticket, RU_LETTERS, ru_number)
    if counter_name.isdigit():
        return f"Клиент {said}, пожалуйста, к окну номер {ru_number(int(counter_name))}."
    return f"Клиент {said}, пожалуйста, к окну {counter_name}."


# ---- English ------------------------------------------------------------------------------

EN_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
           "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
           "seventeen", "eighteen", "nineteen"]  # fmt: skip
EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def en_number(n: int) -> str:
    """A cardinal in words, 0-9999 (e.g. 245 → "two hundred forty-five")."""
    if n < 20:
        return EN_ONES[n]
    if n < 100:
        return EN_TENS[n // 10] + (f"-{EN_ONES[n % 10]}" if n % 10 else "")
    if n < 1000:
        h, rest = divmod(n, 100)
        return f"{EN_ONES[h]} hundred" + (f" {en_number(rest)}" if rest else "")
    th, rest = divmod(n, 1000)
    return f"{EN_ONES[th]} thousand" + (f" {en_number(rest)}" if rest else "")


def sentence_en(ticket: str, counter_name: str) -> str:
    said = _ticket_words(ticket, {c: c for c in LV_LETTERS}, en_number)
    where = en_number(int(counter_name)) if counter_name.isdigit() else counter_name
    return f"Ticket {said}, please go to counter {where}."


# ---- shared -------------------------------------------------------------------------------


def _ticket_words(ticket: str, letters: dict[str, str], number: Callable[[int], str]) -> str:
    """ "A012" → letter names + the number in words; anything else is left as it is."""
    m = _TICKET.match(ticket)
    if not m or int(m.group(2)) > 9999:
        return ticket
    return " ".join([*(letters.get(c, c) for c in m.group(1)), number(int(m.group(2)))])


SENTENCES: dict[str, Callable[[str, str], str]] = {
    "lv": sentence_lv,
    "ru": sentence_ru,
    "en": sentence_en,
}


def sentence(lang: str, ticket: str, counter_name: str) -> str:
    """What to say in `lang` ("lv", "ru" or "en") for `ticket` called to `counter_name`."""
    return SENTENCES[lang](ticket, counter_name)
