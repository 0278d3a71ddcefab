"""Kata gpu_pipeline: move the data once, keep it on the device between steps."""

from __future__ import annotations

from typing import Any

LIMIT = 3.0


def standardise(x: Any) -> Any:
    """`(x - mean) / std` of the array `x`, in x's library (device in, device out)."""
    # TODO: write standardise; the lesson is README.md, kata gpu_pipeline
    raise NotImplementedError("TODO: standardise (kata gpu_pipeline)")


def clip_outliers(z: Any, limit: float = LIMIT) -> Any:
    """`z` with every value limited to [-limit, limit], in z's library."""
    # TODO: write clip_outliers; the lesson is README.md, kata gpu_pipeline
    raise NotImplementedError("TODO: clip_outliers (kata gpu_pipeline)")


def score(host_data: Any, xp: Any) -> float:
    """The mean of the squares of the clipped, standardised data, as a Python float.

    `host_data` is in host memory (a list or a NumPy array). Copy it to the device once
    with `xp.asarray`, run both steps there, and copy back only the final number.
    """
    # TODO: write score; the lesson is README.md, kata gpu_pipeline
    raise NotImplementedError("TODO: score (kata gpu_pipeline)")
