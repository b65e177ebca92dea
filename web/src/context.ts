import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Api } from "./api/client";
import type { AppConfig } from "./config";
import { type Key, type Lang, translate } from "./lib/i18n";

export interface AppContext {
  api: Api;
  config: AppConfig;
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: Key, params?: Record<string, string | number>): string;
}

export const Ctx = createContext<AppContext | null>(null);

export function useApp(): AppContext {
  const value = useContext(Ctx);
  if (!value) throw new Error("no app context");
  return value;
}

export function makeT(lang: Lang): AppContext["t"] {
  return (key, params) => translate(lang, key, params);
}

/** localStorage, or null where the browser refuses it (private modes, disabled storage). */
export function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** A Storage that forgets: used where the real one is unavailable, so callers need no null checks. */
export const memoryStorage: Storage = (() => {
  const data = new Map<string, string>();
  return {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (key: string) => data.get(key) ?? null,
    key: (index: number) => [...data.keys()][index] ?? null,
    removeItem: (key: string) => void data.delete(key),
    setItem: (key: string, value: string) => void data.set(key, value),
  };
})();

export function store(): Storage {
  return storage() ?? memoryStorage;
}
