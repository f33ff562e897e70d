# Only what Rinda uses of python-escpos 3.x; see typings/README.md.

from typing import Any, Protocol

from escpos.escpos import Escpos

class _UsbDevice(Protocol):
    # pyusb's usb.core.Device.write (an open printer's `device`)
    def write(self, endpoint: int, data: bytes, timeout: int | None = ...) -> int: ...

class _SerialPort(Protocol):
    # pyserial's serial.Serial.write (an open printer's `device`)
    def write(self, data: bytes) -> int | None: ...

class Dummy(Escpos):
    @property
    def output(self) -> bytes: ...
    def clear(self) -> None: ...

class Usb(Escpos):
    timeout: int
    out_ep: int
    def __init__(
        self,
        idVendor: int | None = ...,
        idProduct: int | None = ...,
        usb_args: dict[str, str | int] = ...,
        timeout: int = ...,
        in_ep: int = ...,
        out_ep: int = ...,
        *args: Any,
        **kwargs: Any,
    ) -> None: ...
    @property
    def device(self) -> _UsbDevice: ...

class Serial(Escpos):
    def __init__(
        self,
        devfile: str = ...,
        baudrate: int = ...,
        bytesize: int = ...,
        timeout: float = ...,
        *args: Any,
        **kwargs: Any,
    ) -> None: ...
    @property
    def device(self) -> _SerialPort: ...
