/**
 * Chromium traces as CDP gives them, summarised:
 * - `summariseTrace` (scripts/map-idle.ts --trace): busy time per thread (its top-level tasks) and, on
 *   the busiest threads, self time per kind of event (script, style and layout, paint and commit, GPU,
 *   garbage collection…);
 * - `summariseLongTasks` (scripts/measure-import.ts --trace): what the page's main thread did in each
 *   long task, every `RunTask` of the renderer's main thread longer than `minMs`, with the trace events
 *   that ran inside it by self time (layout, paint, GC, script, message deserialisation…). A CPU profile
 *   sees only script; this names the rest.
 */
export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown> };
}

const TASK = new Set(['RunTask', 'ThreadControllerImpl::RunTask', 'ThreadPool_RunTask']);

/** Thread label by `pid:tid`, from the metadata events (`thread_name`, `process_name`). */
function threadNames(events: TraceEvent[]): Map<string, string> {
  const process = new Map<number, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'process_name') process.set(e.pid, e.args?.name ?? '?');
  const names = new Map<string, string>();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name')
      names.set(`${e.pid}:${e.tid}`, `${process.get(e.pid) ?? e.pid} / ${e.args?.name ?? e.tid}`);
  return names;
}

/** Self time (µs) by event name of one thread's complete events. */
function selfTimes(events: TraceEvent[]): Map<string, number> {
  const sorted = events.filter((e) => e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  const stack: { e: TraceEvent; end: number; child: number }[] = [];
  const close = (upTo: number) => {
    while (stack.length && stack[stack.length - 1].end <= upTo) {
      const top = stack.pop()!;
      self.set(top.e.name, (self.get(top.e.name) ?? 0) + Math.max(0, (top.e.dur ?? 0) - top.child));
      if (stack.length) stack[stack.length - 1].child += top.e.dur ?? 0;
    }
  };
  for (const e of sorted) {
    close(e.ts);
    stack.push({ e, end: e.ts + (e.dur ?? 0), child: 0 });
  }
  close(Infinity);
  return self;
}

/** Busy time (µs) of a thread: its top-level tasks, nested ones not counted twice. */
function busyTime(events: TraceEvent[]): number {
  const tasks = events.filter((e) => e.ph === 'X' && TASK.has(e.name)).sort((a, b) => a.ts - b.ts);
  let busy = 0;
  let end = -Infinity;
  for (const t of tasks) {
    const tEnd = t.ts + (t.dur ?? 0);
    if (t.ts >= end) busy += t.dur ?? 0;
    else if (tEnd > end) busy += tEnd - end;
    end = Math.max(end, tEnd);
  }
  return busy;
}

const msOf = (us: number) => (us / 1000).toFixed(0);

/** A Markdown summary: busy time of the busiest threads, then the main kinds of work on the top ones. */
export function summariseTrace(events: TraceEvent[], topThreads = 6, topNames = 10): string {
  const names = threadNames(events);
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X') continue;
    const key = `${e.pid}:${e.tid}`;
    let list = byThread.get(key);
    if (!list) byThread.set(key, (list = []));
    list.push(e);
  }
  const threads = [...byThread.entries()]
    .map(([key, list]) => ({ key, name: names.get(key) ?? key, busy: busyTime(list), list }))
    .sort((a, b) => b.busy - a.busy)
    .slice(0, topThreads);
  const lines = ['| thread | busy ms | main self-time entries (ms) |', '| --- | ---: | --- |'];
  for (const t of threads) {
    const self = [...selfTimes(t.list).entries()]
      .filter(([name]) => !TASK.has(name))
      .sort((a, b) => b[1] - a[1])
      .slice(0, topNames)
      .filter(([, us]) => us >= 5_000)
      .map(([name, us]) => `${name} ${msOf(us)}`)
      .join(', ');
    lines.push(`| ${t.name} | ${msOf(t.busy)} | ${self || '–'} |`);
  }
  return lines.join('\n');
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
