"""A page's plain HTML form (`application/x-www-form-urlencoded`, no script needed), read the
one way for every visitor's page that posts one: the rating on the phone page and /join."""

from __future__ import annotations

from collections.abc import Collection
from urllib.parse import parse_qsl

from server.net.http_body import HttpRequest

FORM = "application/x-www-form-urlencoded"


def form_fields(request: HttpRequest, fields: Collection[str]) -> dict[str, str] | None:
    """The form's values by name, or None when the body is not such a form, is not UTF-8, has
    more fields than `fields` allows for, or gives one of `fields` twice (which one would
    count is not for the server to guess)."""
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != FORM:
        return None
    try:
        pairs = parse_qsl(
            request.body.decode("utf-8"),
            keep_blank_values=True,
            max_num_fields=len(fields) + 2,
            errors="strict",
        )
    except (UnicodeDecodeError, ValueError):
        return None
    form: dict[str, str] = {}
    for name, value in pairs:
        if name in fields and name in form:
            return None
        form[name] = value
    return form
