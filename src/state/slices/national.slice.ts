import type { StateCreator } from 'zustand/vanilla';
import type { AppState, BundleLoader } from '../app-state.ts';
import type { NationalSlice } from '../national-state.ts';

const RESET = { nationalStatus: 'idle', national: null, nationalError: null } as const satisfies Partial<NationalSlice>;

export function createNationalSlice(loader: BundleLoader): StateCreator<AppState, [], [], NationalSlice> {
  return (set, get, api) => {
    api.subscribe((s, prev) => {
      if (s.dept !== prev.dept) set(RESET);
    });
    return {
      ...RESET,
      async loadNational() {
        const { dept, manifest, manifestStatus, nationalStatus } = get();
        if (!dept || !manifest || manifestStatus !== 'loaded' || nationalStatus !== 'idle') return;
        if (!manifest.national || !loader.fetchNational) return void set({ nationalStatus: 'absent' });
        set({ nationalStatus: 'loading' });
        try {
          const national = await loader.fetchNational(dept, manifest);
          if (get().dept === dept) set(national ? { nationalStatus: 'loaded', national } : { nationalStatus: 'absent' });
        } catch (err) {
          if (get().dept === dept) set({ nationalStatus: 'error', nationalError: err instanceof Error ? err.message : String(err) });
        }
      },
    };
  };
}
