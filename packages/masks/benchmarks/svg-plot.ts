// A small SVG line-chart writer for the benchmark report (no dependency): series of (x, y ± err) points,
// linear axes with ticks, a legend on the right. Pure string building, so a test can check it.

/** One point: `err` draws a vertical bar `y ± err`. */
export interface PlotPoint {
  x: number;
  y: number;
  err?: number;
}

/** One line of the chart. A series of one point draws only its marker. */
export interface PlotSeries {
  name: string;
  points: PlotPoint[];
  /** A horizontal reference line at this y across the whole x range (the points are then ignored). */
  reference?: number;
}

/** What {@link lineChart} draws. */
export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: PlotSeries[];
  /** Tick positions on x (data units); also fix the x range with `xRange`. */
  xTicks: number[];
  xRange: [number, number];
  yRange: [number, number];
  yStep: number;
  /** Tick label of an x value. Default: the value. */
  xFormat?: (x: number) => string;
  width?: number;
  height?: number;
  /** Width of the legend column on the right. Default 330. */
  legendWidth?: number;
}

const COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];
const DASHES = ['', '6 3', '2 2', '8 3 2 3'];
const MARKERS = ['circle', 'square', 'triangle', 'diamond'] as const;

/** Escape text for XML. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const fmt = (v: number): string => (Math.round(v * 100) / 100).toString();

function marker(kind: (typeof MARKERS)[number], x: number, y: number, color: string): string {
  const r = 3.5;
  switch (kind) {
    case 'circle':
      return `<circle cx="${fmt(x)}" cy="${fmt(y)}" r="${r}" fill="${color}"/>`;
    case 'square':
      return `<rect x="${fmt(x - r)}" y="${fmt(y - r)}" width="${2 * r}" height="${2 * r}" fill="${color}"/>`;
    case 'triangle':
      return `<polygon points="${fmt(x)},${fmt(y - r - 1)} ${fmt(x - r - 1)},${fmt(y + r)} ${fmt(x + r + 1)},${fmt(y + r)}" fill="${color}"/>`;
    case 'diamond':
      return `<polygon points="${fmt(x)},${fmt(y - r - 1)} ${fmt(x + r + 1)},${fmt(y)} ${fmt(x)},${fmt(y + r + 1)} ${fmt(x - r - 1)},${fmt(y)}" fill="${color}"/>`;
  }
}

/**
 * An SVG document of a line chart: one polyline per series (colour, dash and marker cycle so that up to 40
 * series stay distinguishable), error bars, axes, grid, and a legend.
 */
export function lineChart(spec: ChartSpec): string {
  const width = spec.width ?? 1040;
  const height = spec.height ?? 520;
  const legendWidth = spec.legendWidth ?? 330;
  const m = { left: 60, right: legendWidth + 20, top: 40, bottom: 50 };
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const [x0, x1] = spec.xRange;
  const [y0, y1] = spec.yRange;
  const sx = (x: number) => m.left + ((x - x0) / (x1 - x0)) * pw;
  const sy = (y: number) => m.top + (1 - (Math.min(y1, Math.max(y0, y)) - y0) / (y1 - y0)) * ph;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" role="img" aria-label="${escapeXml(spec.title)}">`,
    `<title>${escapeXml(spec.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${m.left + pw / 2}" y="22" text-anchor="middle" font-size="14">${escapeXml(spec.title)}</text>`,
  ];
  // grid and ticks
  for (let y = y0; y <= y1 + 1e-9; y += spec.yStep) {
    out.push(
      `<line x1="${m.left}" x2="${m.left + pw}" y1="${fmt(sy(y))}" y2="${fmt(sy(y))}" stroke="#e5e5e5"/>`,
      `<text x="${m.left - 6}" y="${fmt(sy(y) + 4)}" text-anchor="end">${escapeXml(fmt(y))}</text>`,
    );
  }
  const xf = spec.xFormat ?? ((x: number) => fmt(x));
  for (const x of spec.xTicks) {
    out.push(
      `<line x1="${fmt(sx(x))}" x2="${fmt(sx(x))}" y1="${m.top}" y2="${m.top + ph}" stroke="#e5e5e5"/>`,
      `<text x="${fmt(sx(x))}" y="${m.top + ph + 16}" text-anchor="middle">${escapeXml(xf(x))}</text>`,
    );
  }
  out.push(
    `<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`,
    `<text x="${m.left + pw / 2}" y="${height - 12}" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`,
    `<text transform="translate(16 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)}</text>`,
  );
  // series
  spec.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    const dash = DASHES[Math.floor(i / COLORS.length) % DASHES.length]!;
    const mk = MARKERS[i % MARKERS.length]!;
    const dashAttr = dash === '' ? '' : ` stroke-dasharray="${dash}"`;
    out.push(`<g>`, `<title>${escapeXml(s.name)}</title>`);
    if (s.reference !== undefined) {
      out.push(
        `<line x1="${m.left}" x2="${m.left + pw}" y1="${fmt(sy(s.reference))}" y2="${fmt(sy(s.reference))}" stroke="${color}" stroke-width="1.5" stroke-dasharray="4 4"/>`,
      );
    } else {
      const pts = [...s.points].sort((a, b) => a.x - b.x);
      if (pts.length > 1) {
        const d = pts.map((p) => `${fmt(sx(p.x))},${fmt(sy(p.y))}`).join(' ');
        out.push(`<polyline points="${d}" fill="none" stroke="${color}" stroke-width="1.5"${dashAttr}/>`);
      }
      for (const p of pts) {
        if (p.err !== undefined && p.err > 0) {
          out.push(
            `<line x1="${fmt(sx(p.x))}" x2="${fmt(sx(p.x))}" y1="${fmt(sy(p.y - p.err))}" y2="${fmt(sy(p.y + p.err))}" stroke="${color}" stroke-opacity="0.6"/>`,
          );
        }
        out.push(marker(mk, sx(p.x), sy(p.y), color));
      }
    }
    out.push('</g>');
    // legend entry
    const ly = m.top + 8 + i * 18;
    const lx = width - legendWidth;
    out.push(
      s.reference !== undefined
        ? `<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="1.5" stroke-dasharray="4 4"/>`
        : `<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="1.5"${dashAttr}/>${marker(mk, lx + 12, ly, color)}`,
      `<text x="${lx + 32}" y="${ly + 4}">${escapeXml(s.name)}</text>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
