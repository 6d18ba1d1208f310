import type { StateCreator } from 'zustand/vanilla';
import { applyCoverageRule } from '../../core/coverage/apply-coverage-rule.ts';
import { defaultCoverageRule } from '../../core/coverage/coverage-rule.ts';
import type { CoverageRunner } from '../../data/pipeline-runners.ts';
import type { AppState, CoverageSlice, CoverageSortKey } from '../app-state.ts';
import { selectImportedCountedLayers } from '../imported-layers.ts';
import { CANTONS } from '../../layers/cantons.ts';

/** Whether a canton row passes the table's filters. */
export function passesCoverageFilter(
  row: { priority: boolean | null; gap: number },
  filter: { priorityOnly: boolean; gapsOnly: boolean },
): boolean {
  return (!filter.priorityOnly || row.priority === true) && (!filter.gapsOnly || row.gap > 0);
}

/** The coverage state of a département not computed yet (also what loading another département resets). */
export const COVERAGE_RESET = {
  coverageStatus: 'idle',
  coverageStage: null,
  coverageError: null,
  coverageBase: null,
  coverageRule: null,
  coverageRuleError: null,
  coverageTable: null,
} as const satisfies Partial<CoverageSlice>;

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

    /**
     * Prepares the table of the loaded département with the imported layers of the moment and
     * applies the rule. `first`: the first computation (stages shown, any failure shown); a
     * recomputation keeps the table shown until the new one is ready, and an import arriving
     * meanwhile is counted before anything is shown.
     */
    const run = async (first: boolean): Promise<void> => {
      const { dept, manifest } = get();
      if (!dept || !manifest || !runner) return;
      stale = false;
      const extra = selectImportedCountedLayers(get());
      const onStage = first ? (stage: 'loading' | 'computing') => get().dept === dept && set({ coverageStage: stage }) : undefined;
      try {
        const base = await runner.prepare(dept, onStage, extra);
        if (get().dept !== dept) return;
        if (stale || selectImportedCountedLayers(get()) !== extra) return void run(false);
        const rule = get().coverageRule ?? defaultCoverageRule(manifest);
        set({
          coverageStatus: 'loaded',
          coverageStage: null,
          coverageError: null,
          coverageBase: base,
          coverageRule: rule,
          coverageTable: applyCoverageRule(base, rule),
        });
      } catch (err) {
        if (get().dept !== dept || (!first && get().coverageStatus === 'loaded')) return;
        set({ coverageStatus: 'error', coverageStage: null, coverageError: messageOf(err) });
      }
    };

    return {
      plannerOpen: false,
      ...COVERAGE_RESET,
      coverageFilter: { priorityOnly: false, gapsOnly: false },
      coverageSort: { key: 'cantonCode', descending: false },

      setPlannerOpen(open) {
        if (get().plannerOpen === open) return;
        set({ plannerOpen: open });
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
        const base = get().coverageBase;
        try {
          const table = base ? applyCoverageRule(base, rule) : null;
          set({ coverageRule: rule, coverageRuleError: null, ...(table ? { coverageTable: table } : {}) });
        } catch (err) {
          set({ coverageRuleError: messageOf(err) });
        }
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
    };
  };
}
