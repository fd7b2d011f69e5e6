/** Tables for the terminal and RESULTS.md, and the bar chart (results.svg). */

/** A Markdown table; columns after `leftColumns` are right-aligned. */
export function table(header, rows, leftColumns = 1) {
  const cells = rows.map((r) => r.map((c) => String(c)));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => (i >= leftColumns ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i >= leftColumns ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...cells.map(line)].join('\n');
}

export const fmt = {
  int: (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : '—'),
  ms: (n) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(1) : String(Math.round(n))) : '—'),
  ratio: (n) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '—'),
  kb: (n) => (n / 1024).toFixed(1),
};

function escapeXml(s) {
  return String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

/**
 * A horizontal bar chart of requests per second, one group per scenario.
 * @param {{ title: string, subtitle: string, groups: { label: string, bars: { name: string, value: number, kind: 'natter' | 'floor' | 'peer' }[] }[] }} chart
 */
export function barChart({ title, subtitle, groups }) {
  const colours = { natter: '#2f6fde', floor: '#9aa4b2', peer: '#e0823d' };
  const width = 860;
  const left = 250;
  const barHeight = 18;
  const gap = 6;
  const max = Math.max(1, ...groups.flatMap((g) => g.bars.map((b) => (Number.isFinite(b.value) ? b.value : 0))));
  const scale = (width - left - 110) / max;
  let y = 70;
  const parts = [];
  for (const group of groups) {
    parts.push(`<text x="12" y="${y + 13}" font-weight="600">${escapeXml(group.label)}</text>`);
    y += 22;
    for (const bar of group.bars) {
      const w = Number.isFinite(bar.value) ? Math.max(1, bar.value * scale) : 0;
      parts.push(`<text x="${left - 8}" y="${y + 13}" text-anchor="end">${escapeXml(bar.name)}</text>`);
      parts.push(`<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" fill="${colours[bar.kind]}" rx="2"/>`);
      parts.push(`<text x="${left + w + 6}" y="${y + 13}">${escapeXml(fmt.int(bar.value))}/s</text>`);
      y += barHeight + gap;
    }
    y += 12;
  }
  const height = y + 30;
  const legend = Object.entries({ natter: 'natter', floor: 'floor (same bytes)', peer: 'Waline' })
    .map(([k, label], i) => `<rect x="${12 + i * 170}" y="${height - 24}" width="12" height="12" fill="${colours[k]}"/><text x="${30 + i * 170}" y="${height - 14}">${label}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="13" fill="#1d2430">
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="12" y="26" font-size="18" font-weight="700">${escapeXml(title)}</text>
<text x="12" y="48" fill="#56606e">${escapeXml(subtitle)}</text>
${parts.join('\n')}
${legend}
</svg>
`;
}
