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

/** The "-" bucket: reports with no agency, category or area yet (as the statistics name it). */
const NONE = "-";

/** The staff list's own filters for the dashboard's (it filters by agency and category; "-" it cannot ask). */
export function listQueryOf(filters: Filters): { agency_id?: string; category?: string } {
  return {
    ...(filters.agency && filters.agency !== NONE ? { agency_id: filters.agency } : {}),
    ...(filters.category && filters.category !== NONE ? { category: filters.category } : {}),
  };
}

/** Whether a listed report is one the filters choose (the area, and the "-" buckets, checked here). */
export function listedMatches(
  report: { agency_id: string | null; category: string | null; area_code: string | null },
  filters: Filters,
): boolean {
  const values: Record<Dimension, string | null> = { agency: report.agency_id, category: report.category, area: report.area_code };
  return DIMENSIONS.every((d) => !filters[d] || (filters[d] === NONE ? values[d] == null : values[d] === filters[d]));
}
