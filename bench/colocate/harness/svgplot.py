"""A hand-written SVG of per-core utilisation over time with side tasks drawn on it (no plotting
library needed). One panel per run: a lane per CPU, utilisation as a filled area, each side-task
execution as a bar on the lanes of the CPUs it was pinned to (unpinned ones on their own lane),
and a line where the simulation ended."""

from xml.sax.saxutils import escape

TASK_COLOURS = {"cpu-burn": "#d62728", "mem-touch": "#9467bd", "io-churn": "#8c564b",
                "lammps-rdf": "#2ca02c", "phasesim-stats": "#2ca02c"}
LANE_H, LANE_GAP, LEFT, RIGHT, TITLE_H, AXIS_H = 34, 6, 90, 20, 22, 18


def _x(t, t0, t1, width):
    span = (t1 - t0) or 1.0
    return LEFT + (t - t0) / span * (width - LEFT - RIGHT)


def panel(title, cpus, t0, t1, samples, tasks, sim_end, width, top):
    """SVG elements of one panel starting at y=top; returns (elements, height)."""
    unpinned = any(not task["cpus"] for task in tasks)
    lanes = cpus + (1 if unpinned else 0)
    parts = [f'<text x="4" y="{top + 15}" font-size="13" font-weight="bold">{escape(title)}</text>']
    y0 = top + TITLE_H
    for lane in range(lanes):
        y = y0 + lane * (LANE_H + LANE_GAP)
        label = f"CPU {lane}" if lane < cpus else "unpinned"
        parts.append(f'<rect x="{LEFT}" y="{y}" width="{width - LEFT - RIGHT}" height="{LANE_H}" fill="#f4f4f4"/>')
        parts.append(f'<text x="4" y="{y + LANE_H / 2 + 4}" font-size="11">{label}</text>')
        if lane < cpus and samples:
            points = [f"{_x(samples[0][0], t0, t1, width):.1f},{y + LANE_H}"]
            for t, row in samples:
                u = row[lane] if lane < len(row) else 0.0
                points.append(f"{_x(t, t0, t1, width):.1f},{y + LANE_H * (1 - u):.1f}")
            points.append(f"{_x(samples[-1][0], t0, t1, width):.1f},{y + LANE_H}")
            parts.append(f'<polygon points="{" ".join(points)}" fill="#1f77b4" fill-opacity="0.45" stroke="#1f77b4" stroke-width="0.6"/>')
    for task in tasks:
        x0, x1 = _x(task["start"], t0, t1, width), _x(task["end"], t0, t1, width)
        colour = TASK_COLOURS.get(task["name"], "#ff7f0e")
        for lane in (task["cpus"] or [cpus]):
            if lane > cpus:
                continue
            y = y0 + lane * (LANE_H + LANE_GAP) + LANE_H * 0.62
            parts.append(f'<rect x="{x0:.1f}" y="{y:.1f}" width="{max(x1 - x0, 0.8):.1f}" height="{LANE_H * 0.3:.1f}" '
                         f'fill="{colour}" fill-opacity="0.75"><title>{escape(task["name"])} '
                         f'{task["start"] - t0:.2f}-{task["end"] - t0:.2f}s</title></rect>')
    bottom = y0 + lanes * (LANE_H + LANE_GAP)
    if sim_end is not None:
        x = _x(sim_end, t0, t1, width)
        parts.append(f'<line x1="{x:.1f}" y1="{y0 - 2}" x2="{x:.1f}" y2="{bottom - LANE_GAP + 2}" stroke="black" stroke-dasharray="4,3"/>')
    for k in range(6):
        t = t0 + (t1 - t0) * k / 5
        parts.append(f'<text x="{_x(t, t0, t1, width):.1f}" y="{bottom + 10}" font-size="10" text-anchor="middle">{t - t0:.1f}s</text>')
    return parts, bottom + AXIS_H - top


def render(panels, width=900):
    """panels: [{title, cpus, t0, t1, samples: [[t, [u per cpu]]], tasks: [{name, start, end, cpus}], sim_end}]."""
    body, y = [], 40
    for p in panels:
        parts, height = panel(p["title"], p["cpus"], p["t0"], p["t1"], p["samples"], p["tasks"], p.get("sim_end"), width, y)
        body.extend(parts)
        y += height + 10
    legend = ['<text x="4" y="16" font-size="12">blue area: CPU utilisation (/proc/stat); bars: side tasks '
              '(red cpu-burn, purple mem-touch, brown io-churn, green analysis); dashed line: simulation end</text>']
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{y + 10}" '
            f'viewBox="0 0 {width} {y + 10}" font-family="sans-serif">\n'
            f'<rect width="100%" height="100%" fill="white"/>\n' + "\n".join(legend + body) + "\n</svg>\n")
