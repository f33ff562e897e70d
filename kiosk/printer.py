"""The ticket printer: where the bytes go, and what went wrong when they could not.

`--printer` chooses the printer (documented in the README):

    none                         no printer (the screen shows the number and the QR)
    network:HOST[:PORT]          a network printer, raw TCP (PORT defaults to 9100)
    usb:VENDOR:PRODUCT           a USB printer, ids in hex ("usb:04b8:0e15")
    serial:DEVICE[:BAUD]         a serial printer ("serial:/dev/ttyUSB0:19200")
    file:PATH                    a device file ("file:/dev/usb/lp0")

Each ticket opens the printer, asks for its paper status where the link can answer (network,
USB, serial: `DLE EOT 4`; a printer that does not answer within `STATUS_WAIT_S` is taken to
have paper), writes the whole ticket in one go and closes it again, so a printer that was
switched off and on works again from the next ticket. Every failure is a `PrinterFault` with
the status the server is told: "offline", "paper_out" or "error".
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from typing import Literal

from escpos.exceptions import Error as EscposError
from escpos.printer import Serial, Usb

from kiosk.render import render
from kiosk.ticket import Op

Status = Literal["ok", "offline", "paper_out", "error"]
STATUS_WAIT_S = 0.5
PAPER_STATUS = b"\x10\x04\x04"  # DLE EOT 4: the roll paper sensor
PAPER_END = 0x60  # bits 5 and 6 of the answer: paper end detected


class PrinterFault(Exception):
    def __init__(self, status: Status, detail: str) -> None:
        super().__init__(f"{status}: {detail}")
        self.status: Status = status
        self.detail = detail


@dataclass(frozen=True)
class Target:
    kind: Literal["none", "network", "usb", "serial", "file"]
    host: str = ""
    port: int = 9100
    path: str = ""
    vendor: int = 0
    product: int = 0
    baud: int = 9600

    @classmethod
    def parse(cls, text: str) -> Target:
        kind, _, rest = text.partition(":")
        try:
            if kind == "none" and not rest:
                return cls("none")
            if kind == "network" and rest:
                host, _, port = rest.rpartition(":") if ":" in rest else (rest, "", "9100")
                return cls("network", host=host, port=int(port))
            if kind == "usb":
                vendor, product = rest.split(":")
                return cls("usb", vendor=int(vendor, 16), product=int(product, 16))
            if kind == "serial" and rest:
                path, _, baud = rest.partition(":")
                return cls("serial", path=path, baud=int(baud or 9600))
            if kind == "file" and rest:
                return cls("file", path=rest)
        except ValueError:
            pass
        raise ValueError(
            f'printer "{text}": use none, network:HOST[:PORT], usb:VENDOR:PRODUCT, '
            "serial:DEVICE[:BAUD] or file:PATH"
        )


class TicketPrinter:
    def __init__(self, target: Target, profile: str = "TM-T20II", timeout: float = 3.0) -> None:
        self.target = target
        self.profile = profile
        self.timeout = timeout

    @property
    def enabled(self) -> bool:
        return self.target.kind != "none"

    def render(self, ops: list[Op]) -> bytes:
        return render(ops, self.profile)

    def send(self, data: bytes) -> None:
        """Blocking (run it in a thread); raises PrinterFault."""
        match self.target.kind:
            case "none":
                return
            case "network":
                self._network(data)
            case "file":
                self._file(data)
            case "usb" | "serial":
                self._escpos(data)

    def _network(self, data: bytes) -> None:
        t = self.target
        try:
            sock = socket.create_connection((t.host, t.port), timeout=self.timeout)
        except OSError as e:
            raise PrinterFault("offline", f"{t.host}:{t.port}: {e}") from None
        with sock:
            try:
                sock.sendall(PAPER_STATUS)
                sock.settimeout(STATUS_WAIT_S)
                try:
                    answer = sock.recv(1)
                except TimeoutError:
                    answer = b""
                if answer and answer[0] & PAPER_END == PAPER_END:
                    raise PrinterFault("paper_out", f"{t.host}:{t.port}: paper end")
                sock.settimeout(self.timeout)
                sock.sendall(data)
            except OSError as e:
                raise PrinterFault("error", f"{t.host}:{t.port}: {e}") from None

    def _file(self, data: bytes) -> None:
        try:
            with open(self.target.path, "wb") as f:
                f.write(data)
        except (FileNotFoundError, PermissionError) as e:
            raise PrinterFault("offline", str(e)) from None
        except OSError as e:
            raise PrinterFault("error", str(e)) from None

    def _escpos(self, data: bytes) -> None:
        t = self.target
        p: Usb | Serial
        try:
            if t.kind == "usb":
                p = Usb(t.vendor, t.product, timeout=int(self.timeout * 1000), profile=self.profile)
            else:
                p = Serial(t.path, baudrate=t.baud, timeout=self.timeout, profile=self.profile)
            p.open()
        except (EscposError, OSError) as e:
            raise PrinterFault("offline", str(e)) from None
        except RuntimeError as e:  # python-escpos's word for "pyusb / pyserial is missing"
            raise PrinterFault("offline", str(e)) from None
        try:
            if p.paper_status() == 0:
                raise PrinterFault("paper_out", "paper end")
            write(p, data)
        except (EscposError, OSError) as e:
            raise PrinterFault("error", str(e)) from None
        finally:
            p.close()


def write(p: Usb | Serial, data: bytes) -> None:
    """The ticket's bytes as they are. python-escpos has no public call for that (each printer
    class writes through its own internal `_raw`); what it does offer is the open connection,
    `device`: pyusb's device (written to its output endpoint) or pyserial's port."""
    if isinstance(p, Usb):
        p.device.write(p.out_ep, data, p.timeout)
    else:
        p.device.write(data)
