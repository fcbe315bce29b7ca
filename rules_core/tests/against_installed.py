"""Runs these tests against the rules_core installed in the running Python, not the repository's
(make test-pythons runs it in a venv per Python, with -P and without PYTHONPATH):

    python -P rules_core/tests/against_installed.py [pytest options]

Only the tests come from the repository: rules_core is imported from the installed copy first, and
the repository's rules_core directory is added after it to the package's path, so that
rules_core.tests (these files and their helpers, which are not installed) can still be found,
while every other rules_core module comes from the installed copy (test_packaging.py checks it)."""

import os
import sys
from pathlib import Path

import pytest

import rules_core

TESTS = Path(__file__).resolve().parent

if __name__ == "__main__":
    if TESTS.parent in [Path(entry).resolve() for entry in rules_core.__path__]:
        sys.exit(
            f"rules_core was imported from the repository ({rules_core.__file__}), not an installed copy: "
            "run with python -P and without PYTHONPATH"
        )
    rules_core.__path__.append(str(TESTS.parent))
    os.environ["RULES_CORE_INSTALLED"] = "1"
    # append: pytest puts the repository at the end of sys.path, after the installed copy
    sys.exit(
        pytest.main(
            [
                "-p",
                "no:cacheprovider",
                "--import-mode=append",
                "-c",
                os.devnull,
                "--rootdir",
                str(TESTS),
                *sys.argv[1:],
                str(TESTS),
            ]
        )
    )
