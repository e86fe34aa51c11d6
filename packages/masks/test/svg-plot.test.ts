import { describe, expect, it } from 'vitest';
import { escapeXml, lineChart } from '../benchmarks/svg-plot.js';

describe('the benchmark plot writer', () => {
  const spec = {
    title: 'a < b & "c"',
    xLabel: 'x',
    yLabel: 'y',
    xTicks: [0, 5, 10],
    xRange: [0, 10] as [number, number],
    yRange: [0, 10] as [number, number],
    yStep: 5,
    width: 400,
    height: 200,
    legendWidth: 300,
    series: [
      {
        name: 'line',
        points: [
          { x: 10, y: 10 },
          { x: 0, y: 0, err: 1 },
        ],
      },
      { name: 'single', points: [{ x: 5, y: 5 }] },
      { name: 'ref', points: [], reference: 5 },
    ],
  };

  it('escapes text', () => {
    expect(escapeXml(`<a href="x">&'`)).toBe('&#60;a href=&#34;x&#34;&#62;&#38;&#39;');
  });

  it('draws one polyline per multi-point series, sorted by x, mapped into the plot area', () => {
    const svg = lineChart(spec);
    // plot area: left 60, top 40, width 400 − 60 − 320 = 20, height 200 − 40 − 50 = 110
    const lines = svg.match(/<polyline points="([^"]+)"/g) ?? [];
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe('<polyline points="60,150 80,40"');
    expect(svg).toContain('<title>a &#60; b &#38; &#34;c&#34;</title>');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('draws error bars, a marker per point and a dashed reference line', () => {
    const svg = lineChart(spec);
    // the error bar of (0, 0 ± 1): y from 0 (clamped to the range) to 1
    expect(svg).toContain('<line x1="60" x2="60" y1="150" y2="139" stroke="#1f77b4" stroke-opacity="0.6"/>');
    expect(svg).toContain(
      '<line x1="60" x2="80" y1="95" y2="95" stroke="#2ca02c" stroke-width="1.5" stroke-dasharray="4 4"/>',
    );
    // legend: three entries
    expect(svg.match(/<text x="\d+" y="\d+">(line|single|ref)<\/text>/g)).toHaveLength(3);
  });
});
