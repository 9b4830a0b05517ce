"""python -m tests.fakes --port N [--drop-after-commit P] [--latency S] [--fault-rate KIND=P]"""

from __future__ import annotations

import argparse
import sys

from tests.fakes.core import FAULT_KINDS
from tests.fakes.server import FakePlatforms


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fakes", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added per request")
    parser.add_argument(
        "--drop-after-commit",
        type=float,
        default=0.0,
        metavar="P",
        help="probability a publish is recorded and then the connection is dropped",
    )
    parser.add_argument(
        "--fault-rate",
        action="append",
        default=[],
        metavar="KIND=P",
        help=f"probability of a fault per publish; KIND in {sorted(FAULT_KINDS)}",
    )
    args = parser.parse_args(argv)
    probabilities = {"drop_after_commit": args.drop_after_commit} if args.drop_after_commit else {}
    for item in args.fault_rate:
        kind, _, chance = item.partition("=")
        if kind not in FAULT_KINDS:
            parser.error(f"unknown fault kind {kind!r}")
        probabilities[kind] = float(chance)
    server = FakePlatforms(args.host, args.port, latency=args.latency, probabilities=probabilities)
    print(f"fake platforms on {server.url} (X /2/..., LinkedIn /rest/..., Graph /v25.0/...)")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
