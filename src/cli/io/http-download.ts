/**
 * One bounded HTTP GET for `data --update`: a time limit for the whole answer (headers and body), a
 * size limit checked on the announced length and again while reading, the status checked. Failures
 * are a DownloadError with a French reason naming what happened (HTTP status, time out, refused
 * connection, too large), for a message that names the source and the address.
 */

export interface DownloadLimits {
  /** Longest wait for the whole answer, ms. */
  timeoutMs: number;
  /** Largest body accepted, bytes. */
  maxBytes: number;
}

export class DownloadError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`${url} : ${reason}`);
    this.name = 'DownloadError';
  }
}

export interface Downloaded {
  bytes: Uint8Array;
  contentType: string | null;
  /** The address after redirections. */
  finalUrl: string;
}

const mib = (n: number) => `${(n / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mio`;

/** Reads the body, stopping as soon as it exceeds `maxBytes`. */
async function readBounded(res: Response, url: string, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new DownloadError(url, `réponse trop volumineuse : plus de ${mib(maxBytes)} (limite)`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return bytes;
}

function reasonOf(error: unknown, limits: DownloadLimits): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return `pas de réponse complète en ${(limits.timeoutMs / 1000).toLocaleString('fr-FR')} s (délai dépassé)`;
  }
  const code = e?.cause?.code;
  return `connexion impossible : ${e?.cause?.message ?? e?.message ?? String(error)}${code ? ` (${code})` : ''}`;
}

/** GETs `url` within the limits; throws a DownloadError. */
export async function download(url: string, limits: DownloadLimits, accept = '*/*'): Promise<Downloaded> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    const res = await fetch(url, { signal, headers: { accept, 'user-agent': 'maillage-data-update' }, redirect: 'follow' });
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new DownloadError(url, `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
    }
    const announced = Number(res.headers.get('content-length'));
    if (Number.isFinite(announced) && announced > limits.maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw new DownloadError(url, `réponse trop volumineuse : ${mib(announced)} annoncés, limite ${mib(limits.maxBytes)}`);
    }
    const bytes = await readBounded(res, url, limits.maxBytes);
    return { bytes, contentType: res.headers.get('content-type'), finalUrl: res.url || url };
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    throw new DownloadError(url, reasonOf(error, limits));
  }
}
