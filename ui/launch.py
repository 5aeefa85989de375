"""Installed entry point: a subcommand runs without Qt; no subcommand opens the window."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from finder import cli


def main(argv: Sequence[str] | None = None) -> int:
    args = cli.build_parser().parse_args(argv)
    if args.command:
        return cli.run(args)
    from ui.app import run_app  # Qt is imported only when a window is wanted

    return run_app(args)


if __name__ == "__main__":
    sys.exit(main())
