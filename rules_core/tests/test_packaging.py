"""The rules core as a distribution of its own (pyproject.toml): it carries every data file it
reads, and `make test-pythons` really tests an installed copy, not the repository's."""

import os
import sys
from pathlib import Path

import rules_core

SOURCE = Path(__file__).resolve().parents[1]
IMPORTED = Path(rules_core.__file__).resolve().parent


def data_files(package: Path) -> set:
    """Every file of the package that is not Python (its tests aside)."""
    return {
        path.relative_to(package)
        for path in package.rglob("*")
        if path.is_file()
        and path.suffix not in {".py", ".pyc"}
        and not {"tests", "__pycache__"} & set(path.relative_to(package).parts)
    }


def test_the_package_carries_every_data_file_of_the_source():
    assert data_files(SOURCE), "no data files found: has the layout changed?"
    assert data_files(SOURCE) <= data_files(IMPORTED), sorted(map(str, data_files(SOURCE) - data_files(IMPORTED)))


def test_the_copy_under_test_is_the_one_meant():
    if os.environ.get("RULES_CORE_INSTALLED"):  # set by against_installed.py (make test-pythons)
        assert IMPORTED != SOURCE and Path(sys.prefix).resolve() in IMPORTED.parents, IMPORTED
    else:
        assert IMPORTED == SOURCE, IMPORTED
    # Every module of the package (its tests aside) comes from that copy.
    strays = {
        name: module.__file__
        for name, module in list(sys.modules.items())
        if name.startswith("rules_core.")
        and not name.startswith("rules_core.tests")
        and getattr(module, "__file__", None)
        and IMPORTED not in Path(module.__file__).resolve().parents
    }
    assert strays == {}
