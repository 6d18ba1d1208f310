import { previewJson } from '../parse/bounded-json.ts';
import type { Feature, Geometry } from 'geojson';
import { isIsoDay, isLabellingDate } from '../../core/timeline/as-of-date.ts';
import type { DatedNetwork, DatedSite } from '../../core/timeline/coverage-as-of.ts';
import type { SnapshotSite } from '../../core/timeline/compare-snapshots.ts';
import type { BundleManifest } from '../bundle/bundle-types.ts';
import { CoverageInputError, type CoverageLayerData } from '../coverage/coverage-input.ts';

type AnyFeature = Feature<Geometry | null, Record<string, unknown> | null>;

/** A France Services row whose labelling text gave no date: it counts from the list's date only. */
export interface UndatedSite {
  layer: string;
  /** 0-based feature index in the layer. */
  feature: number;
  id: string;
  name: string | null;
  /** The list's labelling text as written (`labellisation_fs`). */
  text: string | null;
}

function datedSites(layer: string, data: CoverageLayerData | undefined, undated: UndatedSite[]): DatedSite[] {
  if (!data) return [];
  return data.features.map((f: AnyFeature, i) => {
    const p = f?.properties;
    if (!p || typeof p !== 'object') throw new CoverageInputError(layer, i, null, 'entité sans propriétés');
    const id = typeof p.id === 'string' || typeof p.id === 'number' ? String(p.id) : null;
    if (!id) throw new CoverageInputError(layer, i, 'id', `texte non vide attendu, reçu ${previewJson(p.id, 60)}`);
    const v = p.labelled_on;
    if (v === null || v === undefined) {
      undated.push({
        layer,
        feature: i,
        id,
        name: typeof p.name === 'string' ? p.name : null,
        text: typeof p.labelling_text === 'string' ? p.labelling_text : null,
      });
      return { id, labelledOn: null };
    }
    if (typeof v !== 'string' || !isLabellingDate(v))
      throw new CoverageInputError(layer, i, 'labelled_on', `date AAAA-MM-JJ ou AAAA-MM, ou null, attendue, reçu ${previewJson(v, 60)}`);
    return { id, labelledOn: v };
  });
}

/**
 * The France Services network over time from the bundle: each site of the département
 * (`france-services`) and of its neighbours (`france-services-nearby`) with its labelling
 * date (`labelled_on`, parsed by the build from the list's `labellisation_fs`), and the
 * list's date (the vintage of its source). Rows whose labelling text gave no date are
 * returned in `undated` (they count from the list's date only); a malformed date is a
 * {@link CoverageInputError} naming layer, feature and field.
 */
export function datedNetworkFromBundle(
  manifest: Pick<BundleManifest, 'layers'>,
  layers: Readonly<Record<string, CoverageLayerData | undefined>>,
): { network: DatedNetwork; undated: UndatedSite[] } {
  const entry = manifest.layers['france-services'];
  if (entry?.status !== 'ok' || !layers['france-services'])
    throw new CoverageInputError('france-services', null, null, 'cette couche est nécessaire au réseau dans le temps et n’est pas chargée');
  const listDate = entry.sources[0]?.vintage ?? '';
  if (!isIsoDay(listDate))
    throw new CoverageInputError(
      'france-services',
      null,
      'sources[0].vintage',
      `la date de la liste est attendue au format AAAA-MM-JJ, reçu ${previewJson(listDate, 60)}`,
    );
  const undated: UndatedSite[] = [];
  const nearbyOk = manifest.layers['france-services-nearby']?.status === 'ok';
  return {
    network: {
      listDate,
      franceServices: datedSites('france-services', layers['france-services'], undated),
      nearby: nearbyOk ? datedSites('france-services-nearby', layers['france-services-nearby'], undated) : [],
    },
    undated,
  };
}

function snapshotSite(layer: string, f: AnyFeature, i: number, idField: string): SnapshotSite {
  const p = f?.properties ?? {};
  const g = f?.geometry;
  if (g?.type !== 'Point') throw new CoverageInputError(layer, i, 'geometry', 'un Point est attendu');
  const id = p[idField];
  if (typeof id !== 'string' && typeof id !== 'number')
    throw new CoverageInputError(layer, i, idField, `identifiant France Services attendu, reçu ${previewJson(id, 60)}`);
  return {
    id: String(id),
    name: typeof p.name === 'string' ? p.name : '',
    lngLat: [g.coordinates[0], g.coordinates[1]],
    communeCode: typeof p.commune_code === 'string' ? p.commune_code : null,
  };
}

/**
 * The two France Services lists the bundle holds, for {@link compareSnapshots}: the
 * October 2020 snapshot (the `france-services-2020` features of the `msap` layer, `id_fs`
 * being the ANCT id) and the current list (département and neighbours). `older` is empty
 * when the bundle has no 2020 snapshot.
 */
export function franceServicesSnapshotsFromBundle(layers: Readonly<Record<string, CoverageLayerData | undefined>>): {
  older: SnapshotSite[];
  newer: SnapshotSite[];
} {
  const older: SnapshotSite[] = [];
  (layers.msap?.features ?? []).forEach((f: AnyFeature, i) => {
    if (f?.properties?.kind === 'france-services-2020') older.push(snapshotSite('msap', f, i, 'id_fs'));
  });
  const newer = [
    ...(layers['france-services']?.features ?? []).map((f: AnyFeature, i) => snapshotSite('france-services', f, i, 'id')),
    ...(layers['france-services-nearby']?.features ?? []).map((f: AnyFeature, i) => snapshotSite('france-services-nearby', f, i, 'id')),
  ];
  return { older, newer };
}
