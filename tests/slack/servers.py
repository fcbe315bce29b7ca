"""What the Slack tests start (conftest.py, once per module), on 127.0.0.1 only:

- a stub of the Slack Web API (slack_fakes.SlackApiStub) recording every call;
- the action server, and in front of it a proxy that makes actions slow for senders whose id
  contains "USLOW" (the slow-action case, without a hook in actions/);
- Rasa with a credentials file of its own: the repository's credentials.yml plus the Slack
  channel (unless the repository's file has it already), with SLACK_BOT_TOKEN,
  SLACK_SIGNING_SECRET and SLACK_API_URL (the stub) in its environment, and REDIS_HOST (the local
  Redis, a key prefix of its own) so that it remembers Slack's requests where other instances
  would see them, as in production.

It is tests/support's Servers (its say() and stop()) with those additions.
"""

import json
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from tests.slack.slack_fakes import SECRET, TOKEN, SlackApiStub, sign
from tests.support.proxy import DelayingProxy
from tests.support.servers import ROOT, Servers

REDIS_HOST = "127.0.0.1"
SLOW_MARKER = "USLOW"
SLOW_SECONDS = 4
SLACK_ENTRY = "channels.slack.connector.SencoSlackInput"
SLACK_CREDENTIALS = """
channels.slack.connector.SencoSlackInput:
  slack_token: ${SLACK_BOT_TOKEN}
  slack_signing_secret: ${SLACK_SIGNING_SECRET}
  use_threads: true
"""


class SlackServers(Servers):
    def __init__(self, tmp: Path):
        self.stub = SlackApiStub()
        credentials = tmp / "credentials.yml"
        repository = (ROOT / "credentials.yml").read_text()
        # The repository's own entry once it has one; until then the entry the README gives.
        credentials.write_text(repository if SLACK_ENTRY in repository else repository + SLACK_CREDENTIALS)
        proxies = []

        def through_a_delaying_proxy(action_port):
            proxies.append(DelayingProxy(f"http://127.0.0.1:{action_port}", SLOW_MARKER, SLOW_SECONDS))
            return f"http://127.0.0.1:{proxies[0].port}/webhook"

        self.redis_prefix = f"slacktest{uuid.uuid4().hex[:8]}"
        super().__init__(
            tmp,
            credentials=credentials,
            action_url=through_a_delaying_proxy,
            ready_path="/webhooks/slack/",
            extra_env=dict(
                SLACK_BOT_TOKEN=TOKEN,
                SLACK_SIGNING_SECRET=SECRET,
                SLACK_API_URL=self.stub.url,
                REDIS_HOST=REDIS_HOST,
                REDIS_PORT="6379",
                REDIS_DB="1",
                REDIS_KEY_PREFIX=self.redis_prefix,
                NO_PROXY="127.0.0.1,localhost",
                no_proxy="127.0.0.1,localhost",
            ),
        )
        self.proxy = proxies[0]
        self.webhook = f"http://127.0.0.1:{self.rasa_port}/webhooks/slack/webhook"

    def post(
        self,
        body: bytes,
        content_type: str = "application/json",
        headers: dict = None,
        timestamp: int = None,
        secret: str = SECRET,
    ):
        """Sends `body` to the Slack webhook, signed as Slack does (or with `secret`); returns
        (status, headers, body, seconds taken)."""
        all_headers = {"Content-Type": content_type, **sign(body, timestamp, secret), **(headers or {})}
        request = urllib.request.Request(self.webhook, data=body, headers=all_headers, method="POST")
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, dict(answer.headers), answer.read(), time.monotonic() - started
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read(), time.monotonic() - started

    def remember_as_another_instance(self, key: str) -> None:
        """Marks a request as handled in the shared memory, as another instance would."""
        import redis

        redis.Redis(host=REDIS_HOST, port=6379, db=1, socket_timeout=2).set(f"{self.redis_prefix}:slack-seen:{key}", 1, ex=600)

    def log(self) -> str:
        return (self.logs / "rasa.log").read_text(errors="replace")[-4000:]

    def stop(self):
        try:
            super().stop()
        finally:
            # What the bot posted, for a look after the run (pytest keeps its last three tmp dirs).
            (self.logs / "slack_api_calls.json").write_text(json.dumps(self.stub.calls, indent=1))
            if getattr(self, "proxy", None):
                self.proxy.stop()
            self.stub.stop()


def dump(posts) -> str:
    return json.dumps(posts, indent=1)[:6000]
