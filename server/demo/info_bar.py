"""The demo's info bar: where its server and data are, and what the simulated centre did.

Its one changing part, `simulated`, is a reactive bound to the app's (`data_bind`): the app
only ever sets its own attribute, and Textual carries the value to the bar while the bar is
there, so no count can arrive at a bar that is gone."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from server.demo.centre import DemoCentre
from server.demo.sim_records import Records


@dataclass(frozen=True)
class Simulated:
    """What the info bar counts of a simulation."""

    visitors: int
    served: int

    @classmethod
    def of(cls, records: Records) -> Simulated:
        return cls(len(records.acknowledged), records.served)


class InfoBar(Widget):
    simulated: reactive[Simulated | None] = reactive(None)
    """None: the demo simulates nothing."""

    def __init__(
        self, centre: DemoCentre, *, kept: bool, continued: bool, id: str | None = None
    ) -> None:
        """`kept`: the centre's folder was given (--dir) and outlives the demo; `continued`:
        it already held a day's tickets from an earlier run."""
        super().__init__(id=id)
        where = f"kept in {centre.folder}" if kept else "in a temporary folder"
        if continued:
            where += ", continued from the last run"
        # Where the data is comes first: on a narrow terminal the bar's end is cut off.
        self.where = (
            f"Ogre demo centre · server {centre.url} · data {where} · Ctrl+C stops"
            f" · join from home: {centre.http}/join"
        )

    def render(self) -> Content:
        # Plain text: the folder is the person's own (--dir), never read as markup.
        text = self.where
        if (sim := self.simulated) is not None:
            text += f" · simulated: {sim.visitors} visitors, {sim.served} served"
        return Content(text)
