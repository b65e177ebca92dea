/**
 * The report being written, saved on every change: a closed tab, a reload or a lost connection never
 * loses what the person typed. Photos already uploaded are kept by their upload id; text in localStorage.
 */
export interface Draft {
  category: string;
  attributes: Record<string, string>;
  description: string;
  lat: number | null;
  lon: number | null;
  address: string;
  name: string;
  phone: string;
  email: string;
  language: "vi" | "en";
  uploadIds: string[];
  /** The same key for every attempt of this report, so a retry after a dropped answer makes no twin. */
  idempotencyKey: string;
  /** Set when sending failed for want of a connection: the person confirms sending once back online. */
  pendingSince: string | null;
  savedAt: string;
}

const KEY = "phananh.draft";

export function newKey(): string {
  if (typeof crypto !== "undefined" && "randomUUID" in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export function emptyDraft(language: "vi" | "en" = "vi"): Draft {
  return {
    category: "",
    attributes: {},
    description: "",
    lat: null,
    lon: null,
    address: "",
    name: "",
    phone: "",
    email: "",
    language,
    uploadIds: [],
    idempotencyKey: newKey(),
    pendingSince: null,
    savedAt: new Date().toISOString(),
  };
}

export function loadDraft(storage: Pick<Storage, "getItem">): Draft | null {
  const raw = storage.getItem(KEY);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<Draft>;
    if (typeof parsed !== "object" || parsed === null) return null;
    return { ...emptyDraft(), ...parsed, attributes: { ...(parsed.attributes ?? {}) } };
  } catch {
    return null;
  }
}

export function saveDraft(storage: Pick<Storage, "setItem">, draft: Draft, now = new Date()): Draft {
  const saved = { ...draft, savedAt: now.toISOString() };
  try {
    storage.setItem(KEY, JSON.stringify(saved));
  } catch {
    // Storage full or disabled (private mode): the form still works, it just cannot survive a reload.
  }
  return saved;
}

export function clearDraft(storage: Pick<Storage, "removeItem">): void {
  storage.removeItem(KEY);
}

/** Worth keeping: something the person typed or chose (a fresh form is not a draft). */
export function hasContent(draft: Draft): boolean {
  return Boolean(
    draft.description.trim() ||
      draft.category ||
      draft.address.trim() ||
      draft.lat !== null ||
      draft.uploadIds.length ||
      draft.name.trim() ||
      draft.phone.trim() ||
      draft.email.trim(),
  );
}
