"""The `trial-finder` command line: subcommands that need no window.

Each family of subcommands registers itself from the module that owns it, so this file stays a thin
dispatcher. Opening the app (no subcommand) is handled by `ui.launch`, which is the installed entry point;
finder/ never imports the UI.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trial-finder",
        description="Find clinical trials a child may join. With no command, opens the app.",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        default=os.environ.get("TRIAL_FINDER_DB"),
        help="SQLAlchemy URL of the trial store (default: $TRIAL_FINDER_DB, else a SQLite file in the "
        "user's data folder)",
    )
    parser.add_argument("--kiosk", action="store_true", help="open the app in clinic kiosk mode")
    parser.add_argument("--lang", choices=("en", "es", "zh"), help="language of the app at start")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in _registrars():
        register(sub)
    return parser


def _registrars() -> list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]]:
    from finder import kiosk_pin
    from finder.matching import commands as matching_commands
    from finder.store import commands as store_commands

    return [store_commands.register, matching_commands.register, kiosk_pin.register]


def run(args: argparse.Namespace) -> int:
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        print("trial-finder: no command given", file=sys.stderr)
        return 2
    return handler(args)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return run(args)
