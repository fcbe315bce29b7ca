"""The deployment checks (Dockerfile, deploy/kubernetes) run under .venv-py3, where kubectl,
kubernetes-validate and hadolint are installed: `make test-deploy`. The root tests/conftest.py
imports only the standard library and pytest at module level, so it loads there too. Under the
Rasa venv (`pytest tests`) they are skipped, saying so."""

import importlib.util
from pathlib import Path

import pytest

from tests.deploy.reading import OVERLAYS, dockerfile_stages, render

HERE = Path(__file__).parent
IN_TOOLS_VENV = importlib.util.find_spec("kubernetes_validate") is not None


def pytest_collection_modifyitems(config, items):
    if IN_TOOLS_VENV:
        return
    skip = pytest.mark.skip(reason="deployment checks run under .venv-py3: make test-deploy")
    for item in items:
        if Path(item.fspath).is_relative_to(HERE):
            item.add_marker(skip)


@pytest.fixture(scope="session", params=sorted(OVERLAYS))
def overlay(request):
    """(name, rendered objects) for each kustomization: the base and the production overlay."""
    return request.param, render(OVERLAYS[request.param])


@pytest.fixture(scope="session")
def objects(overlay):
    return overlay[1]


@pytest.fixture(scope="session")
def stages():
    return dockerfile_stages()
