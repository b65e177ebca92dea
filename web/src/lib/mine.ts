/** The reports sent from this device, with their private access tokens (never sent anywhere but the API). */
export interface MyReport {
  id: string;
  access_token: string;
  created_at: string;
  summary: string;
}

const KEY = "phananh.mine";

export function listMine(storage: Pick<Storage, "getItem">): MyReport[] {
  try {
    const parsed = JSON.parse(storage.getItem(KEY) ?? "[]") as unknown;
    return Array.isArray(parsed) ? (parsed as MyReport[]).filter((r) => r && typeof r.id === "string") : [];
  } catch {
    return [];
  }
}

export function rememberMine(storage: Pick<Storage, "getItem" | "setItem">, report: MyReport): void {
  const others = listMine(storage).filter((r) => r.id !== report.id);
  storage.setItem(KEY, JSON.stringify([report, ...others]));
}

export function tokenFor(storage: Pick<Storage, "getItem">, id: string): string | undefined {
  return listMine(storage).find((r) => r.id === id)?.access_token;
}
