/**
 * The import rules of docs/architecture.md are enforced by dependency-cruiser
 * (`npm run check:arch`). These tests prove each rule fires on a violating
 * file, so the check cannot silently pass.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
let dir = '';

function cruise(files: Record<string, string>): { code: number; output: string } {
  dir = mkdtempSync(join(tmpdir(), 'maillage-arch-'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  copyFileSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  copyFileSync(join(ROOT, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  try {
    const output = execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), 'src', '--config', '.dependency-cruiser.cjs'],
      { cwd: dir, encoding: 'utf8', stdio: 'pipe' },
    );
    return { code: 0, output };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, output: err.stdout + err.stderr };
  }
}

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('architecture rules', () => {
  it('accept a core module that imports only turf and index libraries', () => {
    const r = cruise({ 'src/core/ok.ts': "import Flatbush from 'flatbush';\nexport const f = Flatbush;\n" });
    expect(r.code).toBe(0);
  });

  it('reject node:* in src/core', () => {
    const r = cruise({ 'src/core/bad.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n" });
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/core-no/);
  });

  it('reject src/core importing src/data', () => {
    const r = cruise({
      'src/data/x.ts': 'export const x = 1;\n',
      'src/core/bad.ts': "import { x } from '../data/x.ts';\nexport const y = x;\n",
    });
    expect(r.output).toMatch(/core-is-pure/);
  });

  it('reject maplibre-gl in a UI file other than MapView.tsx', () => {
    const r = cruise({ 'src/ui/Panel.tsx': "import { Map } from 'maplibre-gl';\nexport const M = Map;\n" });
    expect(r.output).toMatch(/ui-map-only-through-mapview|no-maplibre-outside-map/);
  });

  it('accept maplibre-gl in src/ui/MapView.tsx', () => {
    const r = cruise({ 'src/ui/MapView.tsx': "import { Map } from 'maplibre-gl';\nexport const M = Map;\n" });
    expect(r.code).toBe(0);
  });

  it('reject the CLI importing the store', () => {
    const r = cruise({
      'src/state/store.ts': 'export const s = 1;\n',
      'src/cli/bad.ts': "import { s } from '../state/store.ts';\nexport const t = s;\n",
    });
    expect(r.output).toMatch(/cli-reuses-core-and-data/);
  });

  it('reject node:* in src/data', () => {
    const r = cruise({ 'src/data/bad.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n" });
    expect(r.output).toMatch(/data-no-node-builtins/);
  });

  it('reject a worker importing the store', () => {
    const r = cruise({
      'src/state/store.ts': 'export const s = 1;\n',
      'src/workers/bad.worker.ts': "import { s } from '../state/store.ts';\nexport const t = s;\n",
    });
    expect(r.output).toMatch(/workers-only-core-and-data/);
  });

  it('reject the store starting a worker module', () => {
    const r = cruise({
      'src/workers/w.ts': 'export const w = 1;\n',
      'src/state/bad.ts': "import { w } from '../workers/w.ts';\nexport const t = w;\n",
    });
    expect(r.output).toMatch(/state-not-workers/);
  });

  it('accept the layer registry importing the bundle contract types, and the builders importing the registry', () => {
    const r = cruise({
      'src/data/bundle/bundle-types.ts': 'export interface LayerData { type: string }\n',
      'src/layers/x.ts': "import type { LayerData } from '../data/bundle/bundle-types.ts';\nexport const x = (d: LayerData) => d.type;\n",
      'src/data/builders/b.ts': "import { x } from '../../layers/x.ts';\nexport const b = x;\n",
    });
    expect(r.code).toBe(0);
  });

  it('reject the layer registry importing the store or a data module other than the bundle types', () => {
    const r = cruise({
      'src/state/store.ts': 'export const s = 1;\n',
      'src/data/parse/p.ts': 'export const p = 1;\n',
      'src/layers/bad.ts': "import { s } from '../state/store.ts';\nimport { p } from '../data/parse/p.ts';\nexport const t = s + p;\n",
    });
    expect(r.output).toMatch(/layers-only-core-and-bundle-types.*\n?.*src\/layers\/bad\.ts → src\/state\/store\.ts/);
    expect(r.output).toMatch(/src\/layers\/bad\.ts → src\/data\/parse\/p\.ts/);
  });

  it('reject src/ui importing src/data, even for a type, and accept it going through the store', () => {
    const bad = cruise({
      'src/data/import/import-types.ts': 'export interface ImportReport { rows: number }\n',
      'src/ui/Panel.tsx':
        "import type { ImportReport } from '../data/import/import-types.ts';\nexport const rows = (r: ImportReport) => r.rows;\n",
    });
    expect(bad.output).toMatch(/ui-not-data/);
    const good = cruise({
      'src/data/import/import-types.ts': 'export interface ImportReport { rows: number }\n',
      'src/state/import-files.ts':
        "import type { ImportReport } from '../data/import/import-types.ts';\nexport const rowsOf = (r: ImportReport) => r.rows;\n",
      'src/ui/Panel.tsx': "import { rowsOf } from '../state/import-files.ts';\nexport const rows = rowsOf;\n",
    });
    expect(good.code).toBe(0);
  });
});
