import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeDownloadedFile,
  expandPath,
  validateSourceDescription,
  type SourceDescription,
} from '../../src/data/sources/source-description.ts';

const SOURCES_DIR = join(import.meta.dirname, '../../data/sources');
const sourceFiles = readdirSync(SOURCES_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

/** A minimal valid CSV description of a fictional source. */
function valid(): Record<string, unknown> {
  return {
    id: 'fictif-sites',
    title: 'Sites fictifs',
    producer: 'Producteur fictif',
    licence: 'Licence Ouverte 2.0',
    attribution: 'Producteur fictif – sites de test',
    vintage: '2024',
    format: 'csv',
    delimiter: ';',
    files: ['fictif/sites-{dept}.csv'],
    download: { urls: ['http://127.0.0.1/fictif/sites-{dept}.csv'] },
    expect: { columns: ['nom'], minRows: { default: 1 }, maxDropPercent: 20 },
  };
}

function errorOf(value: unknown, file = 'data/sources/fictif-sites.json'): string {
  try {
    validateSourceDescription(value, file);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected validateSourceDescription to throw');
}

describe('validateSourceDescription', () => {
  it('finds the source mappings to check', () => {
    expect(sourceFiles.length).toBeGreaterThanOrEqual(20);
  });

  for (const f of sourceFiles) {
    it(`accepts data/sources/${f}, whose id matches its file name`, () => {
      const value = JSON.parse(readFileSync(join(SOURCES_DIR, f), 'utf8'));
      const desc = validateSourceDescription(value, f);
      expect(desc.id).toBe(f.replace(/\.json$/, ''));
    });
  }

  it('accepts a minimal valid description and returns it', () => {
    const v = valid();
    expect(validateSourceDescription(v, 'f.json')).toBe(v);
  });

  it('names the file and the field when a required field is missing', () => {
    const v = valid();
    delete v.licence;
    expect(errorOf(v)).toBe('data/sources/fictif-sites.json : champ « licence » doit être un texte non vide');
  });

  it('rejects a blank required field', () => {
    expect(errorOf({ ...valid(), attribution: '   ' })).toContain('champ « attribution »');
  });

  it('rejects a description that is not an object', () => {
    expect(errorOf([])).toContain('champ « (racine) » doit être un objet');
    expect(errorOf(null)).toContain('data/sources/fictif-sites.json');
  });

  it('rejects an unknown format, listing the accepted ones', () => {
    const msg = errorOf({ ...valid(), format: 'xlsx' });
    expect(msg).toMatch(/^data\/sources\/fictif-sites\.json : champ « format » doit valoir l’un de /);
    expect(msg).toContain('csv');
    expect(msg).toContain('geojson');
  });

  it('rejects a path climbing out of the raw folder with ..', () => {
    const msg = errorOf({ ...valid(), files: ['fictif/../../etc/passwd'], download: undefined });
    expect(msg).toContain('data/sources/fictif-sites.json');
    expect(msg).toContain('champ « files »');
    expect(msg).toContain('fictif/../../etc/passwd');
  });

  it('rejects an absolute path', () => {
    expect(errorOf({ ...valid(), files: ['/etc/passwd'], download: undefined })).toContain('champ « files »');
  });

  it('rejects an empty or missing files list for a file format', () => {
    expect(errorOf({ ...valid(), files: [] })).toContain('champ « files »');
    expect(errorOf({ ...valid(), files: undefined })).toContain('champ « files »');
    expect(errorOf({ ...valid(), files: [42] })).toContain('champ « files »');
  });

  it('rejects a URL list that does not give one URL per file', () => {
    const msg = errorOf({ ...valid(), download: { urls: ['http://127.0.0.1/a.csv', 'http://127.0.0.1/b.csv'] } });
    expect(msg).toBe('data/sources/fictif-sites.json : champ « download.urls » doit donner une adresse par fichier');
    expect(errorOf({ ...valid(), download: { urls: 'http://127.0.0.1/a.csv' } })).toContain('champ « download.urls »');
  });

  it('requires a delimiter for CSV', () => {
    expect(errorOf({ ...valid(), delimiter: undefined })).toContain('champ « delimiter »');
  });

  it('rejects an unknown encoding', () => {
    expect(errorOf({ ...valid(), encoding: 'latin-9' })).toContain('champ « encoding »');
  });

  it('requires a package for the npm format, and no files', () => {
    const npm = { ...valid(), format: 'npm', files: undefined, delimiter: undefined, download: undefined };
    expect(errorOf(npm)).toContain('champ « package »');
    expect(validateSourceDescription({ ...npm, package: '@fictif/data' }, 'f.json').package).toBe('@fictif/data');
  });

  // Regression test, bug fixed (src/data/sources/source-description.ts, the download.urls check reads `(v.files as string[]).length`):
  // an npm-format description (no `files`) with download.urls crashes with a TypeError
  // ("Cannot read properties of undefined") instead of an error naming the file and field.
  //
  it('names the file and field when an npm description declares download URLs', () => {
    const npm = { ...valid(), format: 'npm', package: '@fictif/data', files: undefined, delimiter: undefined };
    expect(errorOf(npm)).toContain('data/sources/fictif-sites.json : champ « download.urls »');
  });
});

describe('describeDownloadedFile', () => {
  it('credits a downloaded file with its own date, never the declared file’s', () => {
    const declared = validateSourceDescription(
      { ...valid(), attribution: 'Producteur fictif – sites au 1er août 2024', attributionDated: 'Producteur fictif – sites au {date}' },
      'f.json',
    ) as SourceDescription;
    const before = JSON.stringify(declared);
    const d = describeDownloadedFile(declared, 'datagouv/fictif-sites/sites.csv', '2026-03-01', 'http://127.0.0.1/sites.csv');
    expect(d).toMatchObject({
      attribution: 'Producteur fictif – sites au 1er mars 2026',
      vintage: '2026-03-01',
      files: ['datagouv/fictif-sites/sites.csv'],
      download: { urls: ['http://127.0.0.1/sites.csv'] },
    });
    expect(JSON.stringify(declared)).toBe(before);
    // without a dated form, the file's date is added to the declared credit
    const plain = describeDownloadedFile(validateSourceDescription(valid(), 'f.json') as SourceDescription, 'x.csv', '2026-11-29');
    expect(plain.attribution).toBe('Producteur fictif – sites de test (fichier du 29 novembre 2026)');
  });

  it('rejects a dated attribution without {date}', () => {
    expect(errorOf({ ...valid(), attributionDated: 'Producteur fictif – sites' })).toMatch(/attributionDated.*\{date\}/);
  });
});

describe('expandPath', () => {
  it('fills the {dept} and {deptSlug} placeholders and leaves * alone', () => {
    expect(expandPath('ign/communes-{dept}-*.geojson', { code: '59', slug: 'nord' })).toBe('ign/communes-59-*.geojson');
    expect(expandPath('{deptSlug}/{dept}/{dept}.csv', { code: '2A', slug: 'corse-du-sud' })).toBe('corse-du-sud/2A/2A.csv');
  });

  it('requires expectations for a file source and names the wrong one', () => {
    expect(errorOf({ ...valid(), expect: undefined })).toContain('champ « expect » est obligatoire');
    expect(errorOf({ ...valid(), expect: { minRows: { '59': 3 }, maxDropPercent: 20 } })).toContain('champ « expect.minRows »');
    expect(errorOf({ ...valid(), expect: { minRows: { default: 1, '../x': 3 }, maxDropPercent: 20 } })).toContain('expect.minRows.../x');
    expect(errorOf({ ...valid(), expect: { minRows: { default: -1 }, maxDropPercent: 20 } })).toContain('expect.minRows.default');
    expect(errorOf({ ...valid(), expect: { minRows: { default: 1 }, maxDropPercent: 120 } })).toContain('expect.maxDropPercent');
    expect(errorOf({ ...valid(), expect: { minRows: { default: 1 }, maxDropPercent: 20, columns: { 'autre.csv': ['a'] } } })).toContain(
      'ne nomme pas un fichier',
    );
    expect(errorOf({ ...valid(), expect: { minRows: { default: 1 }, maxDropPercent: 20, maxRows: 3 } })).toContain('expect.maxRows');
  });
});
