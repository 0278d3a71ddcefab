"""Kata gpu_elementwise: one elementwise kernel for NumPy (CPU) and CuPy (GPU) alike."""

from __future__ import annotations

from typing import Any


def sigmoid(x: Any) -> Any:
    """`1 / (1 + exp(-x))` for every element, computed by x's own array library.

    `x.__array_namespace__()` returns `numpy` for a NumPy array and `cupy` for a CuPy
    array: call `exp` from there, never from a module you imported, and the same code runs
    on the GPU, where the result stays.
    """
    ### BEGIN SOLUTION
    xp = x.__array_namespace__()
    return 1.0 / (1.0 + xp.exp(-x))
    ### END SOLUTION


def hypotenuse(x: Any, y: Any) -> Any:
    """`sqrt(x*x + y*y)` for every pair of elements, in x's array library."""
    ### BEGIN SOLUTION
    xp = x.__array_namespace__()
    return xp.sqrt(x * x + y * y)
    ### END SOLUTION
