import type { Geometry } from 'geojson';
import type { BBox } from '../../core/geo/lng-lat.ts';
import { normalizeText } from '../../core/text/normalize-text.ts';
import { previewValue } from '../parse/bounded-json.ts';
import { escapeControls } from '../parse/safe-text.ts';
import { acceptedArea, createCommuneLookup, isInArea, readCoordinates, type CommuneLookup } from './place-import-row.ts';
import {
  DEFAULT_IMPORT_LIMITS,
  ImportFileError,
  type ImportOptions,
  type ImportReport,
  type ImportWarningKind,
  type ImportedFeature,
  type ImportCommune,
  type FieldNames,
  type PointInput,
  type SessionMeta,
} from './import-types.ts';

export type { FieldNames, PointInput, SessionMeta } from './import-types.ts';

const MARGIN_KM = 30;

/**
 * A position to 1e-4 degree (about 10 m) as one number: longitude and latitude in units of 1e-4
 * degree, rounded (`Math.round`), side by side: latitude's units plus 1e6 lie in [1e5, 1.9e6], below
 * the 4e6 longitude's units are multiplied by, and the whole stays below 2^53. Faster to look up than
 * the `toFixed(4)` string it replaced, with which it agrees but at exact halves.
 */
function positionKey([lng, lat]: readonly [number, number]): number {
  return Math.round(lng * 1e4) * 4_000_000 + (Math.round(lat * 1e4) + 1_000_000);
}

/** Cleans a cell: trims, drops control characters; empty → null. */
export function clean(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const s = (typeof value === 'string' ? value : String(value)).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
  return s === '' ? null : s;
}

/** A value for a rejection: control characters escaped, at most 120 characters; never a stack overflow. */
function shorten(v: unknown): string {
  const s = previewValue(v, 10_000);
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}

/**
 * Accumulates one import: rows read, features accepted, rejections and warnings.
 * Rows are fed one by one (by the whole-file reader or the worker's streaming parser),
 * features can be taken in batches as they come, and `finish()` gives the report.
 */
export class ImportSession {
  readonly report: ImportReport;
  private readonly all: ImportedFeature[] = [];
  private taken = 0;
  private readonly communes: CommuneLookup | null;
  private readonly area: BBox | null;
  private readonly ids = new Map<string, number>();
  /**
   * Kept rows by position (`positionKey`, to 1e-4 degree): the index in `all` of the first one there, then,
   * once a second row shares the position, each folded name there → its first row. Names are folded
   * only where positions meet (folding every name cost a tenth of a 200,000-row import).
   */
  private readonly places = new Map<number, number | Map<string, number>>();
  private reprojected = 0;
  private readonly maxRows: number;

  constructor(
    readonly options: ImportOptions,
    meta: SessionMeta,
  ) {
    this.report = {
      file: options.fileName,
      layer: options.layer,
      format: meta.format,
      schema: meta.schema,
      encoding: meta.encoding,
      delimiter: meta.delimiter,
      columns: meta.columns,
      rows_read: 0,
      accepted: 0,
      rejected: [],
      warnings: [],
    };
    this.communes = options.communes ? createCommuneLookup(options.communes) : null;
    this.area = acceptedArea(options.extent, options.marginKm ?? MARGIN_KM);
    this.maxRows = (options.limits ?? DEFAULT_IMPORT_LIMITS).maxRows;
  }

  /** Counts one more data row; refuses the file beyond the row limit. */
  countRow(): void {
    this.report.rows_read++;
    if (this.report.rows_read > this.maxRows) {
      throw new ImportFileError(
        `Trop de lignes : plus de ${this.maxRows.toLocaleString('fr-FR')} lignes de données (limite de l’import). Découpez le fichier, ou ne gardez que les lignes du département.`,
      );
    }
  }

  reject(row: number, field: string, reason: string, value?: unknown): void {
    const entry: ImportReport['rejected'][number] = { row, field: escapeControls(field), reason: escapeControls(reason) };
    if (value !== undefined && value !== null && value !== '') entry.value = shorten(value);
    this.report.rejected.push(entry);
  }

  warn(row: number | null, field: string | null, kind: ImportWarningKind, message: string): void {
    this.report.warnings.push({ row, field: field === null ? null : escapeControls(field), kind, message: escapeControls(message) });
  }

  private accept(feature: ImportedFeature): void {
    this.all.push(feature);
    this.report.accepted++;
  }

  /** A unique feature id: the file's own when it has one, else `L<row>`; a repeated id is flagged and made unique. */
  private idFor(row: number, own: string | null, field: string): string {
    const base = own ?? `L${row}`;
    const first = this.ids.get(base);
    if (first === undefined) {
      this.ids.set(base, row);
      return base;
    }
    const unique = `${base}#${row}`;
    this.ids.set(unique, row);
    this.warn(row, field, 'duplicate', `identifiant « ${base} » déjà utilisé ligne ${first} : gardé sous « ${unique} »`);
    return unique;
  }

  /**
   * The first kept row with the same folded name at `position`, or undefined; the row just kept
   * (`all[index]`, named `name`) is then recorded there.
   */
  private samePlace(position: number, name: string, row: number, index: number): number | undefined {
    const here = this.places.get(position);
    if (here === undefined) {
      this.places.set(position, index);
      return undefined;
    }
    let names: Map<string, number>;
    if (typeof here === 'number') {
      const first = this.all[here].properties;
      names = new Map([[normalizeText(String(first.name)), Number(first.source_row)]]);
      this.places.set(position, names);
    } else names = here;
    const folded = normalizeText(name);
    const same = names.get(folded);
    if (same === undefined) names.set(folded, row);
    return same;
  }

  /** Places and keeps one point row, or rejects it with its reason. */
  addPoint(row: number, input: PointInput, names: FieldNames): void {
    const nameField = names.name ?? 'nom';
    const name = clean(input.name);
    if (!name) {
      this.reject(row, nameField, 'nom manquant');
      return;
    }
    const place = this.place(row, input, names);
    if (!place) return;
    const { lngLat, commune, approximate } = place;
    const id = this.idFor(row, clean(input.id), names.id ?? 'id');
    const services = clean(input.services);
    const communeCode = clean(input.commune_code);
    this.accept({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [round6(lngLat[0]), round6(lngLat[1])] },
      properties: {
        id,
        name,
        address: clean(input.address),
        address_complement: clean(input.address_complement),
        postcode: clean(input.postcode),
        commune_name: clean(input.commune_name) ?? commune?.name ?? null,
        commune_code: commune?.code ?? (communeCode ? communeCode.toUpperCase() : null),
        phone: clean(input.phone),
        mail: clean(input.mail),
        website: clean(input.website),
        hours_text: clean(input.hours),
        kind: clean(input.kind),
        services: services ? [...new Set(services.split(/\s*[|;]\s*/).filter(Boolean))] : [],
        comment: clean(input.comment),
        ...(input.more ?? {}),
        approximate,
        source_row: row,
      },
    });
    const same = this.samePlace(positionKey(lngLat), name, row, this.all.length - 1);
    if (same !== undefined) this.warn(row, nameField, 'duplicate', `doublon probable de la ligne ${same} (même nom, même position)`);
  }

  /**
   * Where a point row goes: its coordinates (WGS84 or Lambert-93, swapped pairs put right) when
   * they are in the département, else the centre of its commune (a warning), else a rejection (null).
   */
  private place(
    row: number,
    input: PointInput,
    names: FieldNames,
  ): { lngLat: [number, number]; commune: ImportCommune | null; approximate: boolean } | null {
    const coordField = names.lat || names.lng ? [...new Set([names.lat, names.lng].filter(Boolean))].join('/') : 'latitude/longitude';
    const communeCode = clean(input.commune_code);
    const postcode = clean(input.postcode);
    const communeName = clean(input.commune_name);
    const reading = readCoordinates(input.lng, input.lat);
    let lngLat: [number, number] | null = null;
    let approximateWhy: string | null = null;
    if (reading.kind === 'ok') {
      if (isInArea(reading.lngLat, this.area)) {
        lngLat = reading.lngLat;
        if (reading.system === 'lambert93') this.reprojected++;
        if (reading.swapped) this.warn(row, coordField, 'swapped', 'latitude et longitude inversées : remises dans l’ordre');
      } else approximateWhy = `coordonnées hors du département et de ses ${this.options.marginKm ?? MARGIN_KM} km alentour`;
    } else if (reading.kind === 'unreadable') approximateWhy = reading.reason;

    // the commune: by INSEE code, else by postcode and/or name
    let commune: ImportCommune | null = null;
    if (communeCode) {
      if (!/^(\d{5}|2[AB]\d{3}|\d{4})$/i.test(communeCode)) {
        this.reject(row, names.commune_code ?? 'code_insee', 'code INSEE invalide (5 caractères attendus, par exemple 59350)', communeCode);
        return null;
      }
      commune = this.communes?.byCode(communeCode) ?? null;
    } else if (!lngLat && this.communes && (postcode || communeName)) {
      commune = this.communes.byPostcodeOrName(postcode, communeName);
    }
    if (lngLat) return { lngLat, commune, approximate: false };
    if (!commune) {
      const rawCoords = reading.kind === 'none' ? undefined : `${String(input.lat ?? '')} ; ${String(input.lng ?? '')}`;
      if (approximateWhy) this.reject(row, coordField, approximateWhy, rawCoords);
      else if (!this.communes)
        this.reject(row, coordField, 'ni coordonnées, ni communes du département chargées pour placer la ligne au centre de sa commune');
      else if (communeCode)
        this.reject(row, names.commune_code ?? 'code_insee', `commune ${communeCode} inconnue dans le département`, communeCode);
      else if (postcode || communeName)
        this.reject(
          row,
          names.postcode ?? names.commune_name ?? 'commune',
          'commune introuvable ou ambiguë dans le département (code postal et nom de commune)',
          [postcode, communeName].filter(Boolean).join(' '),
        );
      else this.reject(row, coordField, 'ni coordonnées, ni commune (code INSEE, ou code postal et commune) pour placer la ligne');
      return null;
    }
    this.warn(
      row,
      coordField,
      'approximate',
      `placé au centre de la commune ${commune.code} ${commune.name}${approximateWhy ? ` (${approximateWhy})` : ' (pas de coordonnées)'}`,
    );
    return { lngLat: [commune.centroid[0], commune.centroid[1]], commune, approximate: true };
  }

  /** Keeps one area (a QPV polygon), or rejects it. `geometry` is already checked and in WGS84. */
  addArea(
    row: number,
    props: { code: string | null; name: string | null; communes: string | null; more?: Record<string, unknown> },
    geometry: Geometry,
    names: FieldNames,
  ): void {
    const code = clean(props.code);
    if (!code) {
      this.reject(row, names.code ?? 'code_qp', 'code du quartier manquant');
      return;
    }
    if (this.area && !someVertexIn(geometry, this.area)) {
      this.reject(row, 'geometry', `périmètre hors du département et de ses ${this.options.marginKm ?? MARGIN_KM} km alentour`, code);
      return;
    }
    const id = this.idFor(row, code, names.code ?? 'code_qp');
    this.accept({
      type: 'Feature',
      geometry,
      properties: {
        id,
        code,
        name: clean(props.name),
        communes: clean(props.communes),
        ...(props.more ?? {}),
        approximate: false,
        source_row: row,
      },
    });
  }

  /** Features accepted since the last call (the worker posts them in batches). */
  takeFeatures(max = Infinity): ImportedFeature[] {
    const batch = this.all.slice(this.taken, this.taken + max);
    this.taken += batch.length;
    return batch;
  }

  features(): ImportedFeature[] {
    return this.all;
  }

  /** Ends the import: adds the file-level warnings and checks that every row is accounted for. */
  finish(): ImportReport {
    if (this.reprojected > 0) {
      const cols = [this.report.columns.lat, this.report.columns.lng].filter(Boolean).join('/') || null;
      this.warn(
        null,
        cols,
        'reprojected',
        `${this.reprojected.toLocaleString('fr-FR')} ligne(s) en Lambert-93 (EPSG:2154) reprojetée(s) en WGS84`,
      );
    }
    const r = this.report;
    if (r.accepted + r.rejected.length !== r.rows_read) {
      throw new Error(`import report does not add up: ${r.accepted} accepted + ${r.rejected.length} rejected ≠ ${r.rows_read} read`);
    }
    return r;
  }
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

function someVertexIn(geometry: Geometry, area: BBox): boolean {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  for (const poly of polys)
    for (const ring of poly)
      for (const p of ring) if (p[0] >= area[0] && p[0] <= area[2] && p[1] >= area[1] && p[1] <= area[3]) return true;
  return false;
}
