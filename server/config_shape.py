"""The first look at a centre file: every key known and every value of the right kind, all
problems at once, in plain words ("expected a whole number", not msgspec's "expected `int`").

msgspec stops at the first problem and speaks of types; this walks the TOML data along the
settings' own type description (`msgspec.inspect`), so it never disagrees with the structs.
It accepts exactly what msgspec's lax conversion accepts (a whole number for a float, "15" for
15, a date in quotes), so a file that loaded before still loads.
"""

from __future__ import annotations

import difflib
from datetime import date
from typing import Any

import msgspec
from msgspec import inspect as mi

from server.config_problems import Problems, item, key, shown


def shape_problems(raw: dict[str, Any], spec: type, problems: Problems) -> None:
    _table(raw, mi.type_info(spec), "", problems)  # type: ignore[arg-type]


def _join(where: str, name: str) -> str:
    return f"{where}.{key(name)}" if where else key(name)


def _table(value: Any, t: mi.StructType, where: str, problems: Problems) -> None:
    if not isinstance(value, dict):
        problems.add(where, f"expected {_words(t)}, got {shown(value)}")
        return
    fields = {f.encode_name: f for f in t.fields}
    for name, v in value.items():
        field = fields.get(name)
        if field is None:
            problems.add(_join(where, name), _unknown(name, list(fields), where))
        else:
            _value(v, field.type, _join(where, name), problems)
    for name, f in fields.items():
        if f.required and name not in value:
            problems.add(_join(where, name), "missing: this key is required")


def _unknown(name: str, known: list[str], where: str) -> str:
    near = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    near = near or [k for k in known if len(k) >= 3 and name.lower().startswith(k)]  # saturday
    if near:
        return f"unknown key; did you mean {near[0]}?"
    return f"unknown key (the keys{' of ' + where if where else ''} are: {', '.join(known)})"


def _value(value: Any, t: mi.Type, where: str, problems: Problems) -> None:
    if isinstance(t, mi.UnionType):
        # `X | None`: TOML has no null, so a value present is always an X.
        t = next(u for u in t.types if not isinstance(u, mi.NoneType))
    if isinstance(t, mi.StructType):
        _table(value, t, where, problems)
    elif isinstance(t, mi.ListType):
        if not isinstance(value, list):
            problems.add(where, f"expected {_words(t)}, got {shown(value)}")
            return
        for i, v in enumerate(value):
            ident = v.get("id") if isinstance(v, dict) else None
            _value(v, t.item_type, item(where, i, ident), problems)
    elif isinstance(t, mi.DictType):
        if not isinstance(value, dict):
            problems.add(where, f"expected {_words(t)}, got {shown(value)}")
            return
        for name, v in value.items():
            _value(v, t.value_type, _join(where, name), problems)
    elif not _fits(value, t):
        problems.add(where, f"expected {_words(t)}, got {shown(value)}")


# The Python type msgspec converts each kind of value to.
_SCALARS: dict[type[mi.Type], type] = {
    mi.StrType: str,
    mi.IntType: int,
    mi.FloatType: float,
    mi.DateType: date,
    mi.BoolType: bool,
}


def _fits(value: Any, t: mi.Type) -> bool:
    """Whether msgspec's lax conversion (the one loading uses) takes `value` as a `t`: asked
    of msgspec itself, value by value, so the two never disagree (it takes 4.0 and "15" for a
    whole number, "2026-06-23" for a date, but neither "+15" nor a boolean)."""
    if isinstance(t, mi.LiteralType):
        return value in t.values
    kind = _SCALARS.get(type(t))
    if kind is None:
        raise TypeError(f"the centre settings use a type this check does not know: {t}")
    try:
        msgspec.convert(value, kind, strict=False)
    except msgspec.ValidationError:
        return False
    return True


def _words(t: mi.Type) -> str:
    """What a value of type `t` is, in the words of someone editing a TOML file."""
    if isinstance(t, mi.StrType):
        return "text in quotes"
    if isinstance(t, mi.IntType):
        return "a whole number"
    if isinstance(t, mi.FloatType):
        return "a number"
    if isinstance(t, mi.BoolType):
        return "true or false"
    if isinstance(t, mi.LiteralType):
        return "one of " + ", ".join(f'"{v}"' for v in t.values)
    if isinstance(t, mi.DateType):
        return "a date like 2026-06-23"
    if isinstance(t, mi.ListType):
        return "a list [ ... ]"
    if isinstance(t, mi.StructType) and all(f.required for f in t.fields) and len(t.fields) <= 4:
        return "a table like { " + ", ".join(f"{f.encode_name} = …" for f in t.fields) + " }"
    return "a table"
