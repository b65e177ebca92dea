/**
 * Photos chosen but not uploaded yet (no connection), kept in IndexedDB beside the text draft so a reload
 * or a closed tab does not lose them. Already downscaled, so a few hundred KB each. Every call is best
 * effort: where IndexedDB is unavailable the photos live only as long as the page.
 */
export interface StoredPhoto {
  key: string;
  label: string;
  blob: Blob;
}

const DB = "phananh";
const STORE = "pending-photos";

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = act(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

export async function keepPhoto(photo: StoredPhoto): Promise<void> {
  await run("readwrite", (store) => store.put(photo)).catch(() => undefined);
}

export async function forgetPhoto(key: string): Promise<void> {
  await run("readwrite", (store) => store.delete(key)).catch(() => undefined);
}

export async function keptPhotos(): Promise<StoredPhoto[]> {
  return (await run<StoredPhoto[]>("readonly", (store) => store.getAll()).catch(() => [])) ?? [];
}

export async function forgetAllPhotos(): Promise<void> {
  await run("readwrite", (store) => store.clear()).catch(() => undefined);
}
