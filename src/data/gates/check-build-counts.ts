import type { BundleManifest, RowDrop } from '../bundle/bundle-types.ts';
import type { SourceDescription } from '../sources/source-description.ts';
import type { GateFailure } from './check-raw-files.ts';

export interface BuiltCountsCheck {
  failures: GateFailure[];
  /** Falls beyond a source's `maxDropPercent`, confirmed with `--accept-drop` (written in the manifest). */
  acceptedDrops: RowDrop[];
}

/** Rows kept per layer and source in a manifest, keyed `layer ← source`. */
function keptByUse(manifest: Pick<BundleManifest, 'layers'>): Map<string, { layer: string; source: string; kept: number }> {
  const uses = new Map<string, { layer: string; source: string; kept: number }>();
  for (const layer of Object.values(manifest.layers)) {
    for (const s of layer.sources ?? []) {
      if (typeof s?.id !== 'string') continue;
      const kept = typeof s.rows_kept === 'number' && Number.isFinite(s.rows_kept) ? s.rows_kept : 0;
      uses.set(`${layer.id} ← ${s.id}`, { layer: layer.id, source: s.id, kept });
    }
  }
  return uses;
}

/**
 * The gates on what the build produced, for département `dept`:
 * - `minRows`: the rows kept from each source, summed over the layers it feeds, reach the source's
 *   minimum for the département (`default` when it is not listed; none where the source's `covers`
 *   leaves the département out: the source is missing there, and the layers say so);
 * - `maxDropPercent`: against the previous bundle, no layer keeps more than that share fewer rows
 *   from a source, unless `acceptDrop` (a person confirmed a real change: the drops are returned
 *   for the manifest).
 */
export function checkBuildCounts(
  manifest: Pick<BundleManifest, 'layers'>,
  previous: Pick<BundleManifest, 'layers'> | null,
  sources: readonly SourceDescription[],
  dept: string,
  acceptDrop: boolean,
): BuiltCountsCheck {
  const failures: GateFailure[] = [];
  const acceptedDrops: RowDrop[] = [];
  const now = keptByUse(manifest);
  const bySource = new Map(sources.map((s) => [s.id, s]));
  for (const desc of sources) {
    const expect = desc.expect;
    if (!expect) continue;
    const uncovered = desc.covers !== undefined && !desc.covers.includes(dept);
    const min = uncovered ? 0 : Object.hasOwn(expect.minRows, dept) ? expect.minRows[dept] : expect.minRows.default;
    const uses = [...now.values()].filter((u) => u.source === desc.id);
    const total = uses.reduce((s, u) => s + u.kept, 0);
    if (total < min) {
      const detail = uses.length ? ` (${uses.map((u) => `${u.layer} : ${u.kept}`).join(', ')})` : '';
      failures.push({
        source: desc.id,
        file: null,
        expectation: 'minRows',
        message: `${total.toLocaleString('fr-FR')} ligne(s) retenue(s) pour le département ${dept}${detail}, au moins ${min.toLocaleString('fr-FR')} attendue(s)`,
      });
    }
  }
  if (!previous) return { failures, acceptedDrops };
  for (const [key, before] of keptByUse(previous)) {
    const desc = bySource.get(before.source);
    if (!desc?.expect || before.kept <= 0) continue;
    const after = now.get(key)?.kept ?? 0;
    const dropPercent = ((before.kept - after) / before.kept) * 100;
    if (dropPercent <= desc.expect.maxDropPercent) continue;
    const drop: RowDrop = {
      layer: before.layer,
      source: before.source,
      previous: before.kept,
      now: after,
      drop_percent: Math.round(dropPercent * 10) / 10,
    };
    if (acceptDrop) {
      acceptedDrops.push(drop);
      continue;
    }
    failures.push({
      source: before.source,
      file: null,
      expectation: 'maxDropPercent',
      message: `la couche ${before.layer} passe de ${before.kept.toLocaleString('fr-FR')} à ${after.toLocaleString('fr-FR')} ligne(s) de cette source (−${drop.drop_percent.toLocaleString('fr-FR')} %, au plus −${desc.expect.maxDropPercent} % sans confirmation)`,
    });
  }
  return { failures, acceptedDrops };
}
