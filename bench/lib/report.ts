/** One result table: printed on the console and written to the markdown summary. */
export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
  /** Lines printed under the table (sampling, extrapolation, skipped baselines). */
  notes: string[];
}

export function printTable(table: Table): void {
  const widths = table.columns.map((c, i) => Math.max(c.length, ...table.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\n${table.title}`);
  console.log(line(table.columns));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of table.rows) console.log(line(r));
  for (const n of table.notes) console.log(`  * ${n}`);
}

export function tableToMarkdown(table: Table): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out = [
    `### ${table.title}`,
    '',
    `| ${table.columns.map(esc).join(' | ')} |`,
    `| ${table.columns.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...table.rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ];
  if (table.notes.length) out.push('', ...table.notes.map((n) => `- ${n}`));
  return out.join('\n');
}
