import type { Api } from "../api/client";
import type { Category } from "../api/types";

const KEY = "phananh.categories";

/** Categories from the API, remembered so the form still works when the phone loses its connection. */
export async function loadCategories(api: Api, storage: Pick<Storage, "getItem" | "setItem">): Promise<Category[]> {
  try {
    const fresh = await api.categories();
    try {
      storage.setItem(KEY, JSON.stringify(fresh));
    } catch {
      // no room: the cache is a convenience
    }
    return fresh;
  } catch (error) {
    const cached = storage.getItem(KEY);
    if (cached) return JSON.parse(cached) as Category[];
    throw error;
  }
}

export function categoryName(categories: Category[], code: string | null | undefined, lang: "vi" | "en"): string {
  const found = categories.find((c) => c.code === code);
  if (!found) return code ?? "";
  return lang === "en" ? found.name_en : found.name_vi;
}
