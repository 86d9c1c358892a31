"""Cost of an LLM call from its token usage and a per-model price table.

Usage follows the native format: `input_tokens` counts every input token, cached ones
included; `cache_read_input_tokens` and `cache_creation_input_tokens` are parts of it.
"""
from __future__ import annotations

import json
import os
from typing import Mapping, Optional

from .._config import settings

_bundled: Optional[dict] = None


def bundled_prices() -> dict:
    global _bundled
    if _bundled is None:
        with open(os.path.join(os.path.dirname(__file__), "pricing.json"), encoding="utf-8") as f:
            _bundled = {k: v for k, v in json.load(f).items() if not k.startswith("_")}
    return _bundled


def price_of(model: str) -> Optional[Mapping[str, float]]:
    """Prices for `model`: overrides from configure(pricing=...) first, then the bundled table."""
    if not model:
        return None
    name = model.lower().split("/")[-1]  # "openai/gpt-4o" and "gpt-4o" price alike
    for table in (settings.pricing, bundled_prices()):
        if name in table:
            return table[name]
    best = None
    for table in (settings.pricing, bundled_prices()):
        for key in table:
            if name.startswith(key) and (best is None or len(key) > len(best[0])):
                best = (key, table[key])
        if best is not None:
            return best[1]
    return None


def cost_of(model: str, usage: Mapping[str, int]) -> Optional[float]:
    p = price_of(model)
    if p is None:
        return None
    inp = int(usage.get("input_tokens", 0) or 0)
    out = int(usage.get("output_tokens", 0) or 0)
    cr = int(usage.get("cache_read_input_tokens", 0) or 0)
    cw = int(usage.get("cache_creation_input_tokens", 0) or 0)
    uncached = max(0, inp - cr - cw)
    cost = (
        uncached * p.get("input", 0.0)
        + cr * p.get("cache_read", p.get("input", 0.0))
        + cw * p.get("cache_write", p.get("input", 0.0))
        + out * p.get("output", 0.0)
    ) / 1_000_000
    return round(cost, 10)
