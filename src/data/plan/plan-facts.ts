import { previewJson } from '../parse/bounded-json.ts';
import type { Feature, Geometry } from 'geojson';
import { createCantonAssigner } from '../../core/coverage/assign-canton.ts';
import type { CoverageInput, CoverageRule } from '../../core/coverage/coverage-types.ts';
import type { PlanFacts, PlanNetworkPoint } from '../../core/plan/plan-types.ts';
import { compareSnapshots } from '../../core/timeline/compare-snapshots.ts';
import type { CoverageTimeline } from '../../core/timeline/coverage-timeline.ts';
import type { BundleManifest, LayerManifest, SourceUse } from '../bundle/bundle-types.ts';
import { CoverageInputError, type CoverageLayerData } from '../coverage/coverage-input.ts';
import { franceServicesSnapshotsFromBundle } from '../timeline/dated-network.ts';

type AnyFeature = Feature<Geometry | null, Record<string, unknown> | null>;
type Layers = Readonly<Record<string, CoverageLayerData | undefined>>;

/** Layers the plan reads, besides those of the coverage table. */
export const PLAN_LAYERS = ['msap', 'digital-inclusion', 'first-reception', 'health-mediators'] as const;

/** Id of the SIILAB / Les Assembleurs 2018–2020 survey in the bundle's sources (data/sources/siilab-hdf-2020.json). */
const SIILAB_SOURCE = 'siilab-hdf-2020';

const ok = (manifest: Pick<BundleManifest, 'layers'>, layers: Layers, id: string) =>
  manifest.layers[id]?.status === 'ok' && layers[id] !== undefined;

const describe = (s: SourceUse) => `${s.attribution}, licence : ${s.licence}`;

function sourceOf(layer: LayerManifest, id: string): SourceUse {
  const s = layer.sources.find((x) => x.id === id);
  if (!s) throw new CoverageInputError(layer.id, null, 'sources', `le manifeste ne cite pas la source « ${id} » que nomment les entités`);
  return s;
}

function count(layer: string, f: AnyFeature, i: number, field: string): number {
  const v = f.properties?.[field];
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  throw new CoverageInputError(layer, i, field, `nombre entier positif ou nul attendu, reçu ${previewJson(v, 60)}`);
}

/**
 * The source records of a layer, each with the index of its feature (for located errors): the
 * build merges the records of one place listed by several sources into one feature and lists
 * them in its `sources` (source, kind, counts); a feature without that list is its own record.
 * The plan counts records (structures, advisors), not places.
 */
function recordsOf(layers: Layers, layer: string): { f: AnyFeature; i: number }[] {
  return (layers[layer]?.features ?? []).flatMap((feature, i) => {
    const f = feature as AnyFeature;
    const sources = f?.properties?.sources;
    if (!Array.isArray(sources) || sources.length === 0) return [{ f, i }];
    return sources.map((s) => ({ f: { ...f, properties: typeof s === 'object' && s !== null ? (s as Record<string, unknown>) : {} }, i }));
  });
}

/** The source records of a layer of one kind (see {@link recordsOf}). */
function ofKind(layers: Layers, layer: string, kind: string): { f: AnyFeature; i: number }[] {
  return recordsOf(layers, layer).filter(({ f }) => f?.properties?.kind === kind);
}

/** The one source the features of a kind name (all must name the same). */
function sourceOfKind(manifest: Pick<BundleManifest, 'layers'>, layer: string, items: { f: AnyFeature; i: number }[]): SourceUse {
  const ids = new Set(items.map(({ f }) => String(f.properties?.source)));
  if (ids.size !== 1)
    throw new CoverageInputError(layer, null, 'source', `une source par sorte de lieu attendue, reçu ${[...ids].join(', ')}`);
  return sourceOf(manifest.layers[layer], [...ids][0]);
}

function franceServicesFacts(
  manifest: Pick<BundleManifest, 'layers'>,
  layers: Layers,
  timeline: CoverageTimeline,
  rule: CoverageRule,
): NonNullable<PlanFacts['franceServices']> {
  const list = manifest.layers['france-services'].sources[0];
  const series: PlanNetworkPoint[] = [];
  let cantons: { code: string; name: string; priority: boolean }[] = [];
  for (const date of timeline.dates) {
    const table = timeline.tableAt(date, rule);
    if (cantons.length === 0) cantons = table.rows.map((r) => ({ code: r.cantonCode, name: r.cantonName, priority: r.priority === true }));
    series.push({
      date,
      sites: table.total.franceServices,
      buses: table.total.franceServicesBuses,
      counted: table.rows.map((r) => r.franceServices + (rule.countBuses ? r.franceServicesBuses : 0)),
      cantonsMet: table.rows.filter((r) => r.status === 'met').length,
    });
  }
  const snaps = franceServicesSnapshotsFromBundle(layers);
  const compared = snaps.older.length ? compareSnapshots(snaps.older, snaps.newer) : null;
  return {
    listDate: timeline.listDate,
    source: `${describe(list)} — date de labellisation de chaque site`,
    rule: { target: rule.target, priorityTarget: rule.priorityTarget, countBuses: rule.countBuses },
    cantons,
    series,
    snapshot2020: compared
      ? {
          sites: compared.older,
          missing: compared.counts.missing,
          moved: compared.counts.moved + compared.counts['moved-renamed'],
          renamed: compared.counts.renamed + compared.counts['moved-renamed'],
        }
      : null,
  };
}

/**
 * What the bundle measures for the plan (plain data, see {@link PlanFacts}): the France
 * Services network at every date of the timeline under the département's rule, the
 * digital-inclusion places and conseillers numériques (2021, 2023), the SIILAB 2018–2020
 * survey and the adultes-relais posts per year. A layer missing from the bundle gives null,
 * never zeros; a feature that does not fit throws a {@link CoverageInputError}.
 */
export function planFactsFromBundle(
  manifest: Pick<BundleManifest, 'departement' | 'layers'>,
  layers: Layers,
  input: CoverageInput,
  timeline: CoverageTimeline | null,
  rule: CoverageRule,
): PlanFacts {
  const facts: PlanFacts = {
    departement: { code: manifest.departement.code, name: manifest.departement.name },
    franceServices: timeline ? franceServicesFacts(manifest, layers, timeline, rule) : null,
    digitalInclusion: null,
    siilab: null,
    conseillers2021: null,
    conseillers2023: null,
    adultesRelais: null,
  };

  if (ok(manifest, layers, 'digital-inclusion')) {
    const layer = 'digital-inclusion';
    const records = ofKind(layers, layer, 'lieu-mediation-numerique');
    if (records.length) {
      const s = sourceOfKind(manifest, layer, records);
      const assigner = createCantonAssigner(input.cantons, new Map(input.communes.map((c) => [c.code, c.cantonCode])));
      const cantons = new Set<number>();
      // the places that have at least one lieu de médiation numérique record
      const places = [...new Set(records.map((r) => r.i))].map((i) => ({ f: layers[layer]!.features[i] as AnyFeature, i }));
      for (const { f, i } of places) {
        if (f.geometry?.type !== 'Point') throw new CoverageInputError(layer, i, 'geometry', 'expected a Point');
        const code = f.properties?.commune_code;
        const c = assigner.assign([f.geometry.coordinates[0], f.geometry.coordinates[1]], typeof code === 'string' ? code : null).canton;
        if (c >= 0) cantons.add(c);
      }
      facts.digitalInclusion = {
        places: places.length,
        records: records.length,
        cantonsWithPlace: cantons.size,
        cantons: input.cantons.length,
        source: describe(s),
        asOf: s.vintage,
      };
    }
    const c21 = ofKind(layers, layer, 'conseillers-numeriques-2021');
    if (c21.length) {
      const s = sourceOfKind(manifest, layer, c21);
      facts.conseillers2021 = {
        structures: c21.length,
        advisors: c21.reduce((sum, { f, i }) => sum + count(layer, f, i, 'advisors'), 0),
        source: describe(s),
        asOf: s.vintage,
      };
    }
    const c23 = ofKind(layers, layer, 'conseillers-numeriques-2023');
    if (c23.length) {
      const s = sourceOfKind(manifest, layer, c23);
      facts.conseillers2023 = {
        structures: c23.length,
        attributed: c23.reduce((sum, { f, i }) => sum + count(layer, f, i, 'advisors_attributed'), 0),
        recruited: c23.reduce((sum, { f, i }) => sum + count(layer, f, i, 'advisors_recruited'), 0),
        source: describe(s),
        asOf: s.vintage,
      };
    }
  }

  const siilabLayers = (['first-reception', 'msap'] as const).filter((id) => ok(manifest, layers, id));
  const siilab = siilabLayers.flatMap((id) => recordsOf(layers, id).filter(({ f }) => f?.properties?.source === SIILAB_SOURCE));
  if (siilab.length) {
    const s = sourceOf(
      manifest.layers[siilabLayers.find((id) => manifest.layers[id].sources.some((x) => x.id === SIILAB_SOURCE))!],
      SIILAB_SOURCE,
    );
    facts.siilab = { places: siilab.length, source: describe(s), asOf: s.vintage };
  }

  if (ok(manifest, layers, 'health-mediators')) {
    const layer = manifest.layers['health-mediators'];
    const totals = new Map<string, number>();
    layers['health-mediators']!.features.forEach((f, i) => {
      for (const [key, v] of Object.entries(f?.properties ?? {})) {
        const year = /^posts_(\d{4})$/.exec(key)?.[1];
        if (!year || v === null) continue;
        totals.set(year, (totals.get(year) ?? 0) + count('health-mediators', f as AnyFeature, i, key));
      }
    });
    /** The source whose vintage (`2020-2023`, `2024`) covers a year. */
    const sourceFor = (year: string) =>
      layer.sources.find((s) => {
        const [from, to = from] = s.vintage.split('-');
        return /^\d{4}$/.test(from) && /^\d{4}$/.test(to) && year >= from && year <= to;
      });
    facts.adultesRelais = [...totals]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([year, posts]) => {
        const s = sourceFor(year);
        if (!s)
          throw new CoverageInputError('health-mediators', null, `posts_${year}`, `no source of the manifest covers the year ${year}`);
        return { year, posts, source: describe(s), rejected: s.rows_rejected };
      });
  }
  return facts;
}
