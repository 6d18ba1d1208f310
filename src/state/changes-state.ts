import type { BundleChangesFile } from '../data/bundle/bundle-changes.ts';
import type { BundleManifestFile } from '../data/bundle/bundle-types.ts';

/** Reads a bundle's update report (`changes.json`, named by the manifest): null when it has none. */
export type ChangesLoader = (dept: string, manifest: BundleManifestFile) => Promise<BundleChangesFile | null>;

/** Changes slice: what the last `data --update` changed (the « Nouveautés » panel), fetched only when asked for. */
export interface ChangesSlice {
  changesStatus: 'idle' | 'loading' | 'loaded' | 'error';
  changes: BundleChangesFile | null;
  changesError: string | null;
  /** Fetches the report once per bundle (no request when the manifest names none). */
  loadChanges(): Promise<void>;
}
