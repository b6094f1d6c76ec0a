"""Bar charts of the per-region and per-kind scores, as base64 PNG for a self-contained HTML page."""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")  # no display on servers and in CI
import matplotlib.pyplot as plt


def bar_chart_png(title: str, groups: dict[str, dict[str, float | int | None]], metric: str = "correct") -> str:
    """Horizontal bars of ``metric`` (0..1) per group, labelled with the number of turns."""
    names = list(groups)
    values = [float(groups[n].get(metric) or 0.0) for n in names]
    fig, ax = plt.subplots(figsize=(6.5, 0.45 * max(len(names), 2) + 1.0), dpi=100)
    bars = ax.barh(names, values, color="#2b6cb0")
    for bar, name in zip(bars, names, strict=True):
        ax.text(min(bar.get_width() + 0.01, 0.93), bar.get_y() + bar.get_height() / 2,
                f"{bar.get_width():.0%} (n={groups[name].get('turns', 0)})", va="center", fontsize=8)
    ax.set_xlim(0, 1)
    ax.invert_yaxis()
    ax.set_title(title, fontsize=10)
    ax.tick_params(labelsize=8)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")
