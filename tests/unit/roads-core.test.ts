import { describe, expect, it } from 'vitest';
import { distanceKm } from '../../src/core/geo/distance-km.ts';
import { aggregateDriveTimesByArea } from '../../src/core/roads/aggregate-drive-times-by-area.ts';
import { DEFAULT_CONNECTOR } from '../../src/core/roads/attach-points.ts';
import { buildRoadGraph } from '../../src/core/roads/build-road-graph.ts';
import { createDriveTimeEngine } from '../../src/core/roads/drive-time-engine.ts';
import { BAND_NO_PATH, BAND_OFF_NETWORK, pointDriveTimes } from '../../src/core/roads/point-drive-times.ts';
import { DEFAULT_SPEEDS_KMH, roadClassIndex, type RoadClass } from '../../src/core/roads/road-classes.ts';
import { roadGraphFromBinary, toRoadGraphBinary } from '../../src/core/roads/road-graph-binary.ts';
import { createRoadWaysBuilder, type RoadWays } from '../../src/core/roads/road-ways.ts';

type Line = { coords: [number, number][]; cls: RoadClass; oneway?: -1 | 0 | 1; maxspeed?: number; speed?: number };

/** Fictional networks on the equator, where a hundredth of a degree is 1.112 km along both axes. */
function waysOf(lines: Line[]): RoadWays {
  const b = createRoadWaysBuilder();
  for (const l of lines) {
    b.addWay(
      l.coords.map(([x, y]) => b.vertexAt(x, y)),
      { roadClass: roadClassIndex(l.cls), oneway: l.oneway ?? 0, maxspeedKmh: l.maxspeed, speedKmh: l.speed },
    );
  }
  return b.finish();
}

const km = (a: [number, number], b: [number, number]) => distanceKm(a, b);
/** Minutes to drive `lengthKm` at the class speed of the default table. */
const at = (lengthKm: number, cls: RoadClass) => (lengthKm / DEFAULT_SPEEDS_KMH[cls]) * 60;
const connector = (lengthKm: number) => (lengthKm / DEFAULT_CONNECTOR.speedKmh) * 60;
const BLOCK = km([0, 0], [0.01, 0]); // 1.112 km

function timesAt(lines: Line[], sites: [number, number][], points: [number, number][]) {
  const { graph } = buildRoadGraph(waysOf(lines));
  const engine = createDriveTimeEngine(graph);
  const s = engine.attach(
    sites.map((p) => p[0]),
    sites.map((p) => p[1]),
  );
  const p = engine.attach(
    points.map((q) => q[0]),
    points.map((q) => q[1]),
  );
  return engine.pointDriveTimes(engine.timesToNearestSite(s), p);
}

// a 3 × 3 grid of residential streets, one block = 0.01°
const grid = (eastColumnOneway: -1 | 0 | 1): Line[] => {
  const lines: Line[] = [];
  for (const y of [0, 0.01, 0.02])
    lines.push({
      coords: [
        [0, y],
        [0.01, y],
        [0.02, y],
      ],
      cls: 'residential',
    });
  for (const x of [0, 0.01])
    lines.push({
      coords: [
        [x, 0],
        [x, 0.01],
        [x, 0.02],
      ],
      cls: 'residential',
    });
  lines.push({
    coords: [
      [0.02, 0],
      [0.02, 0.01],
      [0.02, 0.02],
    ],
    cls: 'residential',
    oneway: eastColumnOneway,
  });
  return lines;
};

describe('drive times on hand-made networks', () => {
  it('drives two blocks down a two-way street', () => {
    const r = timesAt(grid(0), [[0.02, 0]], [[0.02, 0.02]]);
    expect(r.minutes[0]).toBeCloseTo(at(2 * BLOCK, 'residential'), 4);
    expect(r.site[0]).toBe(0);
  });

  it('goes round the block when the short way is a one-way street the other way', () => {
    // the east column is northbound only: from the north-east corner to the south-east site,
    // one block west, two blocks south, one block east
    const r = timesAt(grid(1), [[0.02, 0]], [[0.02, 0.02]]);
    expect(r.minutes[0]).toBeCloseTo(at(4 * BLOCK, 'residential'), 4);
    // a one-way street driven in its own direction is as fast as a two-way one
    const back = timesAt(grid(-1), [[0.02, 0]], [[0.02, 0.02]]);
    expect(back.minutes[0]).toBeCloseTo(at(2 * BLOCK, 'residential'), 4);
  });

  it('picks the nearest site by time, not by straight line', () => {
    // site 0 is one block from the point as the crow flies, but behind the one-way column;
    // site 1 is two blocks away on two-way streets
    const r = timesAt(
      grid(1),
      [
        [0.02, 0.01],
        [0, 0.02],
      ],
      [[0.02, 0.02]],
    );
    expect(r.site[0]).toBe(1);
    expect(r.minutes[0]).toBeCloseTo(at(2 * BLOCK, 'residential'), 4);
  });

  it('does not join roads that cross without a shared vertex (a bridge)', () => {
    const lines: Line[] = [
      {
        coords: [
          [0, 0],
          [0.02, 0],
          [0.04, 0],
        ],
        cls: 'secondary',
      }, // passes under the bridge at (0.02, 0)
      {
        coords: [
          [0.02, -0.02],
          [0.02, 0.02],
        ],
        cls: 'secondary',
      }, // the bridge: no vertex at (0.02, 0)
      {
        coords: [
          [0.02, -0.02],
          [0, -0.02],
          [0, 0],
        ],
        cls: 'secondary',
      },
    ];
    const r = timesAt(lines, [[0, 0]], [[0.02, 0.02]]);
    // down the bridge road to its southern end, west, then north: 4 + 2 + 2 blocks, not 2 + 2
    expect(r.minutes[0]).toBeCloseTo(at(8 * BLOCK, 'secondary'), 3);
    // the same roads sharing a vertex at the crossing: 2 + 2 blocks
    const joined = structuredClone(lines);
    joined[1].coords = [
      [0.02, -0.02],
      [0.02, 0],
      [0.02, 0.02],
    ];
    const j = timesAt(joined, [[0, 0]], [[0.02, 0.02]]);
    expect(j.minutes[0]).toBeCloseTo(at(4 * BLOCK, 'secondary'), 3);
  });

  it('enters a motorway only at its interchanges, and never attaches a house to it', () => {
    const lines: Line[] = [
      {
        coords: [
          [0, 0],
          [0.2, 0],
        ],
        cls: 'motorway',
      },
      {
        coords: [
          [0, 0.012],
          [0, 0],
        ],
        cls: 'motorway_link',
      },
      {
        coords: [
          [0.2, 0],
          [0.2, 0.012],
        ],
        cls: 'motorway_link',
      },
      {
        coords: [
          [0.1, 0.012],
          [0, 0.012],
        ],
        cls: 'secondary',
      }, // a dead-end road north of the motorway
      {
        coords: [
          [0.2, 0.012],
          [0.25, 0.012],
        ],
        cls: 'secondary',
      },
    ];
    // the village lies 0.556 km from the motorway, 0.778 km from the dead end of the secondary road
    const village: [number, number] = [0.1, 0.005];
    const r = timesAt(lines, [[0.2, 0.012]], [village]);
    const expected =
      connector(km(village, [0.1, 0.012])) +
      at(km([0.1, 0.012], [0, 0.012]), 'secondary') +
      at(km([0, 0.012], [0, 0]), 'motorway_link') +
      at(km([0, 0], [0.2, 0]), 'motorway') +
      at(km([0.2, 0], [0.2, 0.012]), 'motorway_link');
    expect(r.minutes[0]).toBeCloseTo(expected, 3);
  });

  it('gives no time to an island, and none to a point beyond the connector cap', () => {
    const lines: Line[] = [
      {
        coords: [
          [0, 0],
          [0.01, 0],
          [0.02, 0],
        ],
        cls: 'tertiary',
      },
      {
        coords: [
          [0.5, 0],
          [0.51, 0],
          [0.52, 0],
        ],
        cls: 'tertiary',
      }, // an island: no road to the mainland
    ];
    const r = timesAt(
      lines,
      [[0, 0]],
      [
        [0.51, 0],
        [0.3, 0.3],
        [0.01, 0],
      ],
    );
    expect(r.minutes[0]).toBe(Infinity);
    expect(r.band[0]).toBe(BAND_NO_PATH);
    expect(r.site[0]).toBe(-1);
    expect(Number.isNaN(r.minutes[1])).toBe(true);
    expect(r.band[1]).toBe(BAND_OFF_NETWORK);
    expect(r.minutes[2]).toBeCloseTo(at(BLOCK, 'tertiary'), 4);
    expect(r.band[2]).toBe(0);
  });

  it('attaches a point halfway between two nodes to the western one, whatever the node numbering', () => {
    // a 1.112 km street cut into 5 edges of 222 m: nodes at 0, 0.002, 0.004, … 0.01
    for (const coords of [
      [
        [0, 0],
        [0.01, 0],
      ],
      [
        [0.01, 0],
        [0, 0],
      ],
    ] as [number, number][][]) {
      const { graph } = buildRoadGraph(waysOf([{ coords, cls: 'residential' }]));
      const a = createDriveTimeEngine(graph).attach([0.005], [0.002]);
      expect(graph.nodeLng[a.node[0]]).toBeCloseTo(0.004, 9);
    }
  });

  it('lowers the class speed to maxspeed, and takes the producer speed as it is', () => {
    const base: Line = {
      coords: [
        [0, 0],
        [0.1, 0],
      ],
      cls: 'primary',
    };
    const len = km([0, 0], [0.1, 0]);
    expect(timesAt([{ ...base, maxspeed: 50 }], [[0, 0]], [[0.1, 0]]).minutes[0]).toBeCloseTo((len / 50) * 60, 4);
    expect(timesAt([{ ...base, maxspeed: 90 }], [[0, 0]], [[0.1, 0]]).minutes[0]).toBeCloseTo(at(len, 'primary'), 4);
    expect(timesAt([{ ...base, speed: 90, maxspeed: 50 }], [[0, 0]], [[0.1, 0]]).minutes[0]).toBeCloseTo((len / 90) * 60, 4);
  });

  it('puts times in bands, upper bounds included', () => {
    const times = {
      seconds: Float64Array.from([600, 601, 1200, 1800, 1801, Infinity]),
      site: Int32Array.from([0, 1, 0, 1, 0, -1]),
      sitesOffNetwork: [],
    };
    const points = {
      count: 7,
      node: Int32Array.from([0, 1, 2, 3, 4, 5, -1]),
      distanceKm: new Float64Array(7),
      connectorSeconds: Float64Array.from([0, 0, 0, 0, 0, 0, NaN]),
    };
    const r = pointDriveTimes(times, points);
    expect(Array.from(r.band)).toEqual([0, 1, 1, 2, 3, BAND_NO_PATH, BAND_OFF_NETWORK]);
    expect(Array.from(r.site)).toEqual([0, 1, 0, 1, 0, -1, -1]);
    expect(r.minutes[0]).toBe(10);
  });
});

describe('aggregateDriveTimesByArea', () => {
  it('sums population within each band, the weighted mean and the maximum, per area and in total', () => {
    const minutes = Float64Array.from([5, 15, 25, 40, Infinity, NaN, 12]);
    const weights = Float64Array.from([100, 200, 300, 400, 50, 25, 0]);
    const areaOf = Int32Array.from([0, 0, 1, 1, 1, 0, 1]);
    const before = [Array.from(minutes), Array.from(weights), Array.from(areaOf)];
    const r = aggregateDriveTimesByArea({ minutes, weights, areaOf, areaCount: 3 });
    expect([Array.from(minutes), Array.from(weights), Array.from(areaOf)]).toEqual(before);
    expect(r.areas[0]).toEqual({
      population: 325,
      populationWithin: [100, 300, 300],
      meanMinutes: (5 * 100 + 15 * 200) / 300,
      maxMinutes: 15,
      populationNoPath: 0,
      populationOffNetwork: 25,
    });
    // the 12-minute point weighs nothing: it moves neither the mean nor the maximum
    expect(r.areas[1]).toEqual({
      population: 750,
      populationWithin: [0, 0, 300],
      meanMinutes: (25 * 300 + 40 * 400) / 700,
      maxMinutes: 40,
      populationNoPath: 50,
      populationOffNetwork: 0,
    });
    expect(r.areas[2].population).toBe(0);
    expect(Number.isNaN(r.areas[2].meanMinutes)).toBe(true);
    expect(r.total.population).toBe(1075);
    expect(r.total.populationWithin).toEqual([100, 300, 600]);
    expect(r.total.maxMinutes).toBe(40);
  });

  it('ignores points in no area and refuses an area index out of range', () => {
    const r = aggregateDriveTimesByArea({ minutes: [1, 2], weights: [1, 1], areaOf: [-1, 0], areaCount: 1 });
    expect(r.total.population).toBe(1);
    expect(() => aggregateDriveTimesByArea({ minutes: [1], weights: [1], areaOf: [1], areaCount: 1 })).toThrow(/outside/);
    expect(() => aggregateDriveTimesByArea({ minutes: [1], weights: [-1], areaOf: [0], areaCount: 1 })).toThrow(/weight/);
  });
});

describe('the road graph binary file', () => {
  it('reads back the same graph and the same times', () => {
    const ways = waysOf(grid(1));
    const { graph } = buildRoadGraph(ways);
    const bytes = toRoadGraphBinary(graph);
    const back = roadGraphFromBinary(bytes);
    for (const k of [
      'nodeLng',
      'nodeLat',
      'nodeFlags',
      'edgeOffsets',
      'edgeTargets',
      'edgeLengthM',
      'edgeSpeedKmh',
      'edgeClass',
    ] as const) {
      expect(Array.from(back[k]), k).toEqual(Array.from(graph[k]));
    }
    expect(back.bbox).toEqual(graph.bbox);
    // from an unaligned copy too
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(roadGraphFromBinary(shifted.subarray(3)).edgeCount).toBe(graph.edgeCount);
  });

  it('refuses a foreign, truncated or other-version file with a French reason', () => {
    const { graph } = buildRoadGraph(waysOf(grid(0)));
    const bytes = toRoadGraphBinary(graph);
    expect(() => roadGraphFromBinary(new TextEncoder().encode('{"type":"FeatureCollection"}'))).toThrow(/pas un graphe routier/);
    expect(() => roadGraphFromBinary(bytes.subarray(0, bytes.length - 1))).toThrow(/tronqué/);
    const other = bytes.slice();
    other[4] = 9;
    expect(() => roadGraphFromBinary(other)).toThrow(/format 9/);
    const broken = { ...graph, edgeTargets: graph.edgeTargets.slice() };
    broken.edgeTargets[0] = graph.nodeCount; // an edge to a node that does not exist
    expect(() => roadGraphFromBinary(toRoadGraphBinary(broken))).toThrow(/incohérent/);
  });
});

describe('buildRoadGraph', () => {
  it('keeps edges at most maxEdgeM long and counts what it built', () => {
    const { graph, stats } = buildRoadGraph(
      waysOf([
        {
          coords: [
            [0, 0],
            [0.01, 0],
            [0.011, 0],
            [0.03, 0],
          ],
          cls: 'tertiary',
          oneway: 1,
        },
      ]),
      {
        maxEdgeM: 300,
      },
    );
    expect(Math.max(...graph.edgeLengthM)).toBeLessThanOrEqual(300);
    const total = [...graph.edgeLengthM].reduce((a, b) => a + b, 0);
    expect(total / 1000).toBeCloseTo(km([0, 0], [0.03, 0]), 4);
    expect(stats.edges).toBe(graph.edgeCount);
    expect(stats.kmByClass.tertiary).toBeCloseTo(km([0, 0], [0.03, 0]), 1);
    expect(stats.interpolatedNodes).toBeGreaterThan(0);
  });

  it('drops self-loops and degenerate ways, and does not modify its input', () => {
    const ways = waysOf([
      {
        coords: [
          [0, 0],
          [0.001, 0],
          [0.001, 0.001],
          [0, 0],
        ],
        cls: 'service',
      }, // a closed way with no junction
      {
        coords: [
          [1, 1],
          [1, 1],
        ],
        cls: 'service',
      },
    ]);
    const copy = structuredClone(ways);
    const { stats } = buildRoadGraph(ways);
    expect(ways).toEqual(copy);
    expect(stats.degenerateWays).toBe(1);
    expect(stats.ways).toBe(1);
  });
});
