import type { Point } from 'geojson';
import type { Frame } from './build-frame.ts';
import type { BuildInputs, BuiltLayer } from './build-types.ts';

/** A site drawn outside the outline of the canton that counts it, and why. */
export interface DrawnElsewhere {
  layer: string;
  id: string;
  countedIn: string;
  drawnIn: string | null;
  commune: string | null;
  reason: string;
}

/**
 * Lists every site of every point layer whose coordinates fall outside the outline of the canton
 * it is counted in (its `canton_code`), with the reason, into the report (`disagreement`, layer
 * and site id). Canton outlines follow the commune borders, so this happens only when a site's
 * coordinates fall outside its own commune; anything else would be a bug, and says so.
 */
export function checkDrawnCantons(inputs: Pick<BuildInputs, 'reporter'>, frame: Frame, layers: readonly BuiltLayer[]): DrawnElsewhere[] {
  const found: DrawnElsewhere[] = [];
  const communeAt = (p: [number, number]) => {
    const i = frame.communeIndex.findArea(p);
    return i >= 0 ? frame.communeFeatures[i].properties.code : null;
  };
  for (const layer of layers) {
    let rep: ReturnType<BuildInputs['reporter']> | null = null;
    for (const f of layer.data.features) {
      const p = f.properties as Record<string, unknown> | null;
      const counted = typeof p?.canton_code === 'string' ? p.canton_code : null;
      if (!counted || f.geometry?.type !== 'Point') continue;
      const at = (f.geometry as Point).coordinates as [number, number];
      const hit = frame.cantonIndex.findArea(at);
      const drawnIn = hit >= 0 ? frame.cantonFeatures[hit].properties.code : null;
      if (drawnIn === counted) continue;
      const commune = typeof p?.commune_code === 'string' ? p.commune_code : null;
      const inCommune = communeAt(at);
      const reason =
        commune && inCommune !== commune
          ? `coordinates outside its commune ${commune} ${frame.communes.get(commune)?.name ?? ''} (they fall in ${inCommune ?? 'no commune of the département'}): drawn in canton ${drawnIn ?? 'none'}, counted in ${counted} with its commune`
          : `drawn in canton ${drawnIn ?? 'none'} but counted in ${counted} although its coordinates fall in its commune: the outlines disagree with the table (a bug)`;
      found.push({ layer: layer.manifest.id, id: String(p?.id ?? ''), countedIn: counted, drawnIn, commune, reason });
      rep ??= inputs.reporter(layer.manifest.id, 'canton-outlines');
      rep.add(layer.manifest.file, null, 'canton_code', 'disagreement', reason, String(p?.id ?? ''));
    }
  }
  return found;
}
