import { ImportSession, clean, type FieldNames } from './import-session.ts';
import { ImportFileError, type ImportEncoding, type ImportOptions } from './import-types.ts';

/** Number of fields of a `structureet` line and of a `geolocalisation` line of the FINESS extract. */
const STRUCTURE_FIELDS = 32;
const GEO_FIELDS = 6;
/** FINESS category of the maisons de santé pluriprofessionnelles ("Maison de santé (L.6223-3)"). */
export const FINESS_MSP_CATEGORY = '603';

const NAMES: FieldNames = {
  id: 'nofinesset',
  name: 'rs',
  lat: 'coordyet',
  lng: 'coordxet',
  commune_code: 'departement+commune',
  postcode: 'ligneacheminement',
  commune_name: 'ligneacheminement',
};

/** True when the text starts like a FINESS establishments extract (no header row; a description line first). */
export function looksLikeFiness(firstLine: string): boolean {
  return /^(finess|structureet|geolocalisation);/i.test(firstLine.trim());
}

/**
 * The FINESS establishments extract: `structureet` lines (one per establishment) joined
 * with their `geolocalisation` line (Lambert-93 coordinates) on `nofinesset`. The lines may
 * come in any order, so establishments are kept until the end. Row numbers are the file's
 * line numbers. For the MSP layer only category 603 is kept; other establishments are
 * rejected with their category, so the report still accounts for every line.
 */
export class FinessImport {
  private readonly structures: { line: number; cells: readonly string[] }[] = [];
  private readonly geo = new Map<string, [string, string]>();
  private readonly badGeo: number[] = [];
  private line = 0;

  constructor(
    private readonly options: ImportOptions,
    private readonly encoding: ImportEncoding,
    private readonly warnings: { kind: 'encoding' | 'format'; message: string }[] = [],
  ) {}

  /** Reads the next lines of the file (already split on `;`), in order. */
  lines(rows: readonly (readonly string[])[]): void {
    for (const cells of rows) {
      this.line++;
      const kind = (cells[0] ?? '').trim().toLowerCase();
      if (kind === 'structureet') {
        this.structures.push({ line: this.line, cells });
        if (this.structures.length > (this.options.limits?.maxRows ?? Infinity)) {
          throw new ImportFileError(
            `Trop de lignes : plus de ${this.options.limits!.maxRows.toLocaleString('fr-FR')} établissements (limite de l’import).`,
          );
        }
      } else if (kind === 'geolocalisation') {
        if (cells.length < GEO_FIELDS - 1) this.badGeo.push(this.line);
        else this.geo.set(cells[1].trim(), [cells[2], cells[3]]);
      } else if (this.line > 1 && cells.some((c) => c.trim() !== '')) {
        this.badGeo.push(this.line);
      }
    }
  }

  finish(): ImportSession {
    const session = new ImportSession(this.options, {
      format: 'finess',
      schema: 'finess',
      encoding: this.encoding,
      delimiter: ';',
      columns: {
        id: 'nofinesset',
        name: 'rs',
        address: 'numvoie+typvoie+voie',
        postcode: 'ligneacheminement',
        commune_code: 'departement+commune',
        lng: 'coordxet',
        lat: 'coordyet',
        phone: 'telephone',
        kind: 'libcategetab',
      },
    });
    for (const w of this.warnings) session.warn(null, null, w.kind, w.message);
    if (this.structures.length === 0) throw new ImportFileError('Extraction FINESS sans aucune ligne « structureet » (établissement).');
    const mspOnly = this.options.layer === 'msp';
    const used = new Set<string>();
    for (const { line, cells } of this.structures) {
      session.countRow();
      if (cells.length < STRUCTURE_FIELDS - 1) {
        session.reject(line, '(ligne)', `ligne « structureet » de ${cells.length} champ(s) au lieu de ${STRUCTURE_FIELDS}`);
        continue;
      }
      const c = (i: number) => clean(cells[i]);
      const nofinesset = c(1);
      if (!nofinesset || !/^[0-9AB]{9}$/i.test(nofinesset)) {
        session.reject(line, 'nofinesset', 'numéro FINESS de l’établissement invalide (9 caractères attendus)', nofinesset);
        continue;
      }
      const category = c(18);
      if (mspOnly && category !== FINESS_MSP_CATEGORY) {
        session.reject(
          line,
          'categetab',
          `catégorie ${category ?? '(vide)'}${c(19) ? ` (${c(19)})` : ''} : seules les maisons de santé (catégorie ${FINESS_MSP_CATEGORY}) vont dans cette couche`,
          nofinesset,
        );
        continue;
      }
      const geo = this.geo.get(nofinesset);
      if (geo) used.add(nofinesset);
      const dept = c(13);
      const communeCode = dept && c(12) ? `${dept}${c(12)}` : null;
      const acheminement = c(15);
      const m = acheminement ? /^(\d{5})\s+(.*)$/.exec(acheminement) : null;
      session.addPoint(
        line,
        {
          id: nofinesset,
          name: c(4) ?? c(3),
          address: [c(7), c(8), c(9), c(10)].filter(Boolean).join(' ') || null,
          address_complement: c(11),
          postcode: m ? m[1] : null,
          commune_name: m ? m[2].replace(/\s+CEDEX.*$/i, '') : acheminement,
          commune_code: communeCode,
          lng: geo?.[0],
          lat: geo?.[1],
          phone: c(16),
          kind: c(19),
          more: { finess_category: category, siret: c(22) },
        },
        NAMES,
      );
    }
    this.warnLines(session, used, mspOnly);
    return session;
  }

  /** Lines that are neither a full `structureet` nor a `geolocalisation`, and geolocations of no establishment. */
  private warnLines(session: ImportSession, used: ReadonlySet<string>, mspOnly: boolean): void {
    const orphans = [...this.geo.keys()].filter((k) => !used.has(k)).length;
    if (this.badGeo.length)
      session.warn(
        null,
        null,
        'format',
        `${this.badGeo.length} ligne(s) ni « structureet » ni « geolocalisation » complète ignorée(s) (lignes ${this.badGeo.slice(0, 10).join(', ')}${this.badGeo.length > 10 ? '…' : ''})`,
      );
    if (orphans && !mspOnly)
      session.warn(null, 'nofinesset', 'format', `${orphans} ligne(s) « geolocalisation » sans établissement correspondant`);
  }
}
