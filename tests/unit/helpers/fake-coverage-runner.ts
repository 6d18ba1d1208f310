/**
 * A coverage runner for store tests: the real planning session (src/core/planning/), run in
 * process instead of in the worker, on a hand-written fictional input. Records the départements
 * it opened; `fail.next` makes the next `open` reject; `network` (optional) gives the timeline.
 */
import type { CountedLayer, CoverageInput } from '../../../src/core/coverage/coverage-types.ts';
import { createPlanningSession, type PlanningSession } from '../../../src/core/planning/planning-session.ts';
import type { DatedNetwork } from '../../../src/core/timeline/coverage-as-of.ts';
import { createCoverageTimeline } from '../../../src/core/timeline/coverage-timeline.ts';
import type { CoverageRunner } from '../../../src/data/pipeline-runners.ts';

export interface FakeCoverageRunner extends CoverageRunner {
  /** Départements opened, in order. */
  opened: string[];
  /** Imported layers passed to each `open`. */
  extras: (readonly CountedLayer[] | undefined)[];
  fail: { next: boolean };
  /** Days asked for with `baseAt`. */
  days: string[];
}

export function createFakeCoverageRunner(input: CoverageInput, network?: DatedNetwork): FakeCoverageRunner {
  let session = 0;
  let current: { n: number; session: PlanningSession; input: CoverageInput } | null = null;
  const stale = () => Object.assign(new Error('calcul demandé pour des données remplacées depuis'), { stale: true });
  const of = (n: number) => {
    if (!current || current.n !== n) throw stale();
    return current;
  };
  const runner: FakeCoverageRunner = {
    opened: [],
    extras: [],
    fail: { next: false },
    days: [],
    async open(dept, onStage, extraLayers) {
      runner.opened.push(dept);
      runner.extras.push(extraLayers);
      onStage?.('computing');
      if (runner.fail.next) throw new Error('worker crashed');
      const full = { ...input, countedLayers: [...input.countedLayers, ...(extraLayers ?? [])] };
      const s = createPlanningSession(full);
      current = { n: ++session, session: s, input: full };
      return {
        session: current.n,
        base: s.before,
        candidates: [...s.candidates],
        timeline: network ? { listDate: network.listDate, firstDay: null, undated: 0 } : null,
        timelineError: network ? null : 'pas de dates dans ce jeu de test',
      };
    },
    async scenario(n, scenario, rule) {
      return of(n).session.applyScenario(scenario, rule);
    },
    async suggest(n, options) {
      return of(n).session.suggest(options);
    },
    async baseAt(n, day) {
      const c = of(n);
      if (!network) throw new Error('les dates de labellisation des France Services ne sont pas disponibles');
      runner.days.push(day);
      return createCoverageTimeline(c.input, network).baseAt(day);
    },
  };
  return runner;
}
