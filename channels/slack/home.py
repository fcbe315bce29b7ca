"""The App Home tab's content: what the app does (from the app manifest, the one place that says
it) and the user's latest answer (from the tracker store the Rasa server uses).

A person's direct-message conversation with the app has their Slack user id as its sender id
(connector.py), so their latest answer is the last determination payload the bot said there.
It is read from the whole conversation, not only the current session, because the tracker store
starts new sessions in long conversations (stores/sql.py)."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Optional, Text

import yaml
from rasa.shared.core.events import BotUttered

from stores.sql import TrackerStoreUnavailable

logger = logging.getLogger(__name__)

MANIFEST = Path(__file__).with_name("manifest.yml")


@lru_cache(maxsize=1)
def manifest() -> Dict[str, Any]:
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def app_name() -> Text:
    return manifest()["display_information"]["name"]


def what_the_app_does() -> Text:
    """The manifest's long description: what Slack shows about the app, and the Home tab too."""
    return " ".join(str(manifest()["display_information"]["long_description"]).split())


def conversation_store(app: Any) -> Any:
    """The running Rasa server's tracker store, or None before the model is loaded.

    Rasa keeps its agent on the Sanic app (``app.ctx.agent``, set by rasa.core.run and
    rasa.server.create_app), and its own HTTP API reads conversations through
    ``app.ctx.agent.tracker_store`` the same way (rasa/server.py). Both names are public; this is
    the one place the Slack channel relies on them."""
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    return getattr(agent, "tracker_store", None)


def latest_determination(events: Any) -> Optional[Dict[str, Any]]:
    """The last determination payload among a conversation's events that is the person's own
    answer (not a "what if")."""
    for event in reversed(list(events or [])):
        if not isinstance(event, BotUttered):
            continue
        custom = (event.data or {}).get("custom")
        if isinstance(custom, dict) and custom.get("type") == "determination" and not custom.get("hypothetical"):
            return custom
    return None


async def latest_answer(store: Any, sender_id: Text) -> Optional[Dict[str, Any]]:
    """The latest answer in ``sender_id``'s conversation; None when there is none, or when the
    store cannot be read (the Home tab is then shown without it)."""
    if store is None:
        return None
    try:
        tracker = await store.retrieve_full_tracker(sender_id)
    except (Exception, TrackerStoreUnavailable) as error:
        logger.error(f"Slack App Home: the conversation store could not be read ({type(error).__name__})")
        return None
    return latest_determination(tracker.events) if tracker is not None else None
