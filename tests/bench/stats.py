"""Figures from samples: percentiles the same way everywhere in the bench."""

from __future__ import annotations

import statistics


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share 0.95 for p95) of a non-empty list."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(samples_ms: list[float]) -> dict:
    return {
        "p50_ms": round(statistics.median(samples_ms), 2),
        "p95_ms": round(percentile(samples_ms, 0.95), 2),
        "requests": len(samples_ms),
    }


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if not numerator or not denominator:
        return None
    return round(numerator / denominator, 2)
