"""When the tablet cannot save a rating it says so, and keeps nothing to send later: with the
server gone the faces give way to an "unavailable" page until it is back; a rating the server
could not save is thanked for and said to be not saved; a refused token stays refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from server.config import CentreConfig
from server.net.app import RindaServer
from server.store.errors import StoreError
from tests.conftest import Clock
from tests.feedback.helpers import make_tablet, ratings
from tests.server.harness import Running, start_server
from tests.ui import screen_text, showing

QUESTION = "Kā jums patika apmeklējums?"
UNAVAILABLE = "Vērtēšana īslaicīgi nav pieejama"


async def test_the_faces_go_while_the_server_is_away_and_come_back_with_it(
    config: CentreConfig, db_path: Path, clock: Clock
) -> None:
    async with start_server(config, db_path, clock) as first:
        port = first.port
        app = make_tablet(first, "f2")
        async with app.run_test(size=(80, 24)) as pilot:
            await showing(pilot, QUESTION)
            await first.server.close()
            await showing(pilot, UNAVAILABLE)
            shown = screen_text(app)
            assert "Оценка временно недоступна" in shown
            assert "Rating is not available at the moment" in shown
            assert QUESTION not in shown  # nothing to tap that could not be saved
            # A tap where the faces were reaches nothing, and nothing waits to be sent.
            await pilot.click(offset=(40, 14))
            assert app.rating.stage == "faces"

            back = RindaServer(config, db_path, clock=clock)
            await back.start("127.0.0.1", port)
            try:
                await showing(pilot, QUESTION)
                await pilot.click("#face-4")
                await showing(pilot, "Jūsu vērtējums ir saglabāts.")
                [rating] = await ratings(Running(back, port, first.tokens))
                assert (rating.ticket, rating.score, rating.by) == (None, 4, "f2")
            finally:
                await back.close()


async def test_a_rating_the_server_could_not_save_is_said_to_be_not_saved(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def append(*_args: Any, **_kwargs: Any) -> int:
        raise StoreError("The database file has become read-only.")

    app = make_tablet(running, "f2", thanks_s=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await showing(pilot, QUESTION)
        monkeypatch.setattr(running.server.store, "append", append)
        await pilot.click("#face-5")
        await showing(pilot, "Diemžēl jūsu vērtējumu šobrīd neizdevās saglabāt.")
        assert "Paldies!" in screen_text(app)
        monkeypatch.undo()
        # The faces come back for the next visitor; the lost rating is not sent again.
        await showing(pilot, QUESTION)
    assert await ratings(running) == []


async def test_a_tablet_with_a_wrong_token_says_so_and_offers_no_faces(running: Running) -> None:
    app = make_tablet(running, "f2", token="not-a-token")
    async with app.run_test(size=(80, 24)) as pilot:
        await showing(pilot, "Serveris nepieņem šo planšeti. Lūdzu, pasakiet to darbiniekam.")
        assert "The server does not accept this tablet." in screen_text(app)
        assert QUESTION not in screen_text(app)
