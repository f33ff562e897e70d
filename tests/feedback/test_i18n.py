"""Every tablet text exists in Latvian, Russian and English."""

from __future__ import annotations

from server.i18n import Catalog


def test_no_key_is_missing_in_any_language() -> None:
    assert Catalog("feedback").missing() == {}


def test_no_text_is_empty() -> None:
    cat = Catalog("feedback")
    assert [(lang, k) for lang, texts in cat.texts.items() for k, v in texts.items() if not v] == []
