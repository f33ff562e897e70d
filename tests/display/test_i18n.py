"""Every visible string of the display exists in Latvian, Russian and English."""

from __future__ import annotations

from server.i18n import Catalog


def test_every_key_is_in_every_language() -> None:
    assert Catalog("display").missing() == {}


def test_the_catalogs_are_not_empty_and_say_different_things() -> None:
    catalog = Catalog("display")
    assert len(catalog.texts["lv"]) >= 15
    assert catalog.t("lv", "reconnecting") != catalog.t("en", "reconnecting")
