"""The watch list (centres.toml): a good file gives every centre as it will be read; a bad
one is refused whole, each problem named with where it is, and a token is never echoed."""

from __future__ import annotations

import ssl
import subprocess
from pathlib import Path

import pytest

from server.cli import main
from server.config_problems import ConfigError
from watch.centres import MAX_FILE_BYTES, load

TOKEN = "s3cret-Token_1"


def write(folder: Path, text: str) -> Path:
    path = folder / "centres.toml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(folder: Path, text: str) -> str:
    with pytest.raises(ConfigError) as refused:
        load(write(folder, text))
    said = str(refused.value)
    assert TOKEN not in said
    return said


def _ca(folder: Path) -> Path:
    cert, key = folder / "ca.pem", folder / "ca.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "2", "-subj", "/CN=rinda.test", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    return cert


def test_a_good_watch_list(tmp_path: Path) -> None:
    (tmp_path / "tokens").mkdir()
    (tmp_path / "tokens" / "valka.token").write_text(f"{TOKEN}\n")
    _ca(tmp_path)
    centres = load(
        write(
            tmp_path,
            f"""
[[centre]]
name = "Valka"
url = "https://rinda.valka.lv:8750"
token_file = "tokens/valka.token"
ca_file = "ca.pem"

[[centre]]
name = "Rēzekne"
url = "http://10.1.2.3:8750/rinda/"
token = "{TOKEN}"

[[centre]]
name = "Cēsis"
url = "https://[2001:db8::1]"
token = "{TOKEN}"
""",
        )
    )
    valka, rezekne, cesis = centres
    assert (valka.name, valka.host, valka.port, valka.path) == (
        "Valka", "rinda.valka.lv", 8750, "/live"
    )  # fmt: skip
    assert valka.token == TOKEN and isinstance(valka.tls, ssl.SSLContext)
    assert valka.host_header == "rinda.valka.lv:8750"
    assert (rezekne.port, rezekne.path, rezekne.tls) == (8750, "/rinda/live", None)
    assert (cesis.host, cesis.port, cesis.host_header) == ("2001:db8::1", 443, "[2001:db8::1]:443")


def test_every_problem_is_named(tmp_path: Path) -> None:
    (tmp_path / "empty.pem").write_text("")
    (tmp_path / "junk.pem").write_text("not a certificate")
    said = problems(
        tmp_path,
        f"""
[[centre]]
name = "Valka"
url = "ftp://rinda.valka.lv"
token = "{TOKEN}"

[[centre]]
name = "valka"
url = "https://"
token = "{TOKEN}"
token_file = "x"

[[centre]]
name = ""
url = "https://a.lv?x=1"

[[centre]]
name = "Cēsis"
url = "http://cesis.lv"
token = "{TOKEN} with spaces"
ca_file = "junk.pem"

[[centre]]
name = "Ogre"
url = "https://ogre.lv:99999"
token_file = "missing.token"
ca_file = "empty.pem"

[[centre]]
name = "Tukums"
url = "https://tukums.lv"
token = "{TOKEN}"
ca_file = "junk.pem"

[[centre]]
name = "Rīga"
url = "https://rīga.lv"
token = "{TOKEN}"

[[centre]]
name = "Jelgava"
url = "http://jelgava.lv:0"
token = "{TOKEN}"
""",
    )
    expected = [
        'centre[1] ("Valka").url = "ftp://rinda.valka.lv": give the centre\'s server as https://',
        'centre[2].name = "valka": another centre has this name',
        'centre[2] ("valka").url = "https://": no host name',
        'centre[2] ("valka"): give either token or token_file',
        'centre[3].name = "": give 1-60 printable characters',
        'centre[3].url = "https://a.lv?x=1": only the server\'s address',
        "centre[3]: give either token or token_file",
        'centre[4] ("Cēsis").token: not a device token',
        'centre[4] ("Cēsis").ca_file = "junk.pem": a CA file is for an https:// url only',
        'centre[5] ("Ogre").url = "https://ogre.lv:99999": not a URL',
        'centre[5] ("Ogre").token_file = "missing.token": cannot read',
        'centre[6] ("Tukums").ca_file = "junk.pem": not a PEM certificate file',
        'centre[7] ("Rīga").url = "https://rīga.lv": ASCII only',
        'centre[8] ("Jelgava").url = "http://jelgava.lv:0": port 0 is no server\'s port',
    ]
    for line in expected:
        assert line in said, f"{line!r} not in:\n{said}"
    assert said.startswith(f"{tmp_path / 'centres.toml'}: ")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "centre: missing: this key is required"),
        ("centre = []", "centre: no centres"),
        ('[[centre]]\nname = "A"\nurl = "http://a"\ntoken = "t"\ncolour = 1', "unknown key"),
        ('[[centre]]\nname = 5\nurl = "http://a"\ntoken = "t"', "expected text in quotes"),
        ("[[centre]\n", "not valid TOML"),
    ],
)
def test_the_shape(tmp_path: Path, text: str, said: str) -> None:
    assert said in problems(tmp_path, text)


def test_bounds(tmp_path: Path) -> None:
    entry = '[[centre]]\nname = "C{i}"\nurl = "http://c{i}.lv"\ntoken = "t"\n'
    assert "at most 500" in problems(tmp_path, "".join(entry.format(i=i) for i in range(501)))
    huge = write(tmp_path, "#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(ConfigError, match="larger than 256 kB"):
        load(huge)
    (tmp_path / "big.token").write_text("t" * 2000)
    said = problems(tmp_path, '[[centre]]\nname = "A"\nurl = "http://a"\ntoken_file = "big.token"')
    assert "larger than 1 kB" in said
    assert 'centre: expected a list [ ... ], got "x"' in problems(tmp_path, 'centre = "x"')
    (tmp_path / "latin1.toml").write_bytes(b"name = '\xe9'")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load(tmp_path / "latin1.toml")


def test_the_command_says_the_problems_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, '[[centre]]\nname = "A"\nurl = "gopher://a"\ntoken = "t"')
    assert main(["network", "watch", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("rinda: ") and 'url = "gopher://a"' in err


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("http://127.0.0.1:18752/ws", "drop /ws: that is where devices connect"),
        ("https://example.lv/rinda/ws/", "drop /ws"),
        ("wss://rinda.valka.lv:8750/ws", "that is a device's address: give the same server"),
    ],
)
def test_a_device_address_copied_is_refused_saying_what_to_give(
    tmp_path: Path, url: str, said: str
) -> None:
    text = f'[[centre]]\nname = "Valka"\nurl = "{url}"\ntoken = "{TOKEN}"'
    assert f'centre[1] ("Valka").url = "{url}": {said}' in problems(tmp_path, text)


def test_a_path_that_only_ends_in_ws_letters_is_a_prefix(tmp_path: Path) -> None:
    (centre,) = load(
        write(tmp_path, f'[[centre]]\nname = "A"\nurl = "http://a/news"\ntoken = "{TOKEN}"')
    )
    assert centre.path == "/news/live"
