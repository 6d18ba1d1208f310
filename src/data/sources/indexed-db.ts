/**
 * The IndexedDB plumbing shared by the browser's stores (imported layers, scenarios): one
 * connection opened on first use and closed when another tab opens a newer version, writes in one
 * transaction that any error aborts (a record is stored whole or not at all), and cursor reads.
 */

/** A storage error in plain French (a full disk is named as such). */
export function storageMessageOf(err: unknown): string {
  if (err instanceof DOMException && err.name === 'QuotaExceededError') return 'espace de stockage du navigateur plein';
  return err instanceof Error ? err.message : String(err);
}

export interface DatabaseSpec {
  factory: IDBFactory | undefined;
  name: string;
  version: number;
  /** Creates the object stores missing from the database (run on a version upgrade). */
  upgrade(db: IDBDatabase): void;
  /** Message of the error every call gets once another tab has opened a newer version. */
  closedMessage: string;
}

export interface Database {
  /** The connection (opened once); rejects once closed by a newer version, or when IndexedDB is missing. */
  open(): Promise<IDBDatabase>;
  /** Forgets a failed opening, so that the next call tries again. */
  forget(): void;
  /** True once another tab opened a newer version (this connection is closed for good). */
  readonly closed: boolean;
  /** Calls `listener` when that happens. */
  onClosed(listener: () => void): void;
}

/** The database of `spec`, opened on first use. */
export function lazyDatabase(spec: DatabaseSpec): Database {
  let opened: Promise<IDBDatabase> | null = null;
  let closed = false;
  const listeners: (() => void)[] = [];
  return {
    get closed() {
      return closed;
    },
    forget() {
      opened = null;
    },
    onClosed(listener) {
      listeners.push(listener);
    },
    open() {
      if (closed) return Promise.reject(new Error(spec.closedMessage));
      return (opened ??= new Promise<IDBDatabase>((resolve, reject) => {
        if (!spec.factory) {
          reject(new Error('IndexedDB indisponible dans ce navigateur'));
          return;
        }
        const request = spec.factory.open(spec.name, spec.version);
        request.onupgradeneeded = () => spec.upgrade(request.result);
        request.onsuccess = () => {
          const db = request.result;
          db.onversionchange = () => {
            db.close();
            closed = true;
            opened = null;
            for (const l of listeners) l();
          };
          resolve(db);
        };
        request.onerror = () => reject(request.error ?? new Error('ouverture refusée'));
        request.onblocked = () => reject(new Error('base bloquée par un autre onglet'));
      }));
    },
  };
}

/**
 * Runs `work` in one read-write transaction over `stores` and resolves when it commits. Any error
 * aborts it, so nothing of the write is kept: a request that throws at once (a `put` over the quota,
 * a value that cannot be cloned), an error reported through `fail` from a request's callback, a
 * failed request, or an abort by the browser.
 */
export function writeTransaction(
  db: IDBDatabase,
  stores: string | string[],
  work: (tx: IDBTransaction, fail: (err: unknown) => void) => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let tx: IDBTransaction;
    try {
      tx = db.transaction(stores, 'readwrite');
    } catch (err) {
      reject(new Error(storageMessageOf(err)));
      return;
    }
    let failure: unknown = null;
    const fail = (err: unknown) => {
      failure ??= err;
      try {
        tx.abort();
      } catch {
        // already finished or aborting
      }
    };
    tx.oncomplete = () => resolve();
    tx.onerror = (event) => {
      // a failed request: abort the whole transaction (the default too, said here)
      event.preventDefault();
      fail((event.target as IDBRequest | null)?.error ?? tx.error);
    };
    tx.onabort = () =>
      reject(new Error(`enregistrement annulé, rien n’a été écrit (${storageMessageOf(failure ?? tx.error ?? 'interrompu')})`));
    try {
      work(tx, fail);
    } catch (err) {
      fail(err);
    }
  });
}

/**
 * Every record of a store (within `range` if given), read with a cursor, one per task, each passed
 * through `each` in its own task as it is read (a throw rejects the read).
 */
export function readCursor<T = unknown>(
  store: IDBObjectStore,
  range?: IDBKeyRange,
  each: (value: unknown) => T = (v) => v as T,
): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const values: T[] = [];
    const cursor = store.openCursor(range);
    cursor.onsuccess = () => {
      const c = cursor.result;
      if (!c) return resolve(values);
      try {
        values.push(each(c.value));
      } catch (err) {
        return reject(err);
      }
      c.continue();
    };
    cursor.onerror = () => reject(cursor.error);
  });
}
