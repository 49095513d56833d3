"""Geometry of the server-rendered SVG charts (drawn by templates/digitalisation/charts/*.html).

No chart library: the charts are few and simple (bars, stacked bars, lines, a map of 15 regions), and an
in-repo Python module that computes coordinates keeps them readable without JavaScript, with
no external request, and testable. Every chart has a table with the same numbers beside it.
"""

from dataclasses import dataclass

from django.utils.formats import number_format

from .boundaries import path_data

LABEL_WIDTH = 250
PLOT_WIDTH = 380
BAR_HEIGHT = 16
ROW_GAP = 14
TICKS = (0, 25, 50, 75, 100)
# Five classes of a sequential blue palette (ColorBrewer PuBu); the text on each tile keeps a
# contrast of at least 4.5:1 (dark text on the light classes, white on the dark ones).
MAP_CLASSES = (
    ("#f1eef6", "#0b0c0c"),
    ("#bdc9e1", "#0b0c0c"),
    ("#74a9cf", "#0b0c0c"),
    ("#2b8cbe", "#ffffff"),
    ("#045a8d", "#ffffff"),
)
NO_DATA = ("#ffffff", "#0b0c0c")


def _percent(value):
    return "–" if value is None else f"{number_format(value, 1)} %"


@dataclass
class Series:
    label: str
    css_class: str  # fill colour from charts.css (series-bg, series-ro, …)


def _label_width(rows):
    """Room for the longest row label (about 7.5 units a letter at the charts' font size):
    Bulgarian and Romanian names run longer than English ones and must not be cut off."""
    longest = max((len(str(label)) for label, _values in rows), default=0)
    return max(LABEL_WIDTH, round(7.5 * longest) + 16)


def bar_chart(rows, series):
    """Grouped horizontal bars of percentages: ``rows`` is [(label, [value per series])]."""
    label_width = _label_width(rows)
    drawn, y = [], 28
    for label, values in rows:
        bars = []
        for index, (value, one_series) in enumerate(zip(values, series, strict=True)):
            width = round(PLOT_WIDTH * (value or 0) / 100, 1)
            bars.append({
                "x": label_width, "y": y + index * BAR_HEIGHT, "width": width, "height": BAR_HEIGHT - 2,
                "css_class": one_series.css_class, "text": _percent(value), "text_x": label_width + width + 4,
                "text_y": y + index * BAR_HEIGHT + BAR_HEIGHT - 4, "series": one_series.label,
            })
        group_height = len(series) * BAR_HEIGHT
        drawn.append({"label": label, "label_y": y + group_height / 2 + 4, "bars": bars})
        y += group_height + ROW_GAP
    ticks = [{"x": label_width + PLOT_WIDTH * tick / 100, "label": f"{tick} %"} for tick in TICKS]
    return {
        "width": label_width + PLOT_WIDTH + 60, "height": y + 4, "rows": drawn, "ticks": ticks,
        "plot_bottom": y - ROW_GAP + 4, "label_x": label_width - 8, "series": series,
    }


def stacked_bars(rows, part_labels):
    """One 100 % bar per row, split into parts: ``rows`` is [(label, [count per part])]."""
    label_width = _label_width(rows)
    drawn, y = [], 10
    for label, counts in rows:
        total = sum(counts)
        x, parts = label_width, []
        for index, count in enumerate(counts):
            width = round(PLOT_WIDTH * count / total, 1) if total else 0
            if width:
                parts.append({
                    "x": x, "width": width, "css_class": f"part-{index + 1}", "count": count,
                    "label": part_labels[index], "text_x": x + width / 2, "show_text": width >= 22,
                })
            x += width
        drawn.append({"label": label, "y": y, "label_y": y + 17, "parts": parts, "text_y": y + 17})
        y += 26 + ROW_GAP
    return {"width": label_width + PLOT_WIDTH + 10, "height": y, "rows": drawn, "label_x": label_width - 8}


def line_chart(dates, series_values, series):
    """Percentages over time: ``series_values`` is [[value per date] per series]."""
    left, top, width, height = 50, 12, 540, 200
    step = width / max(len(dates) - 1, 1)
    lines = []
    for values, one_series in zip(series_values, series, strict=True):
        points = [
            (round(left + index * step, 1), round(top + height - height * value / 100, 1))
            for index, value in enumerate(values) if value is not None
        ]
        lines.append({
            "css_class": one_series.css_class, "label": one_series.label,
            "points": " ".join(f"{x},{y}" for x, y in points),
            "dots": [{"x": x, "y": y} for x, y in points],
        })
    # At most eight date labels, so they do not overlap.
    every = max(1, -(-len(dates) // 8))
    date_labels = [
        {"x": round(left + index * step, 1), "label": day.isoformat()}
        for index, day in enumerate(dates) if index % every == 0
    ]
    ticks = [{"y": round(top + height - height * tick / 100, 1), "label": f"{tick} %"} for tick in TICKS]
    return {
        "width": left + width + 30, "height": top + height + 40, "left": left, "right": left + width,
        "bottom": top + height, "lines": lines, "dates": date_labels, "ticks": ticks, "date_y": top + height + 18,
    }


def region_map(regions, tallies, indicator_name, href_for, boundaries):
    """The map: each district and county drawn from its boundary (``digitalisation.boundaries``),
    filled with the class of its share, with the border the two countries share on top."""
    shapes = []
    for region in regions:
        outline = boundaries["regions"][region.key]
        value = tallies[region.key].share(indicator_name)
        fill, text = NO_DATA if value is None else MAP_CLASSES[min(int(value // 20), 4)]
        label_x, label_y = outline["label"]
        shapes.append({
            "key": region.key, "label": region.label, "d": path_data(outline["rings"]), "fill": fill,
            "text_colour": text, "value": _percent(value), "href": href_for(region.key),
            "country": region.country, "label_x": label_x, "label_y": label_y,
        })
    border = [" ".join(f"{x:g},{y:g}" for x, y in line) for line in boundaries["border"]]
    legend = [
        {"fill": fill, "label": f"{index * 20}–{index * 20 + 20} %" if index < 4 else "80–100 %"}
        for index, (fill, _text) in enumerate(MAP_CLASSES)
    ]
    return {
        "width": boundaries["width"], "height": boundaries["height"], "regions": shapes, "border": border,
        "legend": legend,
    }
