"""JSON encoding that never fails: a record is never lost for its payload.

The fast path is the C encoder. Values it cannot take (objects, cycles, NaN, non-string
keys, bytes) send the value through `jsonable`, which turns them into plain JSON: dataclasses
and objects with `model_dump`/`dict`/`__dict__` become objects, everything else its `repr`.
"""
from __future__ import annotations

import json
import math
from json.encoder import encode_basestring_ascii as quote  # the C function when _json is built

_MAX_REPR = 2000
_MAX_DEPTH = 32

_encode = json.JSONEncoder(allow_nan=False, separators=(",", ":")).encode

try:  # the C encoder, built once: json.dumps rebuilds it on every call
    from json.encoder import c_make_encoder as _c_make_encoder
    from json.encoder import encode_basestring_ascii as _ascii
except ImportError:  # pragma: no cover - PyPy and builds without _json
    _c_make_encoder = None


def _unsupported(o: object) -> object:
    raise TypeError("not JSON")


_markers: dict = {}
_c_encode = (
    _c_make_encoder(_markers, _unsupported, _ascii, None, ":", ",", False, False, False) if _c_make_encoder else None
)


def dumps(value: object) -> str:
    """Compact ASCII JSON for `value`; anything JSON cannot hold is converted, never raised."""
    if _c_encode is not None:
        try:
            return "".join(_c_encode(value, 0))
        except (TypeError, ValueError, OverflowError, RecursionError, KeyError):
            # An aborted encode can leave cycle markers behind (or met another thread's).
            _markers.clear()
    try:
        return _encode(value)
    except (TypeError, ValueError, OverflowError, RecursionError):
        pass
    try:
        return _encode(jsonable(value))
    except Exception as exc:  # a broken __repr__ and the like: still keep the record
        return _encode("<unserializable %s: %s>" % (type(value).__name__, _short(exc)))


_int_repr = int.__repr__
_float_repr = float.__repr__


def scalar(v: object) -> str | None:
    """JSON for an immutable scalar (exactly str, int, bool, None or a finite float), else None.

    The same text the C encoder writes, without its per-call set-up (a few tenths of a µs,
    which is most of the cost of a small payload).
    """
    t = type(v)
    if t is str:
        return quote(v)  # type: ignore[arg-type]
    if t is int:
        return _int_repr(v)  # type: ignore[arg-type]
    if v is None:
        return "null"
    if t is bool:
        return "true" if v else "false"
    if t is float and v - v == 0.0:  # type: ignore[operator]  # finite: NaN and inf go the slow way
        return _float_repr(v)  # type: ignore[arg-type]
    return None


def flat_object(d: dict) -> str | None:
    """JSON for a dict of str keys and `scalar` values, else None (then use `dumps`)."""
    try:
        parts = []
        for k, v in d.items():
            if type(k) is not str:
                return None
            t = type(v)
            if t is str:
                parts.append(quote(k) + ":" + quote(v))
            elif t is int:
                parts.append(quote(k) + ":" + _int_repr(v))
            else:
                s = scalar(v)
                if s is None:
                    return None
                parts.append(quote(k) + ":" + s)
        return "{" + ",".join(parts) + "}"
    except Exception:  # changed by another thread while we read it: the slow path copes
        return None


def _short(exc: BaseException) -> str:
    try:
        return str(exc)[:200]
    except Exception:
        return type(exc).__name__


def _repr(value: object) -> str:
    try:
        r = repr(value)
    except Exception as exc:
        r = "<%s: repr failed: %s>" % (type(value).__name__, _short(exc))
    return r if len(r) <= _MAX_REPR else r[:_MAX_REPR] + "..."


def jsonable(value: object, _seen: set[int] | None = None, _depth: int = 0) -> object:
    """A copy of `value` made of JSON types only."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if _depth > _MAX_DEPTH:
        return "[MaxDepth]"
    seen = _seen if _seen is not None else set()
    vid = id(value)
    if vid in seen:
        return "[Circular]"
    if isinstance(value, dict):
        seen.add(vid)
        out = {}
        for k, v in value.items():
            key = k if isinstance(k, str) else (json.dumps(k) if isinstance(k, (int, float, bool)) or k is None else _repr(k))
            out[key] = jsonable(v, seen, _depth + 1)
        seen.discard(vid)
        return out
    if isinstance(value, (list, tuple, set, frozenset)):
        seen.add(vid)
        out_list = [jsonable(v, seen, _depth + 1) for v in value]
        seen.discard(vid)
        return out_list
    if isinstance(value, (bytes, bytearray, memoryview)):
        b = bytes(value)
        return "<%d bytes>" % len(b) if len(b) > 256 else _repr(b)
    converted = _structured(value)
    if converted is not None:
        seen.add(vid)
        out_v = jsonable(converted, seen, _depth + 1)
        seen.discard(vid)
        return out_v
    return _repr(value)


def _structured(value: object) -> object | None:
    """Objects that describe themselves as data (pydantic, dataclasses, SDK response types)."""
    for method in ("model_dump", "to_dict", "dict"):
        fn = getattr(value, method, None)
        if callable(fn) and not isinstance(value, type):
            try:
                out = fn()
            except Exception:
                continue
            if isinstance(out, dict):
                return out
    fields = getattr(value, "__dataclass_fields__", None)
    if isinstance(fields, dict) and not isinstance(value, type):
        return {name: getattr(value, name, None) for name in fields}
    d = getattr(value, "__dict__", None)
    if isinstance(d, dict) and d and not isinstance(value, type) and not callable(value):
        return {"__type__": type(value).__name__, **{k: v for k, v in d.items() if not k.startswith("_")}}
    return None
