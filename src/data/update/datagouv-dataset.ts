import type { DatagouvSource } from '../sources/source-description.ts';

/**
 * The part of the data.gouv.fr dataset API (`GET /api/1/datasets/<id-or-slug>/`) that `data --update`
 * reads: the dataset's resources, with their address, title, format, last modification and
 * checksum. Anything else in the answer is ignored; a resource without a usable address or date is
 * skipped with its reason, never guessed.
 */
export interface DatagouvResource {
  id: string | null;
  title: string;
  url: string;
  format: string;
  /** ISO date-time of the last change of the file. */
  lastModified: string;
  checksum: { type: 'sha1' | 'sha256' | 'md5'; value: string } | null;
  /** Size announced by the API, bytes; null when not given. */
  filesize: number | null;
}

export interface DatagouvDataset {
  id: string | null;
  title: string | null;
  resources: DatagouvResource[];
  /** Resources left aside, with the reason (for the message when none is usable). */
  skipped: string[];
}

/** The API's answer is not what the dataset endpoint gives. */
export class DatagouvAnswerError extends Error {}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const CHECKSUM_TYPES = new Set(['sha1', 'sha256', 'md5']);

function resourceOf(r: unknown, i: number): DatagouvResource | string {
  if (!isObject(r)) return `ressource ${i + 1} : pas un objet`;
  const title = typeof r.title === 'string' ? r.title : `ressource ${i + 1}`;
  if (typeof r.url !== 'string' || !/^https?:\/\//i.test(r.url)) return `« ${title} » : adresse (url) absente ou non http(s)`;
  const modified = typeof r.last_modified === 'string' ? r.last_modified : null;
  if (!modified || Number.isNaN(Date.parse(modified))) return `« ${title} » : date de modification (last_modified) absente ou illisible`;
  const c = r.checksum;
  const checksum =
    isObject(c) && typeof c.type === 'string' && CHECKSUM_TYPES.has(c.type) && typeof c.value === 'string' && /^[0-9a-f]+$/i.test(c.value)
      ? { type: c.type as 'sha1' | 'sha256' | 'md5', value: c.value.toLowerCase() }
      : null;
  return {
    id: typeof r.id === 'string' ? r.id : null,
    title,
    url: r.url,
    format: typeof r.format === 'string' ? r.format.trim().toLowerCase() : '',
    lastModified: new Date(modified).toISOString(),
    checksum,
    filesize: typeof r.filesize === 'number' && Number.isFinite(r.filesize) && r.filesize >= 0 ? r.filesize : null,
  };
}

/** Reads the parsed JSON of the dataset endpoint; throws a DatagouvAnswerError when it is not a dataset. */
export function parseDatagouvDataset(value: unknown): DatagouvDataset {
  if (!isObject(value)) throw new DatagouvAnswerError('la réponse n’est pas un objet JSON de jeu de données');
  if (!Array.isArray(value.resources)) throw new DatagouvAnswerError('la réponse n’a pas de liste « resources »');
  const resources: DatagouvResource[] = [];
  const skipped: string[] = [];
  value.resources.forEach((r, i) => {
    const read = resourceOf(r, i);
    if (typeof read === 'string') skipped.push(read);
    else resources.push(read);
  });
  return {
    id: typeof value.id === 'string' ? value.id : null,
    title: typeof value.title === 'string' ? value.title : null,
    resources,
    skipped,
  };
}

/**
 * The resource `data --update` takes: the most recently modified one of the declared format (and
 * title); null when none matches. Ties keep the API's order.
 */
export function latestResource(dataset: DatagouvDataset, wanted: DatagouvSource): DatagouvResource | null {
  const format = wanted.resourceFormat.trim().toLowerCase();
  const title = wanted.titleContains?.toLowerCase();
  let best: DatagouvResource | null = null;
  for (const r of dataset.resources) {
    if (r.format !== format) continue;
    if (title && !r.title.toLowerCase().includes(title)) continue;
    if (!best || Date.parse(r.lastModified) > Date.parse(best.lastModified)) best = r;
  }
  return best;
}

/** A file name for the downloaded resource: the last part of its address, kept to safe characters. */
export function resourceFileName(resource: DatagouvResource, fallback: string, extension: string): string {
  let last = '';
  try {
    last = decodeURIComponent(new URL(resource.url).pathname.split('/').pop() ?? '');
  } catch {
    last = '';
  }
  const safe = last
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 120);
  if (!safe) return `${fallback}.${extension}`;
  return safe.toLowerCase().endsWith(`.${extension}`) ? safe : `${safe}.${extension}`;
}
