import type { NationalComparison } from '../core/national/national-comparison.ts';

/**
 * The national comparison of the current département (the bundle's `national.json`): `absent` when the
 * bundle has none (no `coverage --national` summary when it was built), said as such in the panel.
 */
export interface NationalSlice {
  nationalStatus: 'idle' | 'loading' | 'loaded' | 'absent' | 'error';
  national: NationalComparison | null;
  nationalError: string | null;
  /** Reads the comparison once the manifest is loaded; again only after another département. */
  loadNational(): Promise<void>;
}
