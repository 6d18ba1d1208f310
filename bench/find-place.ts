import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { PlaceItem } from '../src/core/search/create-place-finder.ts';
import { placesFromCommunes } from '../src/data/nearest/places-from-communes.ts';
import { CONTENDERS, recallOfAnswers, syntheticTypos, type RecallCase } from './lib/place-search-contenders.ts';
import type { Table } from './lib/report.ts';
import { formatMs, formatRatio, measure } from './lib/timing.ts';

export interface FindPlaceBenchOptions {
  quick: boolean;
}

const NORD_COMMUNES = join('public/data/59', 'communes.geojson');
const MISSPELLINGS = join('tests/fixtures/find-place', 'misspellings.json');

function nordPlaces(): PlaceItem[] {
  if (!existsSync(NORD_COMMUNES)) {
    console.log(`${NORD_COMMUNES} is missing: building it with npm run -s cli -- ensure-data --dept 59 …`);
    const r = spawnSync('npm', ['run', '-s', 'cli', '--', 'ensure-data', '--dept', '59'], { stdio: 'inherit' });
    if (r.status !== 0 || !existsSync(NORD_COMMUNES)) throw new Error(`could not build the Nord bundle (exit ${r.status})`);
  }
  return placesFromCommunes(JSON.parse(readFileSync(NORD_COMMUNES, 'utf8'))).places;
}

/** Every current commune of France, from the reference package the build already uses (COG via @etalab/decoupage-administratif). */
function francePlaces(): PlaceItem[] {
  const require = createRequire(import.meta.url);
  const all = require('@etalab/decoupage-administratif/data/communes.json') as {
    code: string;
    nom: string;
    type: string;
    codesPostaux?: string[];
    population?: number;
  }[];
  return all
    .filter((c) => c.type === 'commune-actuelle')
    .map((c) => ({
      code: c.code,
      name: c.nom,
      postcodes: c.codesPostaux ?? [],
      population: c.population ?? null,
      lngLat: [0, 0] as const,
    }));
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function runCase(
  title: string,
  places: PlaceItem[],
  lists: { label: string; cases: RecallCase[] }[],
  options: FindPlaceBenchOptions,
): Table {
  const rows: string[][] = [];
  const all = lists.flatMap((l) => l.cases);
  let engineUs = NaN;
  for (const c of CONTENDERS) {
    const build = measure(() => c.build(places), options.quick ? { warmup: 0, runs: 1 } : { warmup: 1, runs: 3 });
    const finder = build.value;
    // the timed runs' answers give the recall: each query runs warm-up + runs times, no more
    const answers = measure(
      () => all.map((q) => finder.search(q.query, 5)),
      options.quick ? { warmup: 0, runs: 1 } : { warmup: 1, runs: 3 },
    );
    const us = (answers.timing.medianMs / all.length) * 1000;
    if (Number.isNaN(engineUs)) engineUs = us;
    let offset = 0;
    const recalls = lists.map((l) => {
      const got = answers.value.slice(offset, offset + l.cases.length);
      offset += l.cases.length;
      return recallOfAnswers(l.cases, got);
    });
    rows.push([
      c.name,
      formatMs(build.timing.medianMs),
      us.toFixed(0),
      formatRatio(us / engineUs),
      ...recalls.flatMap((r) => [pct(r.at1), pct(r.at5)]),
    ]);
  }
  return {
    title,
    columns: ['search', 'build ms', 'µs/query', 'time vs ours', ...lists.flatMap((l) => [`${l.label} R@1`, `${l.label} R@5`])],
    rows,
    notes: [
      `${places.length} communes; ${lists.map((l) => `${l.label}: ${l.cases.length} queries`).join('; ')}; time per query over all of them, median of the runs.`,
      'R@1 / R@5: share of queries whose intended commune comes first / within the first 5.',
      ...CONTENDERS.map((c) => `${c.name}: ${c.setup}.`),
    ],
  };
}

/** The commune search against the previous finder and fuse.js, minisearch, flexsearch, uFuzzy, on the Nord and on all of France. */
export function runFindPlaceBench(options: FindPlaceBenchOptions): Table[] {
  const nord = nordPlaces();
  const hand = (JSON.parse(readFileSync(MISSPELLINGS, 'utf8')) as { entries: RecallCase[] }).entries;
  const nordTypos = syntheticTypos(nord, 12);
  const tables = [
    runCase(
      'Commune search, the Nord (647 communes)',
      nord,
      [
        { label: 'hand-written', cases: hand },
        { label: 'seeded typos', cases: nordTypos },
      ],
      options,
    ),
  ];
  const france = francePlaces();
  const franceTypos = syntheticTypos(france, 5);
  // a seeded sample keeps the slowest libraries within a few seconds
  const sample = franceTypos.filter((_, i) => i % (options.quick ? 700 : 175) === 0);
  tables.push(
    runCase(`Commune search, all of France (${france.length} communes)`, france, [{ label: 'seeded typos', cases: sample }], options),
  );
  return tables;
}
