import type { ReportQuery } from "./api";
import type { ReportPage, Summary } from "./types";

/** How many reports of one status a page gathers before it stops and says "1000+". */
export const GATHER_BOUND = 1000;
const PAGE = 100;

export const ALL_STATUSES = ["received", "triage", "assigned", "in_progress", "resolved", "closed", "rejected"] as const;
export type StatusName = (typeof ALL_STATUSES)[number];

export interface Gathered {
  items: Summary[];
  /** Statuses with more reports beyond the bound: their count is shown as "1000+". */
  capped: Set<string>;
}

type Lister = (query: ReportQuery) => Promise<ReportPage>;

/** Every report of one status (within the bound), following the API's cursor page by page. */
async function ofStatus(list: Lister, query: ReportQuery, status: string, bound: number): Promise<[Summary[], boolean]> {
  const found: Summary[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ ...query, status, limit: PAGE, ...(cursor ? { cursor } : {}) });
    found.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor && found.length < bound);
  return [found.slice(0, bound), cursor !== undefined || found.length > bound];
}

/** The reports a queue, an inbox or a map shows: the API pages one status at a time (a list across
 * statuses has no cursor), so each status is read on its own, up to `bound` reports each. */
export async function gatherReports(
  list: Lister,
  query: ReportQuery,
  statuses: readonly string[] = query.status ? [query.status] : ALL_STATUSES,
  bound = GATHER_BOUND,
): Promise<Gathered> {
  const parts = await Promise.all(statuses.map((status) => ofStatus(list, query, status, bound)));
  const capped = new Set(statuses.filter((_, index) => parts[index]![1]));
  return { items: parts.flatMap(([items]) => items), capped };
}

/** A count as shown: exact within the bound, "1000+" beyond. */
export function shownCount(n: number, capped: boolean, bound = GATHER_BOUND): string {
  return capped ? `${bound}+` : String(n);
}
