"""Every `rinda` subcommand explains itself with examples, as an IT person setting up expects."""

from __future__ import annotations

import argparse

from server.cli import parser


def _commands(p: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    yield path, p
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, (*path, name))


def test_every_subcommand_has_help_with_examples():
    commands = dict(_commands(parser()))
    # The ones a centre uses; a new subcommand without examples fails here.
    admin = {("token", a) for a in ("add", "list", "revoke")} | {
        ("clerk", a) for a in ("add", "list", "set-pin", "rename", "remove")
    }
    admin |= {("appointments", a) for a in ("add", "list", "move", "cancel", "import")}
    admin |= {("purge",)}
    assert {("serve",), ("demo",), ("kiosk",), ("backup",), ("check-config",)} | admin <= set(
        commands
    )
    for path, p in commands.items():
        text = p.format_help()
        assert "example" in text, f"`rinda {' '.join(path)} --help` shows no example"
        for line in text.splitlines():
            if line.lstrip().startswith("rinda ") and path:
                assert line.split()[1] == path[0], f"{path}: example of another command: {line}"
