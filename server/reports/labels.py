"""What a person reads for each group of a report, in the report's language: names from the
configuration and the clerks table, weekday names, hours as "08:00–09:00"."""

from __future__ import annotations

from datetime import date

from server.config import CentreConfig
from server.protocol.reports import By

LANGS = ("lv", "ru", "en")
WEEKDAY_NAMES = {
    "lv": ("pirmdiena", "otrdiena", "trešdiena", "ceturtdiena", "piektdiena", "sestdiena",
           "svētdiena"),
    "ru": ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}  # fmt: skip
# The group of visits without one: no counter or clerk reached, no priority chosen; and the
# anonymous ratings, of no service (server/reports/visits.py).
NONE = {
    "service": {"lv": "anonīmi vērtējumi", "ru": "анонимные оценки", "en": "anonymous ratings"},
    "counter": {"lv": "bez lodziņa", "ru": "без окна", "en": "no counter"},
    "clerk": {"lv": "bez darbinieka", "ru": "без сотрудника", "en": "no clerk"},
    "priority": {"lv": "bez prioritātes", "ru": "без приоритета", "en": "no priority"},
    "institution": {"lv": "bez iestādes", "ru": "без учреждения", "en": "no institution"},
}
TOTAL = {"lv": "Kopā", "ru": "Итого", "en": "Total"}


class Labels:
    def __init__(self, config: CentreConfig, lang: str, clerks: dict[str, str]) -> None:
        self.config, self.lang, self.clerks = config, lang, clerks
        self.institutions = {i.id: i.name.get(lang) for i in config.spec.institutions}

    def label(self, by: By, key: str) -> str:
        if key == "" and by in NONE:
            return NONE[by][self.lang]
        match by:
            case "service":
                s = self.config.services.get(key)
                return s.name.get(self.lang) if s else key
            case "institution":
                return self.institutions.get(key, key)
            case "counter":
                c = self.config.counters.get(key)
                return c.name if c else key
            case "clerk":
                return self.clerks.get(key, key)
            case "priority":
                p = self.config.priorities.get(key)
                return p.name.get(self.lang) if p else key
            case "hour":
                h = int(key)
                return f"{h:02d}:00–{h + 1:02d}:00"
            case "weekday":
                return WEEKDAY_NAMES[self.lang][int(key) - 1]
            case "day":
                return date.fromisoformat(key).strftime("%d.%m.%Y")
        return key

    def order(self, by: By, keys: list[str]) -> list[str]:
        """Services, counters and priorities in the configuration's order (others after them,
        by name); hours, weekdays and days in time order; the rest by what they read."""
        known: list[str] = []
        match by:
            case "service":
                known = list(self.config.services)
            case "counter":
                known = list(self.config.counters)
            case "priority":
                known = list(self.config.priorities)
            case "institution":
                known = list(self.institutions)
            case "hour" | "weekday" | "day":
                return sorted(keys)
        place = {k: i for i, k in enumerate(known)}
        return sorted(keys, key=lambda k: (k == "", place.get(k, len(place)), self.label(by, k)))
