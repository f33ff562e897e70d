"""Visible strings in Latvian (the default), Russian and English.

Each app keeps its catalogs as `<package>/i18n/<lang>.toml`: flat tables of keys to strings
with `{name}` placeholders. A key missing in a language is a bug (tests check every catalog
is complete), but at run time it falls back to Latvian rather than showing a key.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

from server.protocol.messages import Lang

LANGS: tuple[Lang, ...] = ("lv", "ru", "en")
DEFAULT = "lv"


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, f"{name}."))
        else:
            out[name] = str(value)
    return out


class Catalog:
    def __init__(self, package: str) -> None:
        self.package = package
        self.texts: dict[str, dict[str, str]] = {}
        for lang in LANGS:
            text = resources.files(package).joinpath("i18n", f"{lang}.toml").read_text("utf-8")
            self.texts[lang] = _flatten(tomllib.loads(text))

    def t(self, lang: str, key: str, **values: Any) -> str:
        texts = self.texts.get(lang, self.texts[DEFAULT])
        template = texts.get(key) or self.texts[DEFAULT][key]
        return template.format(**values) if values else template

    def missing(self) -> dict[str, set[str]]:
        """Keys some language has and another lacks, per language."""
        every = set().union(*(set(t) for t in self.texts.values()))
        return {lang: every - set(t) for lang, t in self.texts.items() if every - set(t)}
