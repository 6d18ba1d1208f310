import type { StateCreator } from 'zustand/vanilla';
import { ruleToUrl } from '../../core/coverage/coverage-rule.ts';
import type { TimelineRunner } from '../../data/timeline/timeline-runner.ts';
import type { AppState } from '../app-state.ts';
import type { TimelineSlice } from '../timeline-state.ts';

/** The timeline state of a département not computed yet. */
export const TIMELINE_RESET = {
  growthStatus: 'idle',
  growthRuleKey: null,
  growth: null,
  growthError: null,
  planStatus: 'idle',
  plan: null,
  planError: null,
} as const satisfies Partial<TimelineSlice>;

const UNAVAILABLE = 'Le calcul de l’évolution du réseau n’est pas disponible dans cet environnement.';

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function createTimelineSlice(runner: TimelineRunner | undefined): StateCreator<AppState, [], [], TimelineSlice> {
  return (set, get, api) => {
    // another département: its results start afresh (a late answer for the previous one is dropped below)
    api.subscribe((s, prev) => {
      if (s.dept !== prev.dept) set(TIMELINE_RESET);
    });

    return {
      planViewOpen: false,
      ...TIMELINE_RESET,

      setPlanViewOpen(open) {
        if (get().planViewOpen !== open) set({ planViewOpen: open });
        if (open) void get().loadPlan();
      },

      async loadGrowth(rule) {
        const { dept, manifestStatus, growthRuleKey, growthStatus } = get();
        if (!dept || manifestStatus !== 'loaded') return;
        const key = ruleToUrl(rule);
        if (growthRuleKey === key && (growthStatus === 'loading' || growthStatus === 'loaded')) return;
        if (!runner) return void set({ growthStatus: 'error', growthError: UNAVAILABLE, growthRuleKey: key });
        set({ growthStatus: 'loading', growthRuleKey: key, growthError: null });
        try {
          const result = await runner.growth(dept, rule);
          if (get().dept === dept && get().growthRuleKey === key) set({ growthStatus: 'loaded', growth: result });
        } catch (err) {
          if (get().dept === dept && get().growthRuleKey === key) set({ growthStatus: 'error', growthError: messageOf(err) });
        }
      },

      async loadPlan() {
        const { dept, manifestStatus, planStatus } = get();
        if (!dept || manifestStatus !== 'loaded' || planStatus === 'loading' || planStatus === 'loaded') return;
        if (!runner) return void set({ planStatus: 'error', planError: UNAVAILABLE });
        set({ planStatus: 'loading', planError: null });
        try {
          const result = await runner.plan(dept);
          if (get().dept === dept) set({ planStatus: 'loaded', plan: result });
        } catch (err) {
          if (get().dept === dept) set({ planStatus: 'error', planError: messageOf(err) });
        }
      },
    };
  };
}
