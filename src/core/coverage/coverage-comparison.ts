import { applyCoverageRule } from './apply-coverage-rule.ts';
import type { CantonFigures, CoverageBase } from './coverage-base.ts';
import type { CoverageRow, CoverageRule } from './coverage-types.ts';

/** A canton's (or the département's) figures on one side of a comparison. */
export interface ComparedFigures {
  status: CoverageRow['status'];
  gap: number;
  target: number;
  franceServices: number;
  franceServicesBuses: number;
  /** People (whole, from the population weights) within 5, 10 and 15 km of a fixed France Services; null without access figures. */
  populationWithinKm: [number, number, number] | null;
  populationWithin5KmPct: number | null;
  populationWithin10KmPct: number | null;
  populationWithin15KmPct: number | null;
  meanDistanceKm: number | null;
  maxDistanceKm: number | null;
}

export interface ComparedRow {
  cantonCode: string;
  cantonName: string;
  before: ComparedFigures;
  after: ComparedFigures;
  /** Whether any figure differs. */
  changed: boolean;
}

/** Before / after, per canton (sorted by code) and for the département: plain data, ready to post from a worker. */
export interface CoverageComparison {
  rows: ComparedRow[];
  total: ComparedRow;
}

function side(row: CoverageRow, figures: CantonFigures): ComparedFigures {
  const within = figures.access ? (figures.access.within.map((w) => Math.round(w)) as [number, number, number]) : null;
  return {
    status: row.status,
    gap: row.gap,
    target: row.target,
    franceServices: row.franceServices,
    franceServicesBuses: row.franceServicesBuses,
    populationWithinKm: within,
    populationWithin5KmPct: row.populationWithin5KmPct,
    populationWithin10KmPct: row.populationWithin10KmPct,
    populationWithin15KmPct: row.populationWithin15KmPct,
    meanDistanceKm: row.meanDistanceKm,
    maxDistanceKm: row.maxDistanceKm,
  };
}

function compared(row: CoverageRow, before: ComparedFigures, after: ComparedFigures): ComparedRow {
  return {
    cantonCode: row.cantonCode,
    cantonName: row.cantonName,
    before,
    after,
    changed: JSON.stringify(before) !== JSON.stringify(after),
  };
}

/**
 * Compares two sets of figures of the same département under one rule: status, gap,
 * France Services and access (people and shares within 5 / 10 / 15 km, mean and
 * maximum distance) per canton and for the total. The bases are not modified.
 */
export function compareCoverage(before: CoverageBase, after: CoverageBase, rule: CoverageRule): CoverageComparison {
  const a = applyCoverageRule(before, rule);
  const b = applyCoverageRule(after, rule);
  const figuresOf = (base: CoverageBase) => new Map(base.cantons.map((f) => [f.code, f]));
  const fa = figuresOf(before);
  const fb = figuresOf(after);
  const afterRow = new Map(b.rows.map((r) => [r.cantonCode, r]));
  return {
    rows: a.rows.map((r) => compared(r, side(r, fa.get(r.cantonCode)!), side(afterRow.get(r.cantonCode)!, fb.get(r.cantonCode)!))),
    total: compared(a.total, side(a.total, before.total), side(b.total, after.total)),
  };
}
