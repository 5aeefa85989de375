"""QR codes of a study's registry address, drawn offline: segno makes the PNG bytes, Qt shows them.

Nothing touches the disk: the PNG is written to an in-memory buffer and read back by QImage.
"""

from __future__ import annotations

import io

import segno
from PySide6.QtGui import QImage, QPixmap

REGISTRY_URL = "https://clinicaltrials.gov/study/{nct_id}"
BORDER = 2  # quiet zone in modules; 2 is enough for phone cameras on a plain background


def study_url(nct_id: str) -> str:
    return REGISTRY_URL.format(nct_id=nct_id)


def qr_png(text: str, scale: int = 6) -> bytes:
    """PNG bytes of a QR code for `text` (error correction M: survives a smudged screen or print)."""
    code = segno.make(text, error="m")
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=BORDER)
    return buffer.getvalue()


def qr_size(text: str, scale: int = 6) -> int:
    """Side of the QR image in pixels, for checks and layout."""
    width, _height = segno.make(text, error="m").symbol_size(scale=scale, border=BORDER)
    return int(width)


def qr_image(text: str, scale: int = 6) -> QImage:
    image = QImage.fromData(qr_png(text, scale), "PNG")  # type: ignore[arg-type]  # the stub says bytes; runtime wants str
    return image


def qr_pixmap(text: str, scale: int = 6) -> QPixmap:
    return QPixmap.fromImage(qr_image(text, scale))
