"""A dependency-free checker for the JSON Schema subset sdk/format/trace.schema.json keeps to
(type, required, properties, additionalProperties, enum, pattern, items, anyOf, oneOf,
minimum, local $ref). Any other keyword is an error, so the schema cannot outgrow it."""
from __future__ import annotations

import json
import os
import re
from typing import Any

KNOWN = {"$schema", "$id", "$defs", "title", "description", "type", "required", "properties",
         "additionalProperties", "enum", "pattern", "items", "anyOf", "oneOf", "minimum", "$ref"}

FORMAT_DIR = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", "format"))
SCHEMA_PATH = os.path.join(FORMAT_DIR, "trace.schema.json")


def load_schema() -> dict:
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        return json.load(f)


def _type_of(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "integer" if v.is_integer() else "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    if isinstance(v, dict):
        return "object"
    raise TypeError("not a JSON value: %r" % (v,))


def _matches(v: Any, t: str) -> bool:
    actual = _type_of(v)
    return actual == t or (t == "number" and actual == "integer")


def _ptr(path: str, key: Any) -> str:
    return "%s/%s" % (path, str(key).replace("~", "~0").replace("/", "~1"))


def validate(value: Any, schema: dict) -> list[tuple[str, str]]:
    """Errors as (JSON pointer, message); empty when `value` is valid."""
    out: list[tuple[str, str]] = []
    _check(value, schema, schema, "", out)
    return out


def _check(v: Any, s: dict, root: dict, path: str, out: list) -> None:
    unknown = set(s) - KNOWN
    if unknown:
        raise ValueError("schema keyword outside the subset: %s at %r" % (sorted(unknown), path))
    if "$ref" in s:
        ref = s["$ref"]
        if not ref.startswith("#/$defs/") or ref[8:] not in root.get("$defs", {}):
            raise ValueError("unresolved $ref %s" % ref)
        _check(v, root["$defs"][ref[8:]], root, path, out)
    if "type" in s:
        types = s["type"] if isinstance(s["type"], list) else [s["type"]]
        if not any(_matches(v, t) for t in types):
            out.append((path, "expected %s, got %s" % (" or ".join(types), _type_of(v))))
            return
    if "enum" in s and v not in s["enum"]:
        out.append((path, "%r is not one of %s" % (v, s["enum"])))
    if "pattern" in s and isinstance(v, str) and not re.search(s["pattern"], v):
        out.append((path, "%r does not match %s" % (v, s["pattern"])))
    if "minimum" in s and _type_of(v) in ("integer", "number") and v < s["minimum"]:
        out.append((path, "%r is below %r" % (v, s["minimum"])))
    for key in ("anyOf", "oneOf"):
        if key in s:
            results = []
            for alt in s[key]:
                errs: list = []
                _check(v, alt, root, path, errs)
                results.append(errs)
            passing = sum(1 for e in results if not e)
            if (key == "anyOf" and passing == 0) or (key == "oneOf" and passing != 1):
                best = min(results, key=len) if results else []
                out.extend(best or [(path, "%s: %d alternatives match" % (key, passing))])
    if isinstance(v, dict):
        props = s.get("properties", {})
        for req in s.get("required", ()):
            if req not in v:
                out.append((_ptr(path, req), "missing required field"))
        for k, val in v.items():
            if k in props:
                _check(val, props[k], root, _ptr(path, k), out)
            elif "additionalProperties" in s:
                ap = s["additionalProperties"]
                if ap is False:
                    out.append((_ptr(path, k), "unknown field"))
                elif isinstance(ap, dict):
                    _check(val, ap, root, _ptr(path, k), out)
    if isinstance(v, list) and isinstance(s.get("items"), dict):
        for i, item in enumerate(v):
            _check(item, s["items"], root, _ptr(path, i), out)
