"""The kiosk's staff PIN, stored only as a salted scrypt hash (never the PIN itself).

Pure Python (no Qt), so the `trial-finder set-kiosk-pin` command can run without a display. The hash and
the salt live in the administrator's kiosk settings (ui/settings.py reads and writes that file).
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import hmac
import json
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

# scrypt cost: slow enough that a stolen settings file does not give a 4-6 digit PIN away in a blink,
# fast enough (~50 ms) that staff do not wait at the kiosk.
_N, _R, _P = 2**14, 8, 1
_DKLEN = 32
MIN_PIN_LENGTH = 4


@dataclass(frozen=True, slots=True)
class PinHash:
    """What is stored: hex scrypt hash and hex random salt."""

    hash_hex: str
    salt_hex: str


def hash_pin(pin: str, salt: bytes | None = None) -> PinHash:
    """A fresh salted hash of `pin` (a new random 16-byte salt unless one is given)."""
    if len(pin) < MIN_PIN_LENGTH:
        raise ValueError(f"the PIN must have at least {MIN_PIN_LENGTH} characters")
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=_DKLEN)
    return PinHash(digest.hex(), salt.hex())


def verify_pin(pin: str, stored: PinHash | None) -> bool:
    """True when `pin` matches the stored hash (constant-time compare). No stored hash: nothing matches."""
    if stored is None or not stored.hash_hex or not stored.salt_hex:
        return False
    try:
        salt = bytes.fromhex(stored.salt_hex)
        expected = bytes.fromhex(stored.hash_hex)
    except ValueError:
        return False
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=len(expected) or _DKLEN)
    return hmac.compare_digest(digest, expected)


def settings_path() -> Path:
    """The administrator's kiosk settings file (the same one ui/settings.py uses)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("trial-finder")) / "kiosk.json"


def store_pin(pin: str, path: Path | None = None) -> Path:
    """Write the salted hash of `pin` into the settings file, keeping the other settings."""
    path = path or settings_path()
    data: dict[str, object] = {}
    if path.is_file():
        try:
            loaded = json.loads(path.read_text("utf-8"))
            data = loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError):
            data = {}
    hashed = hash_pin(pin)
    data["pin_hash"], data["pin_salt"] = hashed.hash_hex, hashed.salt_hex
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=True), "utf-8")
    return path


def _run_set_pin(args: argparse.Namespace) -> int:
    pin = getpass.getpass("New staff PIN: ")
    again = getpass.getpass("Type it again: ")
    if pin != again:
        print("trial-finder: the two PINs differ; nothing changed", file=sys.stderr)
        return 1
    try:
        path = store_pin(pin)
    except ValueError as exc:
        print(f"trial-finder: {exc}", file=sys.stderr)
        return 1
    print(f"Staff PIN set (stored as a salted hash in {path}).")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `set-kiosk-pin` to the trial-finder command line."""
    parser = sub.add_parser("set-kiosk-pin", help="set the staff PIN that leaves kiosk mode")
    parser.set_defaults(handler=_run_set_pin)
