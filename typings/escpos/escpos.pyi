# Only what Rinda uses of python-escpos 3.x; see typings/README.md.

from typing import Any, Literal

from escpos.capabilities import BaseProfile
from PIL import Image

class Escpos:
    profile: BaseProfile
    def __init__(self, profile: str | None = ..., **kwargs: Any) -> None: ...
    def open(self) -> None: ...
    def close(self) -> None: ...
    def hw(self, hw: str) -> None: ...
    # Keyword-only here: the library takes more parameters, in an order these leave out.
    def set(
        self,
        *,
        align: Literal["left", "center", "right"] | None = ...,
        bold: bool | None = ...,
        double_height: bool | None = ...,
        double_width: bool | None = ...,
        normal_textsize: bool | None = ...,
    ) -> None: ...
    def image(self, img_source: Image.Image, *, impl: str = ...) -> None: ...
    def qr(
        self,
        content: str,
        *,
        size: int = ...,
        native: bool = ...,
        image_arguments: dict[str, Any] | None = ...,
    ) -> None: ...
    def cut(self) -> None: ...
    def paper_status(self) -> int: ...
