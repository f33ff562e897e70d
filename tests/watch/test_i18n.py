"""Every visible string of the watch exists in Latvian, Russian and English, and every key the
code asks for is in the catalogs (those built at run time: every column, state and reason a
read can end in)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

from server.i18n import Catalog
from watch.fetch import Kind
from watch.screen import KEYS
from watch.widgets.centres_table import COLUMNS

WATCH = Path(__file__).resolve().parents[2] / "watch"
FETCH = (WATCH / "fetch.py").read_text()


def test_every_language_has_every_key() -> None:
    assert Catalog("watch").missing() == {}


def test_every_key_the_code_uses_exists() -> None:
    known = set(Catalog("watch").texts["lv"])
    used: set[str] = set()
    for path in WATCH.rglob("*.py"):
        used |= set(
            re.findall(r"""["']((?:app|cell|state|col|keys)\.[a-z_]+)["']""", path.read_text())
        )
    used.discard("app.tcss")  # the stylesheet's file name, not a key
    used |= {f"col.{c}" for c in COLUMNS}
    used |= {f"keys.{label}" for _, _, label in KEYS}
    used |= {f"state.{k}" for k in (*get_args(Kind), "ok", "reading")}
    # Every reason a Failure is made with in watch/fetch.py.
    reasons = {
        reason
        for said in re.findall(r"""Failure\(\s*"\w+",\s*([^,)]+)""", FETCH)
        for reason in re.findall(r'"(\w+)"', said)
    }
    assert {"timeout", "forbidden", "too_large", "not_http"} <= reasons
    used |= {f"why.{r}" for r in reasons}
    used |= {f"time.{t}" for t in ("seconds", "minutes", "hours")}  # StaffWords.duration
    assert used - known == set()
    assert {k for k in known if k.startswith("why.")} == {f"why.{r}" for r in reasons}


def test_a_counter_is_called_what_the_rest_of_rinda_calls_it() -> None:
    # The counter app calls itself "lodziņš" / "окно", and so do the manager and the display.
    watch, counter = Catalog("watch").texts, Catalog("counter").texts
    assert "lodziņš" in counter["lv"]["app.title"] and "lodziņi" in watch["lv"]["col.open"]
    assert "lete" not in " ".join(watch["lv"].values())
    assert "окно" in counter["ru"]["app.title"].casefold() and "окон" in watch["ru"]["col.open"]
