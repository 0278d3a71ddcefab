import pytest
from continent_means import continent_means

from graders.data import CITIES


def test_means_per_continent():
    got = continent_means(CITIES)
    assert set(got) == {"eu", "pac"}, f"continent_means gave keys {sorted(got)}."
    if got["eu"] == pytest.approx(6.55) or got["pac"] == pytest.approx(0.85):
        raise AssertionError(
            f"continent_means gave {got!r}: each sum was divided by the number of "
            "continents (2). Divide each continent's sum by its own number of cities."
        )
    assert got == pytest.approx({"eu": 4.366666, "pac": 1.7}), (
        f"continent_means gave {got!r}; expected eu 4.3667 (3.7 + 8.9 + 0.5 over 3) and "
        "pac 1.7."
    )
