/**
 * How MapLibre cuts a source of areas into tiles: each tile's lines simplified to 1 px (MapLibre's
 * default, 0.375 px, keeps about twice the vertices) with 32 px around it (default 128: a boundary near
 * a tile's edge is drawn in up to four tiles; the widest line here is 4.5 px). WebGL without a GPU
 * (SwiftShader) pays per vertex: the first view's frame, 58 → 30 ms on this project's machine, and
 * four times fewer vertices for the map's worker to cut and send (docs/benchmarks.md, "Map idle",
 * sixth round). Not for points, nor for the population grid, whose 200 m squares are under 1 px² at
 * the first view's zoom: a 1 px tolerance drops rings smaller than 1 px².
 */
export const AREA_TILING = { tolerance: 1, buffer: 32 } as const;
