"""The deployment guide only shows commands this Rinda accepts, and its systemd unit is the
one shipped in docs/rinda.service."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from server.cli import parser

DOCS = Path(__file__).resolve().parents[2] / "docs"
GUIDE = (DOCS / "deploy.md").read_text(encoding="utf-8")
SUBCOMMANDS = set(parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", GUIDE, flags=re.S)


def _rinda_commands() -> list[list[str]]:
    """The arguments of every `rinda ...` invocation in the guide's shell and unit blocks."""
    found = []
    for block in _blocks("sh") + _blocks("ini"):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            for i, word in enumerate(words):
                if (word == "rinda" or word.endswith("/bin/rinda")) and i + 1 < len(words):
                    nxt = words[i + 1]
                    if nxt in SUBCOMMANDS or nxt.startswith("--"):
                        found.append(words[i + 1 :])
                        break
    return found


COMMANDS = _rinda_commands()


def test_the_guide_shows_every_kind_of_command() -> None:
    used = {next(w for w in c if not w.startswith("-")) for c in COMMANDS if c != ["--version"]}
    assert used >= {"serve", "check-config", "token", "clerk", "backup", "restore", "kiosk"}
    assert len(COMMANDS) >= 15


def test_the_guide_shows_every_token_and_clerk_command() -> None:
    """An admin command added to the parser but not to the guide fails here."""
    subs = parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    every = {
        (group, action)
        for group in ("token", "clerk")
        for action in subs[group]._subparsers._group_actions[0].choices
    }
    shown = {(c[0], c[1]) for c in COMMANDS if len(c) > 1 and c[0] in ("token", "clerk")}
    assert every == shown, every ^ shown


@pytest.mark.parametrize("argv", COMMANDS, ids=[" ".join(c)[:60] for c in COMMANDS])
def test_every_command_in_the_guide_parses(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        parser().parse_args(argv)
    except SystemExit as e:
        assert argv == ["--version"] and e.code == 0, capsys.readouterr().err


def test_the_unit_in_the_guide_is_the_shipped_unit_file() -> None:
    def settings(text: str) -> list[str]:
        joined = text.replace("\\\n", " ")
        return [
            " ".join(line.split())
            for line in joined.splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ]

    shipped = settings((DOCS / "rinda.service").read_text(encoding="utf-8"))
    in_guide = next(b for b in _blocks("ini") if "ExecStart=" in b and "serve" in b)
    assert settings(in_guide) == shipped
