"""Every visible string of the manager app exists in Latvian, Russian and English, and every
key the code asks for is in the catalogs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

from manager import export
from manager.report_table import column_id
from manager.screen import KEYS
from manager.widgets.counters_table import CountersTable
from manager.widgets.kiosks_table import KiosksTable
from manager.widgets.services_table import ServicesTable
from server.i18n import Catalog
from server.protocol.codes import ErrorCode
from server.protocol.messages import PAUSE_REASONS
from server.protocol.reports import GROUPINGS
from server.protocol.views import NotIssuing, PrinterHealth
from server.protocol.waits import KINDS as WAIT_KINDS
from server.reports.columns import COLUMNS, REMOTE_COLUMNS

MANAGER = Path(__file__).resolve().parents[2] / "manager"
# The durations both staff apps write (its `time.*` keys).
SHARED = MANAGER.parent / "server" / "staff_words.py"
SECTIONS = (
    "app|tabs|keys|reasons|counters|services|kiosks|alerts|notice|time|period|history|report|dialog"
    "|actions|said|errors"
)


def test_every_language_has_every_key() -> None:
    assert Catalog("manager").missing() == {}


def test_every_key_the_code_uses_exists() -> None:
    known = set(Catalog("manager").texts["lv"])
    used: set[str] = set()
    for path in [*MANAGER.rglob("*.py"), SHARED]:
        used |= set(re.findall(rf"""["']((?:{SECTIONS})(?:\.[a-z_0-9]+)+)["']""", path.read_text()))
    used.discard("app.tcss")  # the stylesheet's file name, not a key
    # Keys built at run time.
    used |= {f"app.{s}" for s in ("connecting", "offline", "online")}
    used |= {f"counters.state.{s}" for s in ("serving", "called", "open", "paused", "closed")}
    used |= {f"services.reason.{r}" for r in get_args(NotIssuing) if r}
    used |= {f"kiosks.printer.{p}" for p in get_args(PrinterHealth)}
    used |= {f"alerts.{k}" for k in ("paper_out", "offline", "error")}
    used |= {f"keys.{label}" for _, _, label in KEYS}
    used |= {f"report.by.{by}" for by in GROUPINGS}
    used |= {f"report.{key}" for key in export.REFUSALS}
    used |= {f"reasons.{code}" for code in PAUSE_REASONS}
    used |= {f"wait.{kind}" for kind in WAIT_KINDS}  # server/staff_words.py `expected`
    used |= {f"report.col.{column_id(c)}" for c in (*COLUMNS, *REMOTE_COLUMNS) if c.keep}
    for table in (CountersTable, ServicesTable, KiosksTable):
        used.discard(table.COLUMNS_KEY)  # the prefix of the column titles' keys
        used |= {f"{table.COLUMNS_KEY}.{c}" for c in table.COLUMNS}
    # The server's error codes this app has a sentence for.
    used |= {f"errors.{code}" for code in get_args(ErrorCode)}
    assert used - known <= {f"errors.{code}" for code in get_args(ErrorCode)}
    # And nothing in the catalogs that nothing uses.
    assert known - used == set()
