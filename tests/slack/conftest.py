"""The Slack servers (servers.py), started once per module."""

import pytest

from tests.slack.servers import SlackServers
from tests.support.servers import running


@pytest.fixture(scope="module")
def slack(tmp_path_factory):
    yield from running(SlackServers, tmp_path_factory, "slack")
