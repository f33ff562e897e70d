"""docs/booking-api.md lists exactly the API's error codes, each with its real status, and
links nowhere outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

from server.net.api_replies import CODE_OF_STATUS, STATUS

DOC = Path(__file__).parents[2] / "docs" / "booking-api.md"


def test_the_error_table_is_the_code_table() -> None:
    text = DOC.read_text("utf-8")
    rows = re.findall(r"^\| (\d{3}) \| `([a-z_]+)` \|", text, re.MULTILINE)
    documented = {code: int(status) for status, code in rows}
    assert documented == {code: status.value for code, status in STATUS.items()}
    assert set(CODE_OF_STATUS.values()) <= set(documented)


def test_no_links_outside_the_repository() -> None:
    assert not re.search(r"\]\((https?:)?//", DOC.read_text("utf-8"))
