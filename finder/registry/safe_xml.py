"""XML parsing that refuses entity tricks (billion laughs, external entities) yet stays fast on bulk files.

Entity declarations and external references can only live in a document type declaration (DTD). A document
whose bytes hold no "<!DOCTYPE" and whose encoding keeps ASCII bytes as they are (UTF-8, ASCII, Latin-1)
cannot declare or reference any entity beyond the five built-in ones, so the C ElementTree parser reads it
safely, about twice as fast as defusedxml's pure-Python parser class. Anything else (a DTD, UTF-16, another
declared encoding) goes through defusedxml.ElementTree, which refuses entity declarations and external
references outright.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as defused
from defusedxml import DefusedXmlException

from finder.registry.errors import RegistryError

_ENCODING_DECLARATION = re.compile(rb"\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_ASCII_PRESERVING = frozenset({"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1"})
_UTF8_BOM = b"\xef\xbb\xbf"
_NCT_ID = re.compile(rb"<nct_id>\s*(NCT\d{8})\s*</nct_id>")
# expat error codes that mean the text stopped in the middle of something
_CUT_SHORT = frozenset({3, 5, 6, 20})  # no element found, unclosed token, partial character, unclosed CDATA


def nct_id_in(data: bytes) -> str | None:
    """The study's NCT id from the raw bytes, so that even a broken file's error can name its study."""
    match = _NCT_ID.search(data)
    return match.group(1).decode() if match else None


def _declared_encoding(data: bytes) -> str | None:
    match = _ENCODING_DECLARATION.match(data.removeprefix(_UTF8_BOM), 0, 200)
    return match.group(1).decode("ascii").lower() if match else None


def _dtd_free_ascii(data: bytes) -> bool:
    """True when the document provably has no DTD, so no entity can be declared in it."""
    head = data[:4]
    if b"\x00" in head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 or UTF-32: a byte search for "<!DOCTYPE" would miss it
    encoding = _declared_encoding(data)
    return (encoding is None or encoding in _ASCII_PRESERVING) and b"<!DOCTYPE" not in data


def parse_xml(name: str, data: bytes) -> Element:
    """The root element of one XML document; RegistryError for broken or dangerous files."""
    try:
        if _dtd_free_ascii(data):
            return ET.fromstring(data)
        root: Element = defused.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
        return root
    except DefusedXmlException as refused:
        raise RegistryError(
            name,
            f"refused: the file declares XML entities or external references ({type(refused).__name__}); "
            "registry files never do, and expanding them could exhaust memory",
            nct_id=nct_id_in(data),
        ) from None
    except ET.ParseError as error:
        raise _parse_error(name, data, error) from None


def _parse_error(name: str, data: bytes, error: ET.ParseError) -> RegistryError:
    nct_id = nct_id_in(data)
    if _declared_encoding(data) in (None, "utf-8", "utf8"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as bad:
            return RegistryError(name, f"not UTF-8 at byte {bad.start}", nct_id=nct_id)
    line, column = getattr(error, "position", (0, 0))
    code = getattr(error, "code", None)
    if code in _CUT_SHORT:
        reason = f"the XML ends too early at line {line}, column {column}: the file looks cut short"
    else:
        reason = f"not well-formed XML at line {line}, column {column} ({error})"
    return RegistryError(name, reason, nct_id=nct_id)
