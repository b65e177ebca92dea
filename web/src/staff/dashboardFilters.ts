import type { StaffT } from "./i18n";

/** The dashboard's filters: any of agency, category and area at once ("" for all). */
export type Dimension = "agency" | "category" | "area";
export type Filters = Record<Dimension, string>;
export const DIMENSIONS: Dimension[] = ["agency", "category", "area"];
export const NO_FILTER: Filters = { agency: "", category: "", area: "" };

/** Only the filters that are set, as the drill-down API takes them. */
export function chosenOf(filters: Filters): Partial<Filters> {
  return Object.fromEntries(DIMENSIONS.filter((d) => filters[d]).map((d) => [d, filters[d]]));
}

type Named = { id: string; name?: string | null };

/** The filters that are set, in words, to follow a chart's title: "" when none (the title alone then, as
 * before), otherwise " — Cơ quan: Điện lực; Lĩnh vực: Điện", so a caption says whose figures it shows. */
export function filterNote(filters: Filters, choices: Record<Dimension, Named[]>, t: StaffT): string {
  const parts = DIMENSIONS.filter((d) => filters[d]).map((d) => {
    const row = choices[d].find((r) => r.id === filters[d]);
    return `${t(`filter_${d}`)}: ${row?.name ?? filters[d]}`;
  });
  return parts.length ? ` — ${parts.join("; ")}` : "";
}
