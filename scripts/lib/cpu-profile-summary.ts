/**
 * Which functions ran in each long stretch of main-thread JavaScript of a CDP CPU profile
 * (scripts/measure-import.ts --profile): consecutive non-idle samples longer than `minMs`,
 * each with its top functions by self time (name and file:line of the unminified build).
 */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const IDLE = new Set(['(idle)', '(program)']);

export function summariseLongStretches(profile: CpuProfile, minMs = 100, top = 6): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const label = (id: number) => {
    const f = byId.get(id)!.callFrame;
    const file = f.url.replace(/^.*\//, '');
    return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
  };
  const lines: string[] = [];
  let t = profile.startTime;
  let run: { start: number; end: number; self: Map<string, number> } | null = null;
  const close = () => {
    if (run && (run.end - run.start) / 1000 >= minMs) {
      const parts = [...run.self].sort((a, b) => b[1] - a[1]).slice(0, top);
      lines.push(`  ${Math.round((run.end - run.start) / 1000)} ms of script at ${Math.round((run.start - profile.startTime) / 1000)} ms:`);
      for (const [name, us] of parts) lines.push(`      ${String(Math.round(us / 1000)).padStart(5)} ms  ${name}`);
    }
    run = null;
  };
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    const id = profile.samples[i];
    const name = byId.get(id)?.callFrame.functionName ?? '';
    if (IDLE.has(name)) {
      // a short gap (GC, a message) does not end the stretch; an idle 5 ms does
      if (run && t - run.end > 5_000) close();
      continue;
    }
    if (!run) run = { start: t - dt, end: t, self: new Map() };
    run.end = t;
    const key = label(id);
    run.self.set(key, (run.self.get(key) ?? 0) + dt);
  }
  close();
  return lines.join('\n');
}
