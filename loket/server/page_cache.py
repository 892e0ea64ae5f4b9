"""The city pages' short cache: a refresh storm or a crawler cannot keep the database busy."""

from __future__ import annotations

import threading
import time

from starlette.responses import Response

#: Seconds a rendered public page is reused (and what Cache-Control tells browsers).
CACHE_SECONDS = 30


class PageCache:
    """Rendered responses by path and query, each kept ``CACHE_SECONDS``; bounded."""

    def __init__(self) -> None:
        self._items: dict[str, tuple[float, Response]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Response | None:
        with self._lock:
            item = self._items.get(key)
            if item is None or item[0] < time.monotonic():
                return None
            return item[1]

    def put(self, key: str, response: Response) -> None:
        with self._lock:
            if len(self._items) > 500:  # every distinct query is a key: keep it bounded
                self._items.clear()
            self._items[key] = (time.monotonic() + CACHE_SECONDS, response)
