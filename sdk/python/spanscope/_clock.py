"""Times and ids for the hot path.

Every span needs two ISO-8601 times, a compact time for its `dotted_order` segment and a
UUIDv7. Formatting a datetime costs microseconds, so the part that changes once a second (or
once a millisecond for ids) is cached and only the fraction is formatted per call. The
caches are tuples swapped in one assignment, so a thread switch can never pair a stale
prefix with a new key.
"""
from __future__ import annotations

import os
import random
import time

time_ns = time.time_ns
_getrandbits = random.getrandbits  # reseeded after fork by the random module itself

_iso_cache: tuple[int, str, str] = (-1, "", "")  # (epoch second, ISO prefix, compact prefix)


def _prefixes(sec: int) -> tuple[int, str, str]:
    global _iso_cache
    t = time.gmtime(sec)
    iso = "%04d-%02d-%02dT%02d:%02d:%02d." % t[:6]
    compact = "%04d%02d%02dT%02d%02d%02d" % t[:6]
    cache = (sec, iso, compact)
    _iso_cache = cache
    return cache


def iso(ns: int) -> str:
    """`2026-11-21T14:45:00.123456Z` for an epoch time in nanoseconds (truncated to µs)."""
    sec, frac = divmod(ns, 1_000_000_000)
    cache = _iso_cache
    if cache[0] != sec:
        cache = _prefixes(sec)
    return "%s%sZ" % (cache[1], str(frac // 1000 + 1_000_000)[1:])


def compact(ns: int) -> str:
    """`20261121T144500123456Z`: the time part of a LangSmith dotted_order segment."""
    sec, frac = divmod(ns, 1_000_000_000)
    cache = _iso_cache
    if cache[0] != sec:
        cache = _prefixes(sec)
    return "%s%sZ" % (cache[2], str(frac // 1000 + 1_000_000)[1:])


# UUIDv7 (RFC 9562): 48-bit ms timestamp, version 7, 12 bits `rand_a`, variant 10, 62 bits
# `rand_b`. `rand_a` holds the sub-millisecond fraction (RFC 9562 §6.2 method 3) and is
# bumped when two ids fall in the same slot, so ids are monotonic within a process. A thread
# switch between the three assignments below can at worst pair an id with the previous ms
# prefix; uniqueness rests on the 62 random bits.
_ms = -1
_prefix = ""
_seq = -1
_HEX3 = ["%03x" % i for i in range(4096)]

# `rand_b` comes from a pool: 512 values drawn as one big random number, variant bits set by
# two masks and hexed with a separator every 8 bytes, so the per-id cost is one `next`
# instead of a draw, a conversion and a hex call. `next` on a list iterator is atomic under
# the GIL, so two threads never take the same value; a forked child drops the pool it
# inherited (the random module reseeds itself there) so it never repeats its parent's ids.
_POOL = 512
_KEEP = int.from_bytes(b"\x3f\xff\xff\xff\xff\xff\xff\xff" * _POOL, "big")
_VARIANT = int.from_bytes(b"\x80\x00\x00\x00\x00\x00\x00\x00" * _POOL, "big")
_EMPTY: list = []
_next_rand = iter(_EMPTY).__next__


def _refill() -> str:
    global _next_rand
    r = (_getrandbits(64 * _POOL) & _KEEP) | _VARIANT
    it = iter(r.to_bytes(8 * _POOL, "big").hex(" ", 8).split())
    _next_rand = it.__next__
    return it.__next__()


def _drop_pool() -> None:
    global _next_rand
    _next_rand = iter(_EMPTY).__next__


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_drop_pool)


def _ms_prefix(ms: int) -> str:
    h = "%012x" % ms
    return h[:8] + "-" + h[8:] + "-7"


def uuid7(ns: int) -> str:
    """A UUIDv7 string for the epoch time `ns` (nanoseconds)."""
    global _ms, _prefix, _seq
    ms, sub = divmod(ns, 1_000_000)
    seq = sub // 245  # the sub-ms fraction in 12 bits (0..4081), with small-int arithmetic
    if ms == _ms:
        if seq <= _seq:
            seq = _seq + 1
            if seq > 0xFFF:  # 4096 ids in one ms slot: borrow the next millisecond
                ms += 1
                seq = 0
                _ms = ms
                _prefix = _ms_prefix(ms)
    else:
        _ms = ms
        _prefix = _ms_prefix(ms)
    _seq = seq
    try:
        h = _next_rand()
    except StopIteration:
        h = _refill()
    return f"{_prefix}{_HEX3[seq]}-{h[:4]}-{h[4:]}"


def random_bits_of(uuid_or_hex: str) -> int:
    """The low 56 bits of an id (UUID or 32-hex W3C trace id): the sampler's randomness."""
    return int(uuid_or_hex.replace("-", "")[-14:], 16)


def hex_to_uuid(h: str) -> str:
    h = h.lower()
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:32])
