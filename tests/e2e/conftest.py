"""The action server and the Rasa server (trained model, REST channel), started once for the e2e
tests by tests/support's launcher."""

import pytest

from tests.support.servers import Servers, running


@pytest.fixture(scope="session")
def servers(tmp_path_factory):
    yield from running(Servers, tmp_path_factory, "servers")
