import { describe, expect, it } from "vitest";
import type { ReportQuery } from "../src/staff/api";
import { gatherReports, shownCount } from "../src/staff/gather";
import type { ReportPage, Summary } from "../src/staff/types";

function summary(id: string, status: string): Summary {
  return {
    id, version: 1, created_at: "2026-11-01T00:00:00Z", status: status as Summary["status"], category: "dien",
    urgency: "normal", agency_id: "dien-luc", area_code: null, lat: 9.17, lon: 105.15, answer_due_at: null,
    overdue: false, waiting_for_reporter: false, hidden: false, possible_duplicates: 0, summary: "Mất điện",
  };
}

/** The staff list as the API serves it: one status a page, `limit` at a time, a cursor while more remain. */
function fakeApi(counts: Record<string, number>) {
  const asked: ReportQuery[] = [];
  const list = async (query: ReportQuery): Promise<ReportPage> => {
    asked.push(query);
    const status = query.status ?? "";
    const start = Number(query.cursor ?? 0);
    const end = Math.min(start + (query.limit ?? 50), counts[status] ?? 0);
    const items = Array.from({ length: Math.max(end - start, 0) }, (_, i) => summary(`${status}-${start + i}`, status));
    return { items, next_cursor: end < (counts[status] ?? 0) ? String(end) : null };
  };
  return { list, asked };
}

describe("a queue's reports", () => {
  it("are all gathered past the first 100, page by page, one status at a time", async () => {
    const api = fakeApi({ assigned: 250, in_progress: 3 });
    const found = await gatherReports(api.list, {});
    expect(found.items.filter((s) => s.status === "assigned")).toHaveLength(250);
    expect(found.items.filter((s) => s.status === "in_progress")).toHaveLength(3);
    expect(found.capped.size).toBe(0);
    expect(api.asked.filter((q) => q.status === "assigned").map((q) => q.cursor)).toEqual([undefined, "100", "200"]);
  });

  it("stop at the bound and say so: 1000+", async () => {
    const api = fakeApi({ closed: 1500 });
    const found = await gatherReports(api.list, { overdue: true }, ["closed"]);
    expect(found.items).toHaveLength(1000);
    expect([...found.capped]).toEqual(["closed"]);
    expect(api.asked).toHaveLength(10);
    expect(api.asked.every((q) => q.overdue === true)).toBe(true);
    expect(shownCount(1000, found.capped.has("closed"))).toBe("1000+");
    expect(shownCount(999, false)).toBe("999");
  });
});
