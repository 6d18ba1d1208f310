/**
 * `readCursor` (src/data/sources/indexed-db.ts) against fake-indexeddb: every record in key order,
 * each passed through `each` as it is read; a throw in `each` rejects the read with that error.
 */
import { IDBCursor, IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { readCursor } from '../../src/data/sources/indexed-db.ts';

async function storeOf(values: { k: number; v: string }[]): Promise<IDBDatabase> {
  const db = await new Promise<IDBDatabase>((resolve) => {
    const open = new IDBFactory().open('essai', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('s', { keyPath: 'k' });
    open.onsuccess = () => resolve(open.result);
  });
  const tx = db.transaction('s', 'readwrite');
  for (const value of values) tx.objectStore('s').put(value);
  await new Promise((resolve) => (tx.oncomplete = resolve));
  return db;
}

describe('readCursor', () => {
  it('reads every record in key order, each through `each` as it comes', async () => {
    const db = await storeOf([3, 1, 2].map((k) => ({ k, v: `valeur ${k}` })));
    // as it comes: the k-th record mapped before the cursor moves on for the k-th time
    const seen: string[] = [];
    let moves = 0;
    const cont = IDBCursor.prototype.continue;
    IDBCursor.prototype.continue = function (this: IDBCursor, ...args: [IDBValidKey?]) {
      moves++;
      return cont.apply(this, args);
    };
    try {
      const read = await readCursor(db.transaction('s').objectStore('s'), undefined, (value) => {
        const { k, v } = value as { k: number; v: string };
        seen.push(`${k} after ${moves} move(s)`);
        return v.toUpperCase();
      });
      expect(read).toEqual(['VALEUR 1', 'VALEUR 2', 'VALEUR 3']);
    } finally {
      IDBCursor.prototype.continue = cont;
    }
    expect(seen).toEqual(['1 after 0 move(s)', '2 after 1 move(s)', '3 after 2 move(s)']);
    expect(await readCursor(db.transaction('s').objectStore('s'))).toEqual([1, 2, 3].map((k) => ({ k, v: `valeur ${k}` })));
  });

  it('rejects with the error `each` throws', async () => {
    const db = await storeOf([{ k: 1, v: 'a' }]);
    const failing = readCursor(db.transaction('s').objectStore('s'), undefined, () => {
      throw new Error('morceau illisible');
    });
    await expect(failing).rejects.toThrow('morceau illisible');
  });
});
