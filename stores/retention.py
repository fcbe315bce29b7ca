"""Retention: deletes conversations whose latest event is older than N days from the tracker store
that an endpoints file configures (the same settings, and so the same environment variables, as
the Rasa server).

    python -m stores.retention --days 90 [--endpoints endpoints.production.yml] [--dry-run]

A conversation is deleted whole, and only when nothing has happened in it for N days: deleting old
events one by one would cut the beginning off a conversation that is still going on (its answers
would be lost and the questions asked again). Share links (stores/share.py) past their 24 hours are
deleted from the same database on every run. Run it daily, e.g. from cron or a Kubernetes CronJob.
Exit status 0 on success, 2 on a usage or configuration error."""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence

import sqlalchemy as sa

from stores.share import ShareStore

DAY_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Purge:
    conversations: int
    events: int
    cutoff: float


def purge(store, days: float, now: Optional[float] = None, dry_run: bool = False) -> Purge:
    """Deletes from ``store`` (an SQLTrackerStore) every conversation last active before
    ``now - days``; returns what was (or, with dry_run, would be) deleted."""
    if days < 0:
        raise ValueError("days must not be negative")
    cutoff = (time.time() if now is None else now) - days * DAY_SECONDS
    event = store.SQLEvent
    with store.session_scope() as session:
        stale = session.query(event.sender_id).group_by(event.sender_id).having(sa.func.max(event.timestamp) < cutoff)
        senders: List[str] = [sender for (sender,) in stale.all()]
        events = 0
        for start in range(0, len(senders), 500):
            chunk = senders[start : start + 500]
            matching = session.query(event).filter(event.sender_id.in_(chunk))
            events += matching.delete(synchronize_session=False) if not dry_run else matching.count()
        if not dry_run:
            session.commit()
    return Purge(len(senders), events, cutoff)


def open_store(endpoints: Path):
    from rasa.core.tracker_store import TrackerStore
    from rasa.core.utils import read_endpoints_from_path

    from channels.rasa_compat import store_inside_wrapper

    config = read_endpoints_from_path(str(endpoints)).tracker_store
    if config is None:
        raise ValueError(f"{endpoints} configures no tracker store")
    store = store_inside_wrapper(TrackerStore.create(config))
    if not hasattr(store, "SQLEvent"):
        raise ValueError(f"{endpoints}: retention works on SQL tracker stores, not {type(store).__name__}")
    return store


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m stores.retention", description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, required=True, help="delete conversations with no activity for this many days")
    parser.add_argument(
        "--endpoints",
        type=Path,
        default=Path("endpoints.yml"),
        help="the endpoints file the Rasa server uses (default: endpoints.yml)",
    )
    parser.add_argument("--dry-run", action="store_true", help="count, but delete nothing")
    args = parser.parse_args(argv)
    if args.days < 0:
        parser.error("--days must not be negative")
    try:
        store = open_store(args.endpoints)
    except (ValueError, OSError) as error:
        print(f"retention: {error}", file=sys.stderr)
        return 2
    result = purge(store, args.days, dry_run=args.dry_run)
    links = ShareStore(store.engine).delete_expired(dry_run=args.dry_run)
    print(
        json.dumps(
            {
                "deleted_conversations" if not args.dry_run else "would_delete_conversations": result.conversations,
                "deleted_events" if not args.dry_run else "would_delete_events": result.events,
                "last_active_before": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(result.cutoff)),
                "deleted_share_links" if not args.dry_run else "would_delete_share_links": links,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
