import { describe, expect, it } from "vitest";
import { actionBody, draftFieldOf, offered } from "../src/staff/actions";
import { deadlinesToSave } from "../src/staff/pages/CategoryDeadlines";
import { byDeadline } from "../src/staff/pages/Queue";
import { homeOf, parseStaffRoute, roleOf, staffPath } from "../src/staff/routes";
import type { StaffReport, Summary } from "../src/staff/types";
import { parseRoute } from "../src/lib/router";

describe("console routes", () => {
  it("give each report a stable console address, whatever way the code was typed", () => {
    expect(parseRoute("/staff/r/pa7k3mq9xd")).toEqual({ name: "staff", path: "/r/pa7k3mq9xd" });
    expect(parseStaffRoute("/r/pa7k3mq9xd")).toEqual({ page: "report", code: "PA-7K3M-Q9XD" });
    expect(staffPath({ page: "report", code: "PA-7K3M-Q9XD" })).toBe("/staff/r/PA-7K3M-Q9XD");
    expect(parseStaffRoute("/queue/triage")).toEqual({ page: "queue", tab: "triage" });
    expect(parseStaffRoute("/queue/nothing")).toEqual({ page: "notfound" });
    expect(parseStaffRoute("/drill", "?month=2026-11&figure=late")).toEqual({ page: "drill", query: "month=2026-11&figure=late" });
  });
  it("land each role on its own home", () => {
    expect(homeOf(roleOf(["operator"])!)).toEqual({ page: "queue", tab: "triage" });
    expect(homeOf(roleOf(["agency:dien-luc"])!)).toEqual({ page: "queue", tab: "inbox" });
    expect(homeOf(roleOf(["leader"])!)).toEqual({ page: "dashboard" });
    expect(homeOf(roleOf(["admin"])!)).toEqual({ page: "admin" });
    expect(roleOf([])).toBeNull();
  });
});

const REPORT = { id: "PA-7K3M-Q9XD", version: 4, agency_answer: "Đã sửa xong cột điện.", hidden: false, allowed_actions: ["publish", "reopen", "classify"] } as unknown as StaffReport;

describe("actions", () => {
  it("are offered only when the API allows them, the usual next step first", () => {
    expect(offered(REPORT)).toEqual(["classify", "publish", "reopen"]);
  });
  it("carry the version read and only what was changed", () => {
    expect(actionBody("publish", REPORT, { publish_answer: "Đã sửa xong cột điện." })).toEqual({ type: "publish", version: 4, answer: null });
    expect(actionBody("publish", REPORT, { publish_answer: "Điện lực đã sửa xong cột điện." })).toEqual({
      type: "publish",
      version: 4,
      answer: "Điện lực đã sửa xong cột điện.",
    });
    expect(actionBody("assign", REPORT, { agency_id: "dien-luc" })).toEqual({ type: "assign", version: 4, agency_id: "dien-luc", reason: null });
    expect(actionBody("note", REPORT, { note: " gọi lại ", waiting: true })).toEqual({ type: "note", version: 4, note: "gọi lại", waiting_for_reporter: true });
  });
  it("put the API's field errors beside the field of the action that failed", () => {
    expect(draftFieldOf("send_back", "reason")).toBe("send_back_reason");
    expect(draftFieldOf("resolve", "answer")).toBe("answer");
    expect(draftFieldOf("publish", "answer")).toBe("publish_answer");
    expect(draftFieldOf("reject", "reject.reason")).toBe("reject_reason");
  });
});

describe("the agency's inbox", () => {
  it("is sorted by deadline, the ones without a deadline last", () => {
    const item = (id: string, due: string | null) => ({ id, answer_due_at: due, created_at: "2026-11-01T00:00:00Z" }) as Summary;
    const sorted = byDeadline([item("c", null), item("b", "2026-11-30T10:00:00Z"), item("a", "2026-11-29T10:00:00Z")]);
    expect(sorted.map((s) => s.id)).toEqual(["a", "b", "c"]);
  });
});

describe("the leader's dashboard", () => {
  it("charts the six months up to the chosen one, across a year's end", async () => {
    const { monthsUpTo } = await import("../src/staff/pages/DashboardCharts");
    expect(monthsUpTo("2026-02")).toEqual(["2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02"]);
  });
  it("shows the chosen agency's, category's or area's own figures, the province's otherwise", async () => {
    const { sliceOf } = await import("../src/staff/pages/Dashboard");
    const stats = { province: { received: 9 }, by_agency: [{ id: "dien-luc", received: 4 }], by_category: [], by_area: [] } as never;
    const none = { agency: "", category: "", area: "" };
    expect(sliceOf(stats, none)).toEqual({ received: 9 });
    expect(sliceOf(stats, { ...none, agency: "dien-luc" })).toEqual({ id: "dien-luc", received: 4 });
    expect(sliceOf(stats, { ...none, agency: "nobody" })).toBeNull();
    // Several at once: no single row holds them, the drill-down API sums the reports instead.
    expect(sliceOf(stats, { ...none, agency: "dien-luc", category: "dien" })).toBeUndefined();
  });
});

describe("an uploaded ward outline", () => {
  it("is the polygon of a bare geometry, a feature or a collection's first feature; anything else is refused", async () => {
    const { outlineOf } = await import("../src/staff/pages/AdminAreas");
    const polygon = { type: "Polygon", coordinates: [[[105.3, 9.3], [105.32, 9.3], [105.32, 9.32], [105.3, 9.3]]] };
    expect(outlineOf(JSON.stringify(polygon))).toEqual(polygon);
    expect(outlineOf(JSON.stringify({ type: "Feature", geometry: polygon, properties: {} }))).toEqual(polygon);
    expect(outlineOf(JSON.stringify({ type: "FeatureCollection", features: [{ type: "Feature", geometry: polygon }] }))).toEqual(polygon);
    expect(outlineOf(JSON.stringify({ type: "Point", coordinates: [105.3, 9.3] }))).toBeNull();
    expect(outlineOf("{not json")).toBeNull();
  });
});

describe("a category's deadlines per urgency", () => {
  it("save the urgencies that have figures and leave the empty ones to the defaults", () => {
    expect(
      deadlinesToSave({
        urgent: { accept_hours: 4, answer_days: 3 },
        normal: { accept_hours: undefined, answer_days: undefined },
      }),
    ).toEqual({ urgent: { accept_hours: 4, answer_days: 3 } });
    expect(deadlinesToSave({})).toEqual({});
  });
});
