"""A centre hosting several institutions (a VPVKAC): the kiosk lists services under their
institution, institutions in the order the centre's config lists them, whatever the order of
the services."""

from __future__ import annotations

from pathlib import Path

from server.config import loads
from tests.conftest import Clock, centre_toml
from tests.kiosk.helpers import make_kiosk
from tests.server.harness import start_server
from tests.ui import painted, showing

MUNI = '[[institutions]]\nid = "muni"'
STATE = """[[institutions]]
id = "state"
name = { lv = "Valsts ieņēmumu dienests", ru = "СГД", en = "State Revenue Service" }

"""
RENT = """
[[services]]
id = "rent"
prefix = "C"
institution = "muni"
name = { lv = "Īre", ru = "Аренда", en = "Rent" }
"""


def two_institutions() -> str:
    """Institutions: state, then muni. Services: social (muni), tax (state), rent (muni)."""
    toml = centre_toml()
    for old, new in [
        (MUNI, STATE + MUNI),
        ('prefix = "B"\ninstitution = "muni"', 'prefix = "B"\ninstitution = "state"'),
        ("\n[[priorities]]", RENT + "\n[[priorities]]"),
        ('services = ["social", "tax"]', 'services = ["social", "tax", "rent"]'),
    ]:
        assert old in toml
        toml = toml.replace(old, new, 1)
    return toml


async def test_services_are_listed_under_institutions_in_the_configs_order(
    db_path: Path, clock: Clock
) -> None:
    async with start_server(loads(two_institutions()), db_path, clock) as running:
        app = make_kiosk(running)
        async with app.run_test(size=(80, 40)) as pilot:
            await showing(pilot, "Testa centrs")
            await pilot.click("#lang-lv")
            await showing(pilot, "Īre")
            names = [
                "Valsts ieņēmumu dienests",
                "Nodokļi",
                "Pašvaldība",
                "Sociālie pakalpojumi",
                "Īre",
            ]
            lines = painted(app)
            rows = [next(y for y, line in enumerate(lines) if name in line) for name in names]
            assert rows == sorted(rows), "\n".join(lines)
            # In the visitor's language too.
            await pilot.click("#back")
            await showing(pilot, "Latviešu")
            await pilot.click("#lang-en")
            await showing(pilot, "Rent")
            lines = painted(app)
            names = ["State Revenue Service", "Taxes", "Municipality", "Social services", "Rent"]
            rows = [next(y for y, line in enumerate(lines) if name in line) for name in names]
            assert rows == sorted(rows), "\n".join(lines)
