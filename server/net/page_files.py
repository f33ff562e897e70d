"""The files of the visitors' pages (phone page, booking page, /join, the gateway's
messages): read from their package once, on first use, and kept."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources


@cache
def page_texts(package: str, name: str = "texts.toml") -> dict[str, dict[str, str]]:
    """A page's words: language -> key -> text."""
    raw = resources.files(package).joinpath(name).read_text("utf-8")
    return dict(tomllib.loads(raw))


@cache
def page_file(package: str, name: str) -> bytes:
    return resources.files(package).joinpath(name).read_bytes()
