"""The ``kustomer-bridge`` command, also ``python -m kustomer_bridge``:

kustomer-bridge export DIR [--runtime mpy|py|all] [--base /path/]   (server/export.py)
kustomer-bridge check URL [--browser chromium|firefox] [--live] [--json] [--wait S]
                                                                    (check/)
"""

import argparse

from . import check
from .server import export


def parser():
    commands_parser = argparse.ArgumentParser(
        prog="kustomer-bridge", description="Kustomer Chat, described by Python in the page."
    )
    commands = commands_parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("export", help="copy the deployable bundle into DIR")
    command.add_argument("dir")
    command.add_argument("--runtime", choices=("mpy", "py", "all"), default="all")
    command.add_argument("--base", default="/", help="the URL path DIR is served under")
    command = commands.add_parser(
        "check", help="whether chat and its describes will work on a page"
    )
    command.add_argument("url")
    command.add_argument("--browser", choices=("chromium", "firefox"), default="chromium")
    command.add_argument(
        "--live", action="store_true", help="Kustomer's real widget.js; the check creates nothing"
    )
    command.add_argument("--json", action="store_true", help="the report as JSON")
    command.add_argument(
        "--wait", type=float, default=30, help="seconds to wait for each step (default 30)"
    )
    return commands_parser


def main(argv=None):
    args = parser().parse_args(argv)
    if args.command == "check":
        return check.check(args.url, args.browser, args.live, round(args.wait * 1000), args.json)
    return export.run(args.dir, args.runtime, args.base)
