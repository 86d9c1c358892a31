"""Root sampling: probabilistic on the trace id's random bits, then a traces-per-second cap.

Children follow their parent (parent-based), remote parents included, so a decision is
made once per trace. The probabilistic test uses the low 56 bits of the trace id, the same
bits in every SDK, so services sampling at one rate keep the same traces.
"""
from __future__ import annotations

import threading
import time

from ._config import settings

_RANGE = 1 << 56


class _RateLimiter:
    """A token bucket of `rate` traces per second, with a burst of one second's worth."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.tokens = max(1.0, rate)
        self.last = time.monotonic()
        self.lock = threading.Lock()

    def take(self) -> bool:
        with self.lock:
            now = time.monotonic()
            self.tokens = min(max(1.0, self.rate), self.tokens + (now - self.last) * self.rate)
            self.last = now
            if self.tokens >= 1.0:
                self.tokens -= 1.0
                return True
            return False


_limiter: _RateLimiter | None = None
_limiter_rate: float | None = None


def sample_root(random56: int) -> bool:
    """Keep a new trace whose id carries these random bits?"""
    global _limiter, _limiter_rate
    rate = settings.sample_rate
    if rate < 1.0 and random56 >= rate * _RANGE:
        return False
    cap = settings.max_traces_per_second
    if cap is None:
        return True
    if _limiter is None or _limiter_rate != cap:
        _limiter, _limiter_rate = _RateLimiter(cap), cap
    return _limiter.take()


def always() -> bool:
    return settings.sample_rate >= 1.0 and settings.max_traces_per_second is None
