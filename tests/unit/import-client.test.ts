/**
 * The page's side of the import worker (src/workers/import-client.ts), with a fake Worker that runs
 * the worker's own handler in this thread: a finished run, adopted as a layer, stores it and serves
 * its tiles (a small layer's worker stops once it is stored); a stored layer's points are served by a
 * worker of their own; a forgotten layer's tiles are empty; a new run stops an un-adopted one; a batch
 * that cannot be unpacked ends the run with its reason, and nothing the worker sent after it is read.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryImportStore, IMPORT_RECORD_SCHEMA } from '../../src/data/sources/import-store.ts';
import type { ImportedFeature } from '../../src/data/import/import-types.ts';
import { packFeatures } from '../../src/data/import/packed-features.ts';
import { createWorkerImportRunner } from '../../src/workers/import-client.ts';
import type { ImportRequest, ImportResponse } from '../../src/workers/import-protocol.ts';
import { createImportWorkerHandler } from '../../src/workers/import-worker-handler.ts';

const store = createMemoryImportStore();
const workers: FakeWorker[] = [];

class FakeWorker {
  onmessage: ((e: MessageEvent<ImportResponse>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  terminated = false;
  private handle = createImportWorkerHandler(
    (m) => queueMicrotask(() => !this.terminated && this.onmessage?.({ data: structuredClone(m) } as MessageEvent<ImportResponse>)),
    () => store,
  );
  constructor() {
    workers.push(this);
  }
  postMessage(m: ImportRequest) {
    if (!this.terminated) setTimeout(() => void this.handle(structuredClone(m)), 0);
  }
  terminate() {
    this.terminated = true;
  }
}

const csv = (n: number) =>
  [
    'nom;latitude;longitude',
    ...Array.from({ length: n }, (_, i) => `Lieu fictif ${i};${(50.3 + (i % 97) / 200).toFixed(4)};${(2.7 + i / n).toFixed(4)}`),
  ].join('\n');
const OPTIONS = { fileName: 'lieux.csv', layer: 'other', communes: null, extent: [2.0, 50.0, 4.3, 51.1] as const };
const meta = (id: string) => ({
  schema: IMPORT_RECORD_SCHEMA as typeof IMPORT_RECORD_SCHEMA,
  id,
  target: 'other',
  title: id,
  fileName: 'lieux.csv',
  dept: '59',
  importedAt: '',
});
const noop = { progress() {}, batch() {} };
const until = async (probe: () => boolean) => {
  for (let i = 0; i < 500 && !probe(); i++) await new Promise((r) => setTimeout(r, 2));
};

describe('import client', () => {
  vi.stubGlobal('Worker', FakeWorker);
  afterEach(() => {
    workers.length = 0;
    store.records.clear();
  });

  it('stores an adopted run’s layer through its worker and serves its tiles until forgotten', async () => {
    const runner = createWorkerImportRunner();
    const features: ImportedFeature[] = [];
    const outcome = await runner.run(new Blob([csv(3_000)]), OPTIONS, { progress() {}, batch: (b) => features.push(...b) });
    expect(outcome).toMatchObject({ kind: 'done', report: { accepted: 3_000 } });
    await runner.adopt!('import-other-lieux', meta('import-other-lieux'), true);
    const stored = store.records.get('import-other-lieux') as { features: unknown[]; report: { accepted: number } };
    expect(stored.features).toHaveLength(3_000);
    expect(stored.report.accepted).toBe(3_000);
    await expect(runner.indexed('import-other-lieux')).resolves.toBeUndefined();
    const tile = await runner.tile('import-other-lieux', 0, 0, 0);
    expect(tile?.byteLength).toBeGreaterThan(0);
    expect(workers[0].terminated).toBe(false);
    runner.forget!('import-other-lieux');
    expect(workers[0].terminated).toBe(true);
    expect(await runner.tile('import-other-lieux', 0, 0, 0)).toBeNull();
    // no server: nothing to wait for
    await expect(runner.indexed('import-other-lieux')).resolves.toBeUndefined();
  });

  it('puts the report together from the rows given before it: every rejection, in order', async () => {
    const runner = createWorkerImportRunner();
    // every other row without a name (3,000 rejections, given in two slices), the others with their
    // latitude and longitude swapped (a warning each)
    const rows = ['nom;latitude;longitude', ...Array.from({ length: 6_000 }, (_, i) => (i % 2 ? ';50.5;3.1' : `Lieu ${i};3.1;50.5`))];
    const outcome = await runner.run(new Blob([rows.join('\n')]), OPTIONS, noop);
    if (outcome.kind !== 'done') throw new Error(`expected a finished import, got ${outcome.kind}`);
    expect(outcome.report.accepted).toBe(3_000);
    expect(outcome.report.rejected.map((r) => r.row)).toEqual(Array.from({ length: 3_000 }, (_, i) => 2 * i + 2));
    const swapped = outcome.report.warnings.filter((w) => w.kind === 'swapped');
    expect(swapped.map((w) => w.row)).toEqual(Array.from({ length: 3_000 }, (_, i) => 2 * i + 1));
  });

  it('stops a small layer’s worker once it is stored, and a run never adopted when the next one starts', async () => {
    const runner = createWorkerImportRunner();
    await runner.run(new Blob([csv(10)]), OPTIONS, noop);
    await runner.adopt!('import-other-petit', meta('import-other-petit'), false);
    expect(store.records.has('import-other-petit')).toBe(true);
    expect(workers[0].terminated).toBe(true);
    expect(await runner.tile('import-other-petit', 0, 0, 0)).toBeNull();
    await runner.run(new Blob([csv(10)]), OPTIONS, noop);
    await runner.run(new Blob([csv(10)]), OPTIONS, noop);
    expect(workers.map((w) => w.terminated)).toEqual([true, true, false]);
  });

  it('serves a stored layer’s points from a worker of its own, tiles asked early answered once all are in', async () => {
    const runner = createWorkerImportRunner();
    const features: ImportedFeature[] = Array.from({ length: 12_000 }, (_, i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [2.5 + (i % 100) / 60, 50.2 + Math.floor(i / 100) / 150] },
      properties: { id: `S${i}`, name: `Lieu ${i}` },
    }));
    runner.serve!('import-other-relu', features);
    const early = runner.tile('import-other-relu', 0, 0, 0);
    let answered = false;
    void early.then(() => (answered = true));
    await until(() => answered);
    const bytes = await early;
    expect(bytes?.byteLength).toBeGreaterThan(0);
    expect(workers).toHaveLength(1);
  });

  it('ends a run whose batch cannot be unpacked with the reason, and reads nothing the worker sent after it', async () => {
    const point = (i: number): ImportedFeature => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [3 + i / 100, 50.5] },
      properties: { name: `Lieu fictif ${i}` },
    });
    /** Sends a broken batch, then a good one and the end, all queued before the page reads the first. */
    class QueuedWorker {
      onmessage: ((e: MessageEvent<ImportResponse>) => void) | null = null;
      onerror: ((e: ErrorEvent) => void) | null = null;
      terminated = false;
      postMessage(m: ImportRequest) {
        if (m.type !== 'import') return;
        const broken = packFeatures([point(1), point(2)]);
        broken.values.pop();
        const queued: ImportResponse[] = [
          { id: m.id, type: 'progress', stage: 'parsing', rowsRead: 0, fraction: 0 },
          { id: m.id, type: 'batch', features: broken, rowsRead: 2, fraction: 0.5 },
          { id: m.id, type: 'batch', features: packFeatures([point(3)]), rowsRead: 3, fraction: 1 },
          { id: m.id, type: 'progress', stage: 'parsing', rowsRead: 3, fraction: 1 },
        ];
        setTimeout(() => {
          for (const r of queued) this.onmessage?.({ data: r } as MessageEvent<ImportResponse>);
        }, 0);
      }
      terminate() {
        this.terminated = true;
      }
    }
    vi.stubGlobal('Worker', QueuedWorker);
    try {
      const runner = createWorkerImportRunner();
      const seen: string[] = [];
      const run = runner.run(new Blob(['nom;latitude;longitude']), OPTIONS, {
        progress: (p) => seen.push(`progress ${p.rowsRead}`),
        batch: (b) => seen.push(`batch ${b.length}`),
      });
      await expect(run).rejects.toThrow('L’import a échoué : lot de lieux illisible : valeurs manquantes au lieu 2.');
      await new Promise((r) => setTimeout(r, 10));
      expect(seen).toEqual(['progress 0']);
    } finally {
      vi.stubGlobal('Worker', FakeWorker);
    }
  });
});
