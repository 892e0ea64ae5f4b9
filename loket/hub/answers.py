"""Answers read once and handed to everyone asking the same question (single flight).

At each commit every replica asks the hub the same thing (the events after the same
position): one of them reads, the others wait for its answer and get a copy.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any

#: Answers kept (older ones go all at once: a key holds the hub's change number).
KEPT = 64
#: How often one waiting for another's identical read looks again.
LOOK_AGAIN_S = 5.0


class SharedAnswers:
    def __init__(self, kept: int = KEPT) -> None:
        self.kept = kept
        self._answers: dict[Hashable, dict[str, Any]] = {}
        self._reading: dict[Hashable, threading.Event] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, read: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """A copy of the answer to ``key``, read by ``read`` unless someone else does."""
        while True:
            with self._lock:
                if key in self._answers:
                    return dict(self._answers[key])
                reading = self._reading.get(key)
                if reading is None:
                    self._reading[key] = threading.Event()
                    break
            reading.wait(LOOK_AGAIN_S)
        try:
            body = read()
            with self._lock:
                if len(self._answers) >= self.kept:
                    self._answers.clear()
                self._answers[key] = body
            return dict(body)
        finally:
            with self._lock:
                self._reading.pop(key).set()
