import type { LoadResult } from '../load/run-load.js';

const WIDTH = 760;
const HEIGHT = 420;
const MARGIN = { left: 60, right: 250, top: 30, bottom: 50 };
const COLORS = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#ff7f0e',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#7f7f7f',
  '#bcbd22',
];

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceMax(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(value, 1)));
  return [1, 2, 5, 10].map((m) => m * magnitude).find((m) => m >= value) ?? value;
}

/**
 * A line chart of p99 (solid) and p50 (dashed) latency against catalog size (log scale),
 * one colour per scenario that ran at every size. Plain SVG, no plotting library.
 */
export function latencyChart(results: LoadResult[], title: string): string {
  const sizes = [...new Set(results.map((r) => r.catalogSize))].sort((a, b) => a - b);
  const names = [...new Set(results.map((r) => r.scenario))];
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const yMax = niceMax(Math.max(...results.map((r) => r.latencyMs.p99), 1));
  const logMin = Math.log10(sizes[0]);
  const logSpan = Math.log10(sizes[sizes.length - 1]) - logMin || 1;
  const x = (size: number) =>
    MARGIN.left + (sizes.length === 1 ? plotW / 2 : ((Math.log10(size) - logMin) / logSpan) * plotW);
  const y = (ms: number) => MARGIN.top + plotH - (ms / yMax) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${MARGIN.left}" y="18" font-size="14" font-weight="bold">${escape(title)}</text>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top + plotH}" x2="${MARGIN.left + plotW}" y2="${MARGIN.top + plotH}" stroke="black"/>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${MARGIN.top + plotH}" stroke="black"/>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 10}" text-anchor="middle">catalog size (products, log scale)</text>`,
    `<text x="15" y="${MARGIN.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 15 ${MARGIN.top + plotH / 2})">latency (ms)</text>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const ms = (yMax / 5) * i;
    parts.push(`<line x1="${MARGIN.left - 4}" y1="${y(ms)}" x2="${MARGIN.left + plotW}" y2="${y(ms)}" stroke="#ddd"/>`);
    parts.push(`<text x="${MARGIN.left - 8}" y="${y(ms) + 4}" text-anchor="end">${Math.round(ms)}</text>`);
  }
  for (const size of sizes)
    parts.push(
      `<text x="${x(size)}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${size.toLocaleString('en')}</text>`,
    );
  names.forEach((name, index) => {
    const color = COLORS[index % COLORS.length];
    const points = sizes
      .map((size) => results.find((r) => r.scenario === name && r.catalogSize === size))
      .filter((r): r is LoadResult => r !== undefined);
    for (const [key, dash] of [
      ['p99', ''],
      ['p50', ' stroke-dasharray="5 4"'],
    ] as const) {
      const path = points.map((r) => `${x(r.catalogSize).toFixed(1)},${y(r.latencyMs[key]).toFixed(1)}`).join(' ');
      parts.push(`<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`);
      for (const r of points)
        parts.push(
          `<circle cx="${x(r.catalogSize).toFixed(1)}" cy="${y(r.latencyMs[key]).toFixed(1)}" r="3" fill="${color}"/>`,
        );
    }
    const legendY = MARGIN.top + 10 + index * 18;
    parts.push(
      `<line x1="${WIDTH - MARGIN.right + 15}" y1="${legendY}" x2="${WIDTH - MARGIN.right + 35}" y2="${legendY}" stroke="${color}" stroke-width="2"/>`,
    );
    parts.push(`<text x="${WIDTH - MARGIN.right + 40}" y="${legendY + 4}">${escape(name)}</text>`);
  });
  const noteY = MARGIN.top + 20 + names.length * 18;
  parts.push(`<text x="${WIDTH - MARGIN.right + 15}" y="${noteY}" fill="#555">solid: p99, dashed: p50</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}
