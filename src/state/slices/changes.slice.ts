import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from '../app-state.ts';
import type { ChangesLoader, ChangesSlice } from '../changes-state.ts';

const RESET = { changesStatus: 'idle', changes: null, changesError: null } as const satisfies Partial<ChangesSlice>;

export function createChangesSlice(loader: ChangesLoader | undefined): StateCreator<AppState, [], [], ChangesSlice> {
  return (set, get, api) => {
    // another bundle: its report is fetched afresh (a late answer for the previous one is dropped below)
    api.subscribe((s, prev) => {
      if (s.manifest !== prev.manifest) set(RESET);
    });
    return {
      ...RESET,
      async loadChanges() {
        const { dept, manifest, changesStatus } = get();
        if (!dept || !manifest || changesStatus === 'loading' || changesStatus === 'loaded') return;
        if (!manifest.changes || !loader) return void set({ changesStatus: 'loaded', changes: null });
        set({ changesStatus: 'loading', changesError: null });
        try {
          const changes = await loader(dept, manifest);
          if (get().manifest === manifest) set({ changesStatus: 'loaded', changes });
        } catch (err) {
          if (get().manifest === manifest) set({ changesStatus: 'error', changesError: err instanceof Error ? err.message : String(err) });
        }
      },
    };
  };
}
