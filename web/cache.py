"""Answers that cost a walk over many vignettes (vignettes per concept, pattern profiles, similar cases), kept
until the data change (kb.queries.generation), so that a page asks Neo4j for them once per change, not per view."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from kb.queries.generation import Generation, data_generation
from kb.store.db import Database

T = TypeVar("T")


class ByGeneration:
    def __init__(self, db: Database, max_items: int = 1024) -> None:
        self.db, self.max_items = db, max_items
        self._generation: Generation | None = None
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def peek(self, key: Hashable) -> Any | None:
        """The answer kept for `key` if the data have not changed since, else None (nothing is computed)."""
        generation = data_generation(self.db)
        with self._lock:
            return self._items.get(key) if generation == self._generation else None

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        generation = data_generation(self.db)
        with self._lock:
            if generation != self._generation:
                self._items.clear()
                self._generation = generation
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()  # outside the lock: two requests may both compute it once, never block each other
        with self._lock:
            if self._generation == generation:
                self._items[key] = value
                while len(self._items) > self.max_items:
                    self._items.popitem(last=False)
        return value
