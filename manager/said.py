"""What the app last told the manager: a sentence, and whether it is an error."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Said:
    text: str = ""
    error: bool = False
