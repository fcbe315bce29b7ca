"""``python -m rules_core [--as-of YYYY-MM-DD] [--explain] [FILE]``: facts (JSON) in, one
determination (JSON) out. Bad input: exit status 2 and ``{"errors": [...]}`` on standard output."""

from __future__ import annotations

import argparse
import json
import sys

from . import FactsError, determine, explain
from .dates import parse_iso


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse would print usage to stderr and exit 2; keep stdout JSON
        _fail([{"field": None, "message": message}])


def _fail(errors) -> None:
    sys.stdout.write(json.dumps({"errors": errors}) + "\n")
    sys.exit(2)


def main(argv=None) -> int:
    parser = _Parser(prog="python -m rules_core", description=__doc__)
    parser.add_argument("--as-of", dest="as_of", help="the date to use as today (YYYY-MM-DD)")
    parser.add_argument("--explain", action="store_true", help="print a plain-English explanation instead of JSON")
    parser.add_argument("file", nargs="?", default="-", help="JSON file of facts; - or absent for standard input")
    args = parser.parse_args(argv)

    as_of = None
    if args.as_of is not None:
        try:
            as_of = parse_iso(args.as_of)
        except ValueError:
            _fail([{"field": "as_of", "message": f"'{args.as_of}' is not a real date in the form YYYY-MM-DD"}])
    try:
        text = sys.stdin.read() if args.file == "-" else open(args.file, encoding="utf-8").read()
    except OSError as error:
        _fail([{"field": None, "message": f"cannot read {args.file}: {error.strerror}"}])
    except UnicodeDecodeError:
        _fail([{"field": None, "message": "the facts are not valid UTF-8 text"}])
    try:
        facts = json.loads(text)
    except json.JSONDecodeError as error:
        _fail([{"field": None, "message": f"the facts are not valid JSON ({error.msg}, line {error.lineno})"}])
    try:
        determination = determine(facts, as_of)
    except FactsError as error:
        _fail(error.errors)
    sys.stdout.write((explain(determination) if args.explain else json.dumps(determination, indent=1)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
