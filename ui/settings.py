"""The administrator's settings for this screen: kiosk idle time, staff PIN hash, exit keys, text size,
contrast, default language.

They live in one small JSON file under platformdirs' user_config_dir("trial-finder"). The file holds
ONLY these machine settings: nothing a family types (answers, places, names) ever goes here, and the text
size / contrast a family picks during a session is not written back in kiosk mode (see `save`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from finder.kiosk_pin import PinHash, hash_pin, settings_path, verify_pin

DEFAULT_IDLE_SECONDS = 120
DEFAULT_COUNTDOWN_SECONDS = 30
DEFAULT_EXIT_KEYS = "Ctrl+Alt+Shift+Q"
MIN_SCALE, MAX_SCALE = 1.0, 2.0
LANGS = ("en", "es", "zh")


@dataclass(frozen=True, slots=True)
class KioskSettings:
    idle_seconds: int = DEFAULT_IDLE_SECONDS
    countdown_seconds: int = DEFAULT_COUNTDOWN_SECONDS
    pin_hash: str = ""
    pin_salt: str = ""
    exit_keys: str = DEFAULT_EXIT_KEYS  # a QKeySequence string; "" = only the PIN leaves kiosk mode
    text_scale: float = 1.0  # 1.0 .. 2.0, on a desk or laptop
    kiosk_text_scale: float = 1.5  # in kiosk mode: a big screen read from a step away, by tired eyes
    high_contrast: bool = False
    default_lang: str = "en"
    kiosk: bool = False  # start in kiosk mode even without --kiosk
    printer: str = ""  # kiosk: print straight to this printer (empty: the system's default printer)

    def checked(self) -> KioskSettings:
        """The same settings with every value brought into its allowed range."""
        return replace(
            self,
            idle_seconds=max(1, int(self.idle_seconds)),
            countdown_seconds=max(1, int(self.countdown_seconds)),
            text_scale=min(MAX_SCALE, max(MIN_SCALE, float(self.text_scale))),
            kiosk_text_scale=min(MAX_SCALE, max(MIN_SCALE, float(self.kiosk_text_scale))),
            default_lang=self.default_lang if self.default_lang in LANGS else "en",
        )

    @property
    def has_pin(self) -> bool:
        return bool(self.pin_hash and self.pin_salt)

    def pin_ok(self, pin: str) -> bool:
        return verify_pin(pin, PinHash(self.pin_hash, self.pin_salt) if self.has_pin else None)

    def with_pin(self, pin: str) -> KioskSettings:
        hashed = hash_pin(pin)
        return replace(self, pin_hash=hashed.hash_hex, pin_salt=hashed.salt_hex)


def config_path() -> Path:
    return settings_path()


def load(path: Path | None = None) -> KioskSettings:
    """The settings from the file; defaults for a missing file, a broken file or unknown keys."""
    path = path or config_path()
    try:
        raw = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return KioskSettings()
    if not isinstance(raw, dict):
        return KioskSettings()
    known = {f.name: f.type for f in fields(KioskSettings)}
    values: dict[str, Any] = {k: v for k, v in raw.items() if k in known}
    try:
        return KioskSettings(**values).checked()
    except (TypeError, ValueError):
        return KioskSettings()


def save(settings: KioskSettings, path: Path | None = None) -> Path:
    """Write the administrator's settings. Only the dataclass fields are written: never any answer."""
    path = path or config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(settings.checked()), indent=2, sort_keys=True), "utf-8")
    return path
