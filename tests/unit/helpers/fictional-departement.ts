/**
 * A seeded, fictional département (code 97, invented names and codes) for oracle tests
 * of scenarios and suggested placements: a grid of rectangular cantons near lng 1–1.6°,
 * lat 45–45.4°, each holding four communes, one commune split between two cantons,
 * populated 1 km-ish cells at seeded positions, fixed and bus France Services, fixed
 * sites across the border. Nothing here comes from real data.
 */
import type { Polygon } from 'geojson';
import type {
  CantonFeature,
  CoverageCommune,
  CoverageInput,
  FranceServicesSite,
  PopulationCell,
} from '../../../src/core/coverage/coverage-types.ts';
import { mulberry32, uniform } from './seeded-random.ts';

export function rect(minLng: number, minLat: number, maxLng: number, maxLat: number): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [minLng, minLat],
        [maxLng, minLat],
        [maxLng, maxLat],
        [minLng, maxLat],
        [minLng, minLat],
      ],
    ],
  };
}

export interface FictionalOptions {
  seed: number;
  cols?: number;
  rows?: number;
  cells?: number;
  fixedSites?: number;
  buses?: number;
  grid?: boolean;
}

export const ORIGIN: [number, number] = [1, 45];
export const CANTON_DEG = 0.1;

/** Builds the fictional département's coverage input (see the file comment). */
export function fictionalDepartement(options: FictionalOptions): CoverageInput {
  const { seed, cols = 4, rows = 3, cells = 160, fixedSites = 5, buses = 2, grid = true } = options;
  const random = mulberry32(seed);
  const cantons: CantonFeature[] = [];
  const communes: CoverageCommune[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const k = r * cols + c;
      const code = `97${String(k + 1).padStart(2, '0')}`;
      const [x0, y0] = [ORIGIN[0] + c * CANTON_DEG, ORIGIN[1] + r * CANTON_DEG];
      cantons.push({
        type: 'Feature',
        properties: { code, name: `Canton-Fictif-${k + 1}` },
        geometry: rect(x0, y0, x0 + CANTON_DEG, y0 + CANTON_DEG),
      });
      const h = CANTON_DEG / 2;
      for (let q = 0; q < 4; q++) {
        const [qx, qy] = [x0 + (q % 2) * h, y0 + Math.floor(q / 2) * h];
        const g = rect(qx, qy, qx + h, qy + h);
        communes.push({
          code: `97${String(k * 4 + q + 1).padStart(3, '0')}`,
          name: `Commune-Fictive-${k * 4 + q + 1}`,
          population: 200 + Math.floor(random() * 5000),
          cantonCode: code,
          rural: random() < 0.4,
          epciCode: `20000${String(r).padStart(4, '0')}`,
          qpvCodes: random() < 0.15 ? [`QP097${String(k * 4 + q).padStart(4, '0')}`] : [],
          geometry: g,
          centroid: [qx + h / 2, qy + h / 2],
        });
      }
    }
  }
  // a commune straddling cantons 9701 and 9702: its quarter-communes shrink to make room
  const split = communes[1];
  const [sx, sy] = [ORIGIN[0] + CANTON_DEG / 2, ORIGIN[1]];
  split.cantonCode = null;
  split.geometry = rect(sx, sy, sx + CANTON_DEG, sy + CANTON_DEG / 2);
  split.centroid = [sx + CANTON_DEG / 2, sy + CANTON_DEG / 4];
  communes[4].geometry = null; // the first quarter of 9702, under the split commune: placed by its COG canton, no polygon
  communes[4].centroid = [ORIGIN[0] + CANTON_DEG * 1.25, ORIGIN[1] + CANTON_DEG * 0.75];

  const [maxLng, maxLat] = [ORIGIN[0] + cols * CANTON_DEG, ORIGIN[1] + rows * CANTON_DEG];
  const populationGrid: PopulationCell[] = [];
  for (let i = 0; i < cells; i++) {
    populationGrid.push({
      lngLat: [uniform(random, ORIGIN[0], maxLng), uniform(random, ORIGIN[1], maxLat)],
      population: random() < 0.05 ? 0 : 1 + Math.floor(random() ** 3 * 3000),
    });
  }
  populationGrid.push({ lngLat: [maxLng + 0.004, ORIGIN[1] + 0.05], population: 77 }); // a border cell outside every canton
  const communeAt = (p: [number, number]) =>
    communes.find((c) => {
      if (!c.geometry) return false;
      const [[a, , b]] = c.geometry.coordinates as number[][][];
      return p[0] >= a[0] && p[0] <= b[0] && p[1] >= a[1] && p[1] <= b[1];
    });
  const franceServices: FranceServicesSite[] = [];
  for (let i = 0; i < fixedSites + buses; i++) {
    const lngLat: [number, number] = [uniform(random, ORIGIN[0], maxLng), uniform(random, ORIGIN[1], maxLat)];
    franceServices.push({
      id: `fs-${i + 1}`,
      kind: i < fixedSites ? 'fixed' : 'bus',
      lngLat,
      communeCode: random() < 0.8 ? (communeAt(lngLat)?.code ?? null) : null,
    });
  }
  const nearbyFranceServices: FranceServicesSite[] = [
    { id: 'near-1', kind: 'fixed', lngLat: [maxLng + 0.05, ORIGIN[1] + 0.12], communeCode: '96001' },
    { id: 'near-2', kind: 'bus', lngLat: [ORIGIN[0] - 0.05, ORIGIN[1] + 0.1], communeCode: '96002' },
  ];
  return {
    departement: { code: '97', name: 'Département-Fictif-des-Scénarios' },
    cantons,
    communes,
    franceServices,
    nearbyFranceServices,
    populationGrid: grid ? populationGrid : null,
    populationGridVintage: '2099',
    healthMediatorPosts: { year: '2099', territories: [{ id: communes[0].code, kind: 'commune', posts: 2 }] },
    countedLayers: [
      {
        id: 'digital-inclusion',
        title: 'Lieux fictifs',
        sites: [{ id: 'di-1', lngLat: [ORIGIN[0] + 0.02, ORIGIN[1] + 0.02], communeCode: null }],
      },
      { id: 'msp', title: 'Sans données', sites: null },
    ],
    priorityTerritories: [{ id: 'tp-1', name: 'Territoire-Fictif', epci: ['200000000'], communes: [communes[5].code] }],
    sources: [],
  };
}
