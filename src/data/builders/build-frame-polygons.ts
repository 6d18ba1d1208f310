import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { pointOnFeature } from '@turf/point-on-feature';
import type { CommuneProperties } from '../../layers/communes.ts';
import { COMMUNES } from '../../layers/communes.ts';
import type { AreaFeature } from '../../core/index/area-index.ts';
import { dissolvePolygons } from '../../core/geo/dissolve-polygons.ts';
import { SourceFileError } from '../report.ts';
import { columnsOf, readGeoJson, str } from './read-raw.ts';
import { round, type CogCantons, type CurrentCommunes, type FrameInputs } from './build-frame-steps.ts';

export interface CommuneInfo {
  code: string;
  name: string;
  population: number | null;
  postcodes: string[];
  epciCode: string | null;
  epciName: string | null;
  arrondissementCode: string | null;
  /** Canton from the COG when the commune lies wholly in one canton. */
  cantonCode: string | null;
  /** Pseudo-canton code when the commune is split between several cantons. */
  pseudoCantonCode: string | null;
  densityLevel: string | null;
  rural: boolean | null;
  /** A point inside the commune (centroid when it falls inside), `[lng, lat]`. */
  centroid: [number, number];
  qpvCodes: string[];
}

/** Commune polygons of 2018 joined to today's codes (merged communes dissolved), with what the other layers join to them. */
export function communePolygons(
  c: FrameInputs,
  a: CurrentCommunes,
  cog: CogCantons,
  density: Map<string, string>,
  qpvByCommune: Map<string, string[]>,
) {
  const { inputs, dept, src, file } = c;
  const { current, currentByCode, resolveCommune, epciOf } = a;
  const { cogCanton, pseudoCantons } = cog;
  const comDesc = src('ign-communes-2018');
  const comFile = file('ign-communes-2018');
  const comCols = columnsOf(comDesc, 'code', 'name');
  const comRep = inputs.reporter(COMMUNES.id, comDesc.id);
  const raw2018 = readGeoJson(comFile, comDesc).features;
  if (raw2018.length === 0) {
    throw new SourceFileError(
      comFile.location,
      'aucune commune : la FeatureCollection est vide',
      'remplacez-le par le fichier officiel des communes',
    );
  }
  const groups = new Map<string, Feature<Polygon | MultiPolygon>[]>();
  raw2018.forEach((f, i) => {
    const code2018 = str(f.properties?.[comCols.code]);
    if (!f.geometry || (f.geometry.type !== 'Polygon' && f.geometry.type !== 'MultiPolygon')) {
      comRep.add(comFile.path, i + 1, 'geometry', 'rejected', 'not a polygon', code2018);
      return;
    }
    const code = resolveCommune(code2018);
    if (!code) {
      comRep.add(
        comFile.path,
        i + 1,
        comCols.code,
        'rejected',
        'commune code unknown to the current commune list and its former codes',
        code2018,
      );
      return;
    }
    if (code !== code2018) {
      comRep.add(comFile.path, i + 1, comCols.code, 'merged', `2018 commune merged into ${code} ${currentByCode.get(code)?.nom}`, code2018);
    }
    const list = groups.get(code) ?? [];
    list.push(f as Feature<Polygon | MultiPolygon>);
    groups.set(code, list);
  });
  // dissolve merged communes (exact shared borders)
  const mergedGeometry = dissolvePolygons([...groups.values()].flat(), (f) => resolveCommune(str(f.properties?.[comCols.code])));
  const communes = new Map<string, CommuneInfo>();
  const communeFeatures: AreaFeature<Record<string, unknown> & { code: string }>[] = [];
  for (const c of current) {
    const geometry = groups.get(c.code)?.length === 1 ? groups.get(c.code)![0].geometry : mergedGeometry.get(c.code);
    if (!geometry) {
      comRep.add(comFile.path, null, comCols.code, 'rejected', `current commune ${c.code} ${c.nom} has no 2018 polygon`, c.code);
      continue;
    }
    const feature: AreaFeature<Record<string, unknown> & { code: string }> = { type: 'Feature', properties: { code: c.code }, geometry };
    const centroid = pointOnFeature(feature as Feature<Polygon>).geometry.coordinates as [number, number];
    const cogCantonCode = cogCanton.get(c.code) ?? null;
    const epci = epciOf.get(c.code) ?? null;
    const level = density.get(c.code) ?? null;
    const info: CommuneInfo = {
      code: c.code,
      name: c.nom,
      population: typeof c.population === 'number' ? c.population : null,
      postcodes: c.codesPostaux ?? [],
      epciCode: epci?.code ?? null,
      epciName: epci?.nom ?? null,
      arrondissementCode: c.arrondissement ?? null,
      cantonCode: cogCantonCode && !pseudoCantons.has(cogCantonCode) ? cogCantonCode : null,
      pseudoCantonCode: cogCantonCode && pseudoCantons.has(cogCantonCode) ? cogCantonCode : null,
      densityLevel: level,
      rural: level === null ? null : dept.coverage.ruralDensityLevels.includes(level),
      centroid: [round(centroid[0], 6), round(centroid[1], 6)],
      qpvCodes: qpvByCommune.get(c.code) ?? [],
    };
    if (!cogCantonCode)
      comRep.add(comFile.path, null, 'canton', 'rejected', `commune ${c.code} ${c.nom} has no canton in COG 2025`, c.code);
    communes.set(c.code, info);
    feature.properties = {
      code: c.code,
      name: c.nom,
      population: info.population,
      postcodes: info.postcodes.join(' '),
      epci_code: info.epciCode,
      epci_name: info.epciName,
      arrondissement_code: info.arrondissementCode,
      canton_code: info.cantonCode,
      pseudo_canton_code: info.pseudoCantonCode,
      density_level: info.densityLevel,
      rural: info.rural,
      qpv_codes: info.qpvCodes.join(' '),
      qpv_count: info.qpvCodes.length,
      merged_from:
        (c.anciensCodes ?? []).filter((old) => groups.get(c.code)?.some((f) => str(f.properties?.[comCols.code]) === old)).join(' ') ||
        null,
      centroid_lng: info.centroid[0],
      centroid_lat: info.centroid[1],
    } satisfies CommuneProperties;
    communeFeatures.push(feature);
  }

  return { comDesc, comFile, comRep, raw2018, communes, communeFeatures };
}

export type CommunePolygons = ReturnType<typeof communePolygons>;
