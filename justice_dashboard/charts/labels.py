"""Where labels go at the end of lines: pure arithmetic, no figure."""

from __future__ import annotations

from collections.abc import Sequence


def nudge_apart(positions: Sequence[float], gap: float) -> list[float]:
    """Label positions at least `gap` apart, each as near its own point as it can be.

    Labels too close are moved apart as a group centred on their points' mean (a label keeps
    its place when nothing crowds it); the order of the points is kept. Returned in the order
    given.
    """
    if gap <= 0 or len(positions) < 2:
        return [float(p) for p in positions]
    order = sorted(range(len(positions)), key=lambda i: (positions[i], i))
    # Each group: (indexes in ascending order, the mean of their points).
    groups: list[tuple[list[int], float]] = []
    for index in order:
        groups.append(([index], float(positions[index])))
        while len(groups) > 1:
            (low, low_mean), (high, high_mean) = groups[-2], groups[-1]
            low_top = low_mean + (len(low) - 1) * gap / 2
            high_bottom = high_mean - (len(high) - 1) * gap / 2
            if high_bottom - low_top >= gap:
                break
            merged = low + high
            mean = (low_mean * len(low) + high_mean * len(high)) / len(merged)
            groups[-2:] = [(merged, mean)]
    placed = [0.0] * len(positions)
    for members, mean in groups:
        start = mean - (len(members) - 1) * gap / 2
        for step, index in enumerate(members):
            placed[index] = start + step * gap
    return placed
