"""HTTP from a test: JSON posts, and any request with its status, headers and body (4xx and 5xx
included, where urllib would raise)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Dict, Optional, Tuple


def post_json(url: str, payload: dict, timeout: float = 60) -> list:
    request = urllib.request.Request(url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def http(
    method: str, url: str, body: Optional[bytes] = None, headers: Optional[dict] = None, timeout: float = 60
) -> Tuple[int, Dict[str, str], bytes]:
    """(status, headers, body bytes) for any request, 4xx and 5xx included."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
