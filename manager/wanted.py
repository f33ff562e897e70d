"""What the manager asks for, as messages from the screen to the app (which sends the
requests): widgets and dialogs never touch the link."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message

from manager.period import Period
from server.protocol import messages as m
from server.protocol.reports import By


class HistoryWanted(Message):
    def __init__(self, period: Period) -> None:
        super().__init__()
        self.period = period


class ReportWanted(Message):
    def __init__(self, period: Period, by: By) -> None:
        super().__init__()
        self.period = period
        self.by = by


class ExportWanted(Message):
    """Write the report on show as an Excel workbook at `path`; `replace`: the manager said
    yes to replacing the file there."""

    def __init__(self, path: Path, *, replace: bool = False) -> None:
        super().__init__()
        self.path = path
        self.replace = replace


class ActionWanted(Message):
    """A manager's action (stop or resume issuing, the notice, signing a counter out): the
    request, and the catalog key of the sentence once it is done."""

    def __init__(self, request: m.AnyRequest, done: str, **values: str) -> None:
        super().__init__()
        self.request = request
        self.done = done
        self.values = values


class Tell(Message):
    """A sentence for the line under the tabs that no request comes with (a key pressed with
    nothing picked for it)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
