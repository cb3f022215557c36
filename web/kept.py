"""Answers that depend only on their key, kept (the most recently used, up to a bound) for as long as the app runs.

For answers computed from an article's content alone, such as its tags and its vignette draft: their key holds
the article's version (a hash of its content), so a kept answer can never be stale, and unlike web.cache a
write elsewhere in the graph (a link, a vignette) does not throw them away.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class Kept:
    def __init__(self, max_items: int = 256) -> None:
        self.max_items = max_items
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()  # outside the lock: two requests may both compute it once, never block each other
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.max_items:
                self._items.popitem(last=False)
        return value
