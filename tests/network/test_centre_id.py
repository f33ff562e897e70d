"""`[centre] id`: the centre's name in the network's files, checked like every key; left out,
a slug of the Latvian name."""

from __future__ import annotations

import pytest

from server.config import ConfigError, loads
from server.config_meaning import slug
from tests.network.facts_log import centre_text


def test_the_configured_id_or_the_latvian_names_slug() -> None:
    assert loads(centre_text("ogre-2")).centre_id == "ogre-2"
    assert loads(centre_text(None)).centre_id == "testa-centrs"  # "Testa centrs"


@pytest.mark.parametrize("bad", ["Ogre", "ogre centre", "-ogre", "ogre--x", "", "a" * 33, "ogrē"])
def test_an_id_that_is_no_short_slug_is_named(bad: str) -> None:
    with pytest.raises(ConfigError) as e:
        loads(centre_text(bad))
    assert str(e.value).startswith(f'centre.id = "{bad}": use 1-32 small letters a-z')


def test_a_slug_drops_diacritics_and_stops_at_a_whole_word() -> None:
    assert slug("Rīgas Ziemeļu klientu apkalpošanas centrs") == "rigas-ziemelu-klientu"
    assert slug("Līvāni") == "livani"
    assert slug("Центр") == "centre"  # nothing Latin left
    assert slug("x" * 40) == "x" * 32
