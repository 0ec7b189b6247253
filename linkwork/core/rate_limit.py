"""Fixed-window counters in the default cache, keyed by a hash of the client's address (never the address
itself), for refusing a client that keeps failing. Per process with the local-memory cache: give a deployment of
several processes a shared cache."""

import hashlib

from django.core.cache import cache
from django.http import HttpRequest

from linkwork.core.errors import FieldError


class RateLimited(Exception):
    """Too many attempts; try again after `retry_after` seconds (429 with Retry-After)."""

    def __init__(self, retry_after: int, error: FieldError):
        self.retry_after = retry_after
        self.error = error
        super().__init__(error.message)


class AddressWindow:
    """Counts events per client address in a window of `window` seconds that starts with the first one."""

    def __init__(self, name: str, limit: int, window: int):
        self.name = name
        self.limit = limit
        self.window = window

    def _key(self, request: HttpRequest) -> str:
        address = request.META.get("REMOTE_ADDR") or "unknown"
        return f"linkwork:{self.name}:" + hashlib.sha256(address.encode()).hexdigest()

    def count(self, request: HttpRequest) -> int:
        return int(cache.get(self._key(request), 0))

    def over(self, request: HttpRequest) -> bool:
        return self.count(request) >= self.limit

    def add(self, request: HttpRequest) -> int:
        key = self._key(request)
        cache.add(key, 0, timeout=self.window)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=self.window)
            return 1
