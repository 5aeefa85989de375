"""Bundled data (seed trials, vocabularies, content, translations, styles, icons), read with
importlib.resources so an installed wheel finds them."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def resource(*parts: str) -> Traversable:
    """A bundled file or folder, e.g. resource("vocabulary", "diagnoses.json")."""
    node: Traversable = files(__name__)
    for part in parts:
        node = node.joinpath(part)
    return node
