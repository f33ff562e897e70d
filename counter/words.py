"""The counter's sentences in the clerk's language: the catalog, and the names the model holds
(services, priorities, pause reasons) as the clerk reads them. Widgets and dialogs get one at
construction, so they never ask the app."""

from __future__ import annotations

from datetime import date, timedelta

from counter.fmt import local
from counter.model import CounterModel
from counter.said import Said
from server.staff_words import StaffWords

# Tickets passed over by one call named in the clerk's status line; the rest are counted.
PASSED_NAMED = 3


class Words(StaffWords):
    def service(self, model: CounterModel, sid: str) -> str:
        line = model.services.get(sid)
        return line.name.get(self.lang, sid) if line else sid

    def priority(self, model: CounterModel, pid: str | None) -> str:
        if pid is None:
            return self.t("serving.no_priority")
        return model.priorities.get(pid, {}).get(self.lang, pid)

    def reason(self, reason: str) -> str:
        """A pause reason: ours by name, another client's (any text) as it came."""
        return self.t(f"reasons.{reason}") if self.knows(f"reasons.{reason}") else reason

    def said(self, model: CounterModel, said: Said) -> str:
        sentence = self.sentence(model, said) if said.key else ""
        if not said.passed:
            return sentence
        # However many one call passed over, the line stays one line.
        numbers = ", ".join(said.passed[:PASSED_NAMED])
        if len(said.passed) > PASSED_NAMED:
            numbers += f" +{len(said.passed) - PASSED_NAMED}"
        key = "notice.passed_one" if len(said.passed) == 1 else "notice.passed_many"
        return f"{self.t(key, numbers=numbers)} {sentence}".rstrip()

    def sentence(self, model: CounterModel, said: Said) -> str:
        if not self.knows(said.key):  # an error code this app has no sentence for
            return self.t("errors.other", message=said.message)
        service = self.service(model, said.service)
        time = self.when(model, said.at) if said.at else ""
        values = {"number": said.number, "code": said.code, "time": time}
        return self.t(said.key, service=service, message=said.message, **values)

    # ---- booked times, on the centre's wall clock ------------------------------------------

    def clock(self, model: CounterModel, at: str) -> str:
        """A time of day: 10:20."""
        return f"{local(at, model.timezone):%H:%M}"

    def day(self, model: CounterModel, day: date) -> str:
        """A day as a list of days shows it: today 25.11., tomorrow 26.11., Fri 27.11. (today
        is the day of the bookings list, as the server said)."""
        today = date.fromisoformat(model.appointments.day) if model.appointments.day else None
        near = {today: "days.today", today + timedelta(days=1): "days.tomorrow"} if today else {}
        return f"{self.t(near.get(day, f'days.{day.weekday()}'))} {day:%d.%m.}"

    def when(self, model: CounterModel, at: str, always_day: bool = False) -> str:
        """A booked time: 10:20 today, else with its day, Fri 27.11. 10:20 (with
        `always_day`, today's too)."""
        moment = local(at, model.timezone)
        if model.appointments.day == moment.date().isoformat() and not always_day:
            return f"{moment:%H:%M}"
        return f"{self.day(model, moment.date())} {moment:%H:%M}"
