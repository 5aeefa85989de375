"""The study page."""

from ui.detail.page import DetailPage

__all__ = ["DetailPage"]
