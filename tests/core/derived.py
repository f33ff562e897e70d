"""What a Centre derives beyond its state, for tests that a refused command, a replay or a
restored snapshot leaves everything the same."""

from __future__ import annotations

from server.core.centre import Centre


def queue(centre: Centre) -> dict[str, tuple[int, tuple[str, ...]]]:
    """Per service: how many wait, and who (sorted: a restore may rebuild the waiting dicts
    in another order; who is called first is the policy's business, tested apart)."""
    return {sid: (len(w), tuple(sorted(w))) for sid, w in centre.waiting.items()}
