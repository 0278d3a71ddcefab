from graders import not_gradable
from graders.capabilities import GPU_FIX, INSTALL, gpu_name, has_module


def test_gpu_with_cupy():
    name = gpu_name()
    if name is None:
        not_gradable("no NVIDIA GPU found (nvidia-smi); the GPU katas run on NumPy", GPU_FIX)
    if not has_module("cupy"):
        not_gradable(f"found {name} but CuPy is not installed", INSTALL["cupy"])
    import cupy

    total = float(cupy.arange(10).sum())
    assert total == 45.0, f"a small CuPy sum on {name} gave {total}; expected 45.0."
