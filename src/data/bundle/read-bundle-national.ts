import type { NationalComparison } from '../../core/national/national-comparison.ts';
import { NationalFileError, parseNationalComparison } from '../national/parse-national.ts';
import { BundleError } from './bundle-error.ts';
import type { BundleSource } from './bundle-source.ts';
import type { BundleManifestFile } from './bundle-types.ts';

/**
 * Reads the national comparison the `data` build copied into the bundle (`manifest.national`) and
 * checks it: null when the bundle has none (no `coverage --national` summary when it was built).
 */
export async function readBundleNational(
  source: BundleSource,
  dept: string,
  manifest: Pick<BundleManifestFile, 'national'>,
): Promise<NationalComparison | null> {
  const entry = manifest.national;
  if (!entry) return null;
  const value = await source.readJson(dept, entry.file);
  try {
    return parseNationalComparison(value, source.locate(dept, entry.file));
  } catch (e) {
    if (e instanceof NationalFileError)
      throw new BundleError('invalid', e.location, `La comparaison nationale est invalide : ${e.message}`);
    throw e;
  }
}
