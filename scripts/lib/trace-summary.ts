/**
 * What the page's main thread did in each long task of a Chrome trace (scripts/measure-import.ts
 * --trace): every `RunTask` of the renderer's main thread longer than `minMs`, with the trace events
 * that ran inside it by self time (layout, paint, GC, script, message deserialisation…). A CPU
 * profile sees only script; this names the rest.
 */
export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown> };
}

export function summariseLongTasks(events: readonly TraceEvent[], sinceTs: number, minMs = 100, top = 6): string {
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return '  (no renderer main thread in the trace)';
  const onMain = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined && e.ts >= sinceTs)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const lines: string[] = [];
  const tasks = onMain.filter((e) => e.name === 'RunTask' && e.dur! >= minMs * 1000);
  for (const task of tasks) {
    const end = task.ts + task.dur!;
    const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= end);
    // self time: each event's duration minus that of the events directly inside it
    const self = new Map<string, number>();
    for (const e of inside) {
      const eEnd = e.ts + e.dur!;
      let children = 0;
      let reach = e.ts;
      for (const c of inside) {
        if (c === e || c.ts < reach || c.ts + c.dur! > eEnd || c.ts < e.ts) continue;
        children += c.dur!;
        reach = c.ts + c.dur!;
      }
      const key =
        e.name === 'FunctionCall' || e.name === 'EventDispatch'
          ? `${e.name} ${String(e.args?.data?.type ?? e.args?.data?.functionName ?? '')}`.trim()
          : e.name;
      self.set(key, (self.get(key) ?? 0) + Math.max(0, e.dur! - children));
    }
    const parts = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
    lines.push(`  task of ${Math.round(task.dur! / 1000)} ms at ${Math.round((task.ts - sinceTs) / 1000)} ms:`);
    for (const [name, us] of parts) lines.push(`      ${String(Math.round(us / 1000)).padStart(5)} ms  ${name}`);
  }
  return lines.join('\n');
}
