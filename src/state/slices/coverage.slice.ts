import type { StateCreator } from 'zustand/vanilla';
import type { CoverageBase } from '../../core/coverage/coverage-base.ts';
import { defaultCoverageRule, validateCoverageRule } from '../../core/coverage/coverage-rule.ts';
import { parseAsOfDate } from '../../core/timeline/as-of-date.ts';
import type { CoverageRunner } from '../../data/pipeline-runners.ts';
import type { AppState, CoverageFilter, CoverageSlice, CoverageSortKey } from '../app-state.ts';
import { selectImportedCountedLayers } from '../imported-layers.ts';
import { withShownTable } from '../planner-table.ts';
import { CANTONS } from '../../layers/cantons.ts';

/** Whether a canton row passes the table's filters (all that are on). */
export function passesCoverageFilter(
  row: { priority: boolean | null; gap: number; franceServices?: number; franceServicesBuses?: number },
  filter: Partial<CoverageFilter>,
): boolean {
  const without = (row.franceServices ?? 0) + (row.franceServicesBuses ?? 0) === 0;
  return (!filter.priorityOnly || row.priority === true) && (!filter.gapsOnly || row.gap > 0) && (!filter.withoutOnly || without);
}

/** The coverage state of a département not computed yet (also what loading another département resets). */
export const COVERAGE_RESET = {
  coverageStatus: 'idle',
  coverageStage: null,
  coverageError: null,
  coverageSession: null,
  coverageBase: null,
  coverageCandidates: null,
  coverageRule: null,
  coverageRuleError: null,
  coverageTable: null,
  coverageTimeline: null,
  coverageTimelineError: null,
  coverageDateBase: null,
  coverageDateStatus: 'idle',
  coverageDateError: null,
  scenarioOutcome: null,
  scenarioStatus: 'idle',
  scenarioError: null,
  suggestion: { status: 'idle', options: null, result: null, error: null },
  plannerPick: null,
  plannerHover: null,
} as const satisfies Partial<AppState>;

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function createCoverageSlice(runner: CoverageRunner | undefined): StateCreator<AppState, [], [], CoverageSlice> {
  return (set, get, api) => {
    // Imported layers count at once: when they change, the table is computed again in the
    // background (the current table stays shown until the new one is ready).
    let stale = false;
    api.subscribe((s, prev) => {
      if (selectImportedCountedLayers(s) === selectImportedCountedLayers(prev)) return;
      if (s.coverageStatus === 'loading') stale = true;
      else if (s.coverageStatus === 'loaded' || s.coverageStatus === 'error') void run(false);
    });

    /** Figures per day of the session, so that a slider comes back to a day without asking again. */
    const days = new Map<string, CoverageBase>();
    let dateRequest = 0;

    /** Asks the worker for the network as of the chosen day (once per day and session). */
    const fetchDate = async (day: string): Promise<void> => {
      const session = get().coverageSession;
      if (session === null || !runner) return;
      const cached = days.get(day);
      if (cached)
        return void set(withShownTable(get(), { coverageDateBase: cached, coverageDateStatus: 'loaded', coverageDateError: null }));
      const n = ++dateRequest;
      set({ coverageDateStatus: 'loading', coverageDateError: null });
      try {
        const base = await runner.baseAt(session, day);
        if (get().coverageSession !== session) return;
        days.set(day, base);
        if (n !== dateRequest || get().coverageDate !== day) return;
        set(withShownTable(get(), { coverageDateBase: base, coverageDateStatus: 'loaded' }));
      } catch (err) {
        if (n !== dateRequest || get().coverageSession !== session) return;
        set({ coverageDateStatus: 'error', coverageDateError: messageOf(err) });
      }
    };

    /**
     * Opens the planning session of the loaded département with the imported layers of the
     * moment and applies the rule. `first`: the first computation (stages shown, any failure
     * shown); a recomputation keeps the table shown until the new one is ready, and an import
     * arriving meanwhile is counted before anything is shown.
     */
    const run = async (first: boolean): Promise<void> => {
      const { dept, manifest } = get();
      if (!dept || !manifest || !runner) return;
      stale = false;
      const extra = selectImportedCountedLayers(get());
      const onStage = first ? (stage: 'loading' | 'computing') => get().dept === dept && set({ coverageStage: stage }) : undefined;
      try {
        const info = await runner.open(dept, onStage, extra);
        if (get().dept !== dept) return;
        if (stale || selectImportedCountedLayers(get()) !== extra) return void run(false);
        days.clear();
        const rule = get().coverageRule ?? defaultCoverageRule(manifest);
        set(
          withShownTable(get(), {
            coverageStatus: 'loaded',
            coverageStage: null,
            coverageError: null,
            coverageSession: info.session,
            coverageBase: info.base,
            coverageCandidates: info.candidates,
            coverageTimeline: info.timeline,
            coverageTimelineError: info.timelineError,
            coverageRule: rule,
            coverageDateBase: null,
            scenarioOutcome: null,
          }),
        );
        const day = get().coverageDate;
        if (day !== null) get().setCoverageDate(day);
        get().recomputeScenario();
      } catch (err) {
        if (get().dept !== dept || (!first && get().coverageStatus === 'loaded')) return;
        set({ coverageStatus: 'error', coverageStage: null, coverageError: messageOf(err) });
      }
    };

    return {
      plannerOpen: false,
      ...COVERAGE_RESET,
      coverageFilter: { priorityOnly: false, gapsOnly: false, withoutOnly: false },
      coverageSort: { key: 'cantonCode', descending: false },
      coverageDate: null,

      setPlannerOpen(open) {
        if (get().plannerOpen === open) return;
        set(open ? { plannerOpen: true } : { plannerOpen: false, plannerTool: 'none', plannerPick: null, plannerHover: null });
        if (open) {
          // the choropleth is drawn on the canton polygons
          get().setLayerVisible(CANTONS.id, true);
          void get().computeCoverage();
        }
      },

      async computeCoverage() {
        const { dept, manifest, coverageStatus } = get();
        if (!dept || !manifest || coverageStatus === 'loading' || coverageStatus === 'loaded') return;
        if (!runner) {
          set({ coverageStatus: 'error', coverageError: 'Le calcul de couverture n’est pas disponible dans cet environnement.' });
          return;
        }
        set({ coverageStatus: 'loading', coverageStage: 'loading', coverageError: null });
        await run(true);
      },

      setCoverageRule(rule) {
        try {
          validateCoverageRule(rule);
          set(withShownTable(get(), { coverageRule: rule, coverageRuleError: null }));
        } catch (err) {
          set({ coverageRuleError: messageOf(err) });
          return;
        }
        get().recomputeScenario();
      },

      setCoverageFilter(filter) {
        set((s) => ({ coverageFilter: { ...s.coverageFilter, ...filter } }));
      },

      setCoverageSort(key: CoverageSortKey) {
        set((s) => ({
          coverageSort:
            s.coverageSort.key === key
              ? { key, descending: !s.coverageSort.descending }
              : { key, descending: key === 'gap' || key === 'population' || key.endsWith('Km') },
        }));
      },

      setCoverageDate(day) {
        const timeline = get().coverageTimeline;
        // the list's date is today's network: no date at all
        if (day === null || (timeline && day === timeline.listDate)) {
          dateRequest++;
          set(
            withShownTable(get(), {
              coverageDate: null,
              coverageDateBase: null,
              coverageDateStatus: 'idle',
              coverageDateError: null,
            }),
          );
          return;
        }
        let checked: string;
        try {
          if (get().coverageTimelineError) throw new Error(`le réseau dans le temps n’est pas disponible : ${get().coverageTimelineError}`);
          checked = parseAsOfDate(day, timeline ? { latest: timeline.listDate } : {});
        } catch (err) {
          // a day refused once the list's date is known (a link's): back to today's network, saying why
          const reset =
            get().coverageDate === day ? { coverageDate: null, coverageDateBase: null, coverageDateStatus: 'idle' as const } : {};
          set(withShownTable(get(), { ...reset, coverageDateError: messageOf(err) }));
          return;
        }
        if (checked !== get().coverageDate) set({ coverageDate: checked, coverageDateBase: null });
        void fetchDate(checked);
      },
    };
  };
}
