import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { CANTONS } from '../../layers/cantons.ts';
import { createAreaIndex, geometryBBox, type AreaFeature, type AreaIndex } from '../../core/index/area-index.ts';
import { partitionByAreas, withoutDust } from '../../core/geo/partition-by-areas.ts';
import { shareBorderVertices } from '../../core/geo/share-border-vertices.ts';
import { dissolvePolygonsBy } from '../../core/geo/dissolve-polygons.ts';
import { union } from '@turf/union';
import { SLIVER_SHARE } from '../../core/coverage/coverage-base.ts';
import { columnsOf, readGeoJson, str } from './read-raw.ts';
import { normaliseCantonCode, round, sum, type CogCantons, type CurrentCommunes, type FrameInputs } from './build-frame-steps.ts';
import type { CommunePolygons } from './build-frame-polygons.ts';

/** One polygon of the drawing: a whole commune, or a piece of a commune split between cantons. */
export interface DrawnPart {
  commune: string;
  canton: string | null;
  arrondissement: string | null;
  epci: string | null;
}

/** How a commune split between cantons was cut: its pseudo-canton and its pieces, with their shares of its area. */
export interface CommuneCut {
  commune: string;
  name: string;
  pseudoCanton: string;
  pieces: { canton: string; share: number }[];
}

/** The 2018 canton polygons (codes in INSEE form), read only to cut the communes split between cantons. */
function cantons2018(c: FrameInputs, cog: CogCantons) {
  const { inputs, dept, src, file } = c;
  const canDesc = src('ign-cantons-2018');
  const canFile = file('ign-cantons-2018');
  const canCols = columnsOf(canDesc, 'code', 'name');
  const canRep = inputs.reporter(CANTONS.id, canDesc.id);
  const features: AreaFeature<{ code: string }>[] = [];
  let read = 0;
  readGeoJson(canFile, canDesc).features.forEach((f, i) => {
    read++;
    const raw = str(f.properties?.[canCols.code]);
    const code = normaliseCantonCode(raw, dept.code);
    if (!code || !f.geometry || (f.geometry.type !== 'Polygon' && f.geometry.type !== 'MultiPolygon')) {
      canRep.add(canFile.path, i + 1, canCols.code, 'rejected', 'not a canton code of the département, or not a polygon', raw);
      return;
    }
    const name2018 = str(f.properties?.[canCols.name]);
    const name = cog.cantonName.get(code);
    if (!name) canRep.add(canFile.path, i + 1, canCols.code, 'disagreement', `canton ${code} not in COG 2025`, raw);
    else if (name !== name2018) canRep.add(canFile.path, i + 1, canCols.name, 'corrected', `name taken from COG 2025: "${name}"`, name2018);
    if (code !== raw) canRep.add(canFile.path, i + 1, canCols.code, 'corrected', `code normalised to INSEE form ${code}`, raw);
    features.push({ type: 'Feature', properties: { code }, geometry: f.geometry as Polygon | MultiPolygon });
  });
  return { canDesc, canFile, canRep, canRead: read, can2018: features };
}

/**
 * The commune cut by the 2018 cantons (approximately, reported, when the exact partition fails on these
 * simplified polygons: Nevers, Perpignan…); an empty cut (drawn whole in its pseudo-canton, reported) when
 * even the plain intersections cannot be made.
 */
function cutOrReport(
  subject: Polygon | MultiPolygon,
  k: ReturnType<typeof cantons2018>,
  index: AreaIndex,
  info: { code: string; name: string },
) {
  try {
    // a commune mostly outside every 2018 canton (the Métropole de Lyon's) stays whole, in its pseudo-canton
    const pieces = partitionByAreas(subject, k.can2018, index, SLIVER_SHARE, 0.5);
    const approximate = pieces.find((p) => p.approximate)?.approximate;
    if (approximate)
      k.canRep.add(
        k.canFile.path,
        null,
        null,
        'approximate',
        `commune ${info.code} ${info.name}: cut by the canton polygons approximately, as their plain intersections (the exact partition failed: ${approximate.slice(0, 120)}); slivers along the borders may be left out or counted twice`,
        info.code,
      );
    return pieces;
  } catch (e) {
    k.canRep.add(
      k.canFile.path,
      null,
      null,
      'disagreement',
      `commune ${info.code} ${info.name}: the cut by the canton polygons failed (${(e as Error).message.slice(0, 120)})`,
      info.code,
    );
    return [];
  }
}

const boxesMeet = (a: number[], b: number[]) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/**
 * The polygons the cantons, arrondissements and EPCI are drawn from: every commune whole, except
 * those split between cantons (a pseudo-canton in the COG), cut by the 2018 canton polygons into
 * pieces that partition the commune (`partitionByAreas`) and share their borders vertex for vertex
 * with the communes around them (`shareBorderVertices`), so that the outlines follow the commune
 * borders and dissolve without a sliver or a gap. A split commune no 2018 canton meets (Paris) stays
 * whole, in its pseudo-canton.
 */
export function drawnParts(c: FrameInputs, cog: CogCantons, polys: CommunePolygons) {
  const k = cantons2018(c, cog);
  const index = createAreaIndex(k.can2018);
  const whole: AreaFeature<DrawnPart>[] = polys.communeFeatures.map((f) => {
    const info = polys.communes.get(f.properties.code)!;
    return {
      type: 'Feature',
      properties: {
        commune: info.code,
        canton: info.cantonCode ?? info.pseudoCantonCode,
        arrondissement: info.arrondissementCode,
        epci: info.epciCode,
      },
      geometry: f.geometry,
    };
  });
  const pieces: AreaFeature<DrawnPart>[] = [];
  const cuts: CommuneCut[] = [];
  for (const info of polys.communes.values()) {
    if (!info.pseudoCantonCode) continue;
    const at = whole.findIndex((p) => p.properties.commune === info.code);
    if (at < 0) continue;
    const subject = whole[at].geometry;
    const cut = cutOrReport(subject, k, index, info);
    cuts.push({
      commune: info.code,
      name: info.name,
      pseudoCanton: info.pseudoCantonCode,
      pieces: cut.map((p) => ({ canton: k.can2018[p.index].properties.code, share: round(p.share, 4) })),
    });
    if (cut.length === 0) {
      k.canRep.add(
        k.canFile.path,
        null,
        null,
        'disagreement',
        `commune ${info.code} ${info.name} (pseudo-canton ${info.pseudoCantonCode}) meets no canton polygon: drawn whole as its pseudo-canton`,
        info.code,
      );
      continue;
    }
    if (cut.length === 1) {
      whole[at] = { ...whole[at], properties: { ...whole[at].properties, canton: k.can2018[cut[0].index].properties.code } };
      continue;
    }
    const box = geometryBBox(subject);
    const near = whole.map((_, i) => i).filter((i) => i !== at && boxesMeet(geometryBBox(whole[i].geometry), box));
    const shared = shareBorderVertices(
      subject,
      cut.map((p) => p.geometry),
      near.map((i) => whole[i].geometry),
    );
    near.forEach((i, n) => {
      whole[i] = { ...whole[i], geometry: shared.neighbours[n] };
    });
    const base = whole[at].properties;
    whole.splice(at, 1);
    cut.forEach((p, n) => {
      pieces.push({ type: 'Feature', properties: { ...base, canton: k.can2018[p.index].properties.code }, geometry: shared.pieces[n] });
    });
  }
  // cantons: whole communes dissolved by topology, then the pieces added by polygon union
  const byCanton = dissolvePolygonsBy(whole, { canton: (f) => f.properties.canton }).canton;
  for (const piece of pieces) {
    const code = piece.properties.canton!;
    const current = byCanton.get(code);
    const joined = current ? union({ type: 'FeatureCollection', features: [feature(current), piece] }) : null;
    byCanton.set(code, withoutDust(asMulti(joined?.geometry ?? piece.geometry)) ?? asMulti(piece.geometry));
  }
  // arrondissements and EPCI never split a commune: the communes, whole
  const dissolved = {
    canton: byCanton,
    ...dissolvePolygonsBy(polys.communeFeatures, {
      arrondissement: (f) => polys.communes.get(f.properties.code)?.arrondissementCode ?? null,
      epci: (f) => polys.communes.get(f.properties.code)?.epciCode ?? null,
    }),
  };
  return { ...k, pieces, cuts, dissolved };
}
const feature = (geometry: Polygon | MultiPolygon): Feature<Polygon | MultiPolygon> => ({ type: 'Feature', properties: {}, geometry });
const asMulti = (g: Polygon | MultiPolygon): MultiPolygon =>
  g.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [g.coordinates] } : g;
export type DrawnParts = ReturnType<typeof drawnParts>;

/** Canton outlines: the communes of each COG canton dissolved, with the pieces of the split communes; names of the COG 2025. */
export function cantonOutlines(cog: CogCantons, polys: CommunePolygons, drawn: DrawnParts) {
  const { canRep, canFile, can2018, cuts, dissolved } = drawn;
  const whole = [...polys.communes.values()];
  // a pseudo-canton once, however many of its communes stay whole (the 59 communes of the Métropole de Lyon, 6999)
  const codes = [...new Set([...cog.realCantons, ...cuts.filter((x) => x.pieces.length === 0).map((x) => x.pseudoCanton)])];
  const cantonFeatures: AreaFeature<{ code: string; name: string } & Record<string, unknown>>[] = [];
  for (const code of codes) {
    const geometry = dissolved.canton.get(code);
    if (!geometry || geometry.coordinates.length === 0) {
      canRep.add(canFile.path, null, null, 'disagreement', `canton ${code} of COG 2025 has no commune polygon: not drawn`, code);
      continue;
    }
    const members = whole.filter((m) => (m.cantonCode ?? m.pseudoCantonCode) === code);
    cantonFeatures.push({
      type: 'Feature',
      properties: {
        code,
        name: cog.cantonName.get(code) ?? code,
        communes_whole: members.length,
        population_whole_communes: members.reduce((s, m) => s + (m.population ?? 0), 0),
      },
      geometry,
    });
  }
  const cantonIndex = createAreaIndex(cantonFeatures);
  if (can2018.length !== cog.realCantons.length) {
    canRep.add(
      canFile.path,
      null,
      null,
      'disagreement',
      `${can2018.length} canton polygons of 2018 against ${cog.realCantons.length} cantons in COG 2025`,
    );
  }
  return { cantonFeatures, cantonIndex };
}

/** Arrondissement outlines: the communes of each current arrondissement dissolved; names of the current list. */
export function arrondissementOutlines(c: FrameInputs, polys: CommunePolygons, drawn: DrawnParts) {
  const { dept, reference } = c;
  const arrRef = new Map(reference.arrondissements.filter((a) => a.departement === dept.code).map((a) => [a.code, a.nom]));
  const arrFeatures: Feature[] = [];
  for (const [code, geometry] of drawn.dissolved.arrondissement) {
    const members = [...polys.communes.values()].filter((m) => m.arrondissementCode === code);
    arrFeatures.push({
      type: 'Feature',
      properties: { code, name: arrRef.get(code) ?? code, communes: members.length, population: sum(members.map((m) => m.population)) },
      geometry,
    });
  }
  arrFeatures.sort((a, b) => String(a.properties?.code).localeCompare(String(b.properties?.code)));
  return { arrRef, arrFeatures };
}

/** EPCI outlines: their communes in the département dissolved. */
export function epciOutlines(drawn: DrawnParts): { epciGeometry: Map<string, MultiPolygon> } {
  return { epciGeometry: drawn.dissolved.epci };
}

export type { CurrentCommunes };
