// @vitest-environment happy-dom
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import type { ReportQuery, StatsFilter } from "../src/staff/api";
import { StaffCtx, type StaffContext } from "../src/staff/context";
import { staffT } from "../src/staff/i18n";
import { DashboardPage } from "../src/staff/pages/Dashboard";
import { Ctx, type AppContext } from "../src/context";


// happy-dom has no 2D canvas, so Chart.js draws nothing (and says so on stderr): what a person reads here
// is the captions, the charts' accessible names and the tables, as a screen reader does.
const figures = (received: number, resolved: number) => ({
  received, resolved, assigned: received, closed: 0, rejected: 0, open: received - resolved, on_time: resolved, late: 0,
  overdue_now: 0, on_time_rate: resolved ? 1 : null, answer_hours_median: null, answer_hours_p90: null, rated: 0,
  satisfied_rate: null, mean_score: null,
});
const row = (id: string, name: string, received: number, resolved = 0) => ({ id, name, ...figures(received, resolved) });
const ranked = (rank: number, agency_id: string, name: string, resolved: number) => ({
  rank, agency_id, name, on_time_rate: 1, satisfied_rate: null, resolved,
});

/** The province: 15 received, two agencies; the power company's power reports in ward 5: 8 received. */
function fakeApi() {
  const drills: StatsFilter[] = [];
  const lists: ReportQuery[] = [];
  const api = {
    stats: async (period: string) => ({
      period,
      province: figures(15, 6),
      by_agency: [row("dien-luc", "Điện lực Cà Mau", 10, 4), row("so-xay-dung", "Sở Xây dựng", 5, 2)],
      by_category: [row("dien", "Điện", 9, 3)],
      by_area: [row("p5", "Phường 5", 11, 4)],
      ranking: [ranked(1, "so-xay-dung", "Sở Xây dựng", 2), ranked(2, "dien-luc", "Điện lực Cà Mau", 4)],
    }),
    drillDown: async (filter: StatsFilter) => {
      drills.push(filter);
      return {
        month: filter.month, figure: null, total: 8, truncated: false, reports: [], figures: figures(8, 3),
        by_agency: [row("dien-luc", "Điện lực Cà Mau", 8, 3)], ranking: [ranked(1, "dien-luc", "Điện lực Cà Mau", 3)],
      };
    },
    // Open now: the power company's power report in ward 5 and, in ward 7, another (the API filters by agency
    // and category; the area is the page's to check).
    reports: async (query: ReportQuery) => {
      lists.push(query);
      const open = (id: string, area_code: string) => ({ id, agency_id: "dien-luc", category: "dien", area_code, lat: 9.17, lon: 105.15, overdue: false });
      return { items: query.status === "assigned" ? [open("PA-AAAA-AAAA", "p5"), open("PA-BBBB-BBBB", "p7")] : [], next_cursor: null };
    },
  };
  return { api, drills, lists };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
}

async function showDashboard(api: unknown): Promise<HTMLElement> {
  const root = document.createElement("div");
  document.body.append(root);
  const staff = { api, lang: "vi", t: staffT("vi"), role: "leader", me: { username: "leader1", groups: ["leader"], agency_id: null } };
  const app = { api: { areas: async () => ({ type: "FeatureCollection", features: [] }) }, config: { tiles_url: null }, lang: "vi" };
  await act(() => {
    render(
      <Ctx.Provider value={app as unknown as AppContext}>
        <StaffCtx.Provider value={staff as unknown as StaffContext}>
          <DashboardPage />
        </StaffCtx.Provider>
      </Ctx.Provider>,
      root,
    );
  });
  await settle();
  return root;
}

async function choose(root: HTMLElement, id: string, value: string): Promise<void> {
  const select = root.querySelector<HTMLSelectElement>(`#${id}`)!;
  select.value = value;
  await act(() => void select.dispatchEvent(new Event("change")));
  await settle();
}

const text = (root: HTMLElement, selector: string) => root.querySelector(selector)?.textContent ?? null;
const monthCells = (root: HTMLElement) => [...root.querySelectorAll(".chart-table tbody tr")].map((tr) => tr.children[1]?.textContent);

afterEach(() => {
  document.body.innerHTML = "";
});

describe("the leader's dashboard with several filters", () => {
  it("ranks, charts by agency and charts by month the same reports as its cards, and says which", async () => {
    const { api, drills, lists } = fakeApi();
    const root = await showDashboard(api);
    expect(text(root, "#ranking-title")).toBe("Xếp hạng cơ quan");
    expect(text(root, "figure.chart figcaption")).toBe("Phản ánh đang mở: 2, quá hạn: 0 (màu đỏ)");
    expect(text(root, ".chart-table caption")).toBe("Theo tháng: tiếp nhận / đã trả lời");
    expect(monthCells(root)).toEqual(["15", "15", "15", "15", "15", "15"]);

    await choose(root, "d-agency", "dien-luc");
    await choose(root, "d-category", "dien");
    await choose(root, "d-area", "p5");

    const note = " — Cơ quan: Điện lực Cà Mau; Lĩnh vực: Điện; Xã/phường: Phường 5";
    expect(root.querySelector("[data-testid=figure-received]")?.textContent).toBe("8");
    expect(text(root, "#ranking-title")).toBe(`Xếp hạng cơ quan${note}`);
    const ranking = root.querySelector("table[aria-labelledby=ranking-title]")!;
    expect([...ranking.querySelectorAll("tbody th")].map((th) => th.textContent)).toEqual(["Điện lực Cà Mau"]);
    const byAgency = root.querySelector("canvas[aria-label^='Theo cơ quan']")!;
    expect(byAgency.getAttribute("aria-label")).toBe(`Theo cơ quan: Điện lực Cà Mau 8${note}`);
    expect(text(root, ".chart-table caption")).toBe(`Theo tháng: tiếp nhận / đã trả lời${note}`);
    expect(monthCells(root)).toEqual(["8", "8", "8", "8", "8", "8"]); // not the province's 15
    expect(text(root, "figure.chart figcaption")).toBe(`Phản ánh đang mở: 1, quá hạn: 0 (màu đỏ)${note}`);
    expect(lists.at(-1)).toMatchObject({ agency_id: "dien-luc", category: "dien" });
    const months = drills.filter((d) => d.agency === "dien-luc" && d.category === "dien" && d.area === "p5").map((d) => d.month);
    expect(new Set(months).size).toBeGreaterThanOrEqual(6);
  });

  it("shows one filter's ranking from the drill-down too, and the province's again once cleared", async () => {
    const { api } = fakeApi();
    const root = await showDashboard(api);
    await choose(root, "d-category", "dien");
    expect(text(root, "#ranking-title")).toBe("Xếp hạng cơ quan — Lĩnh vực: Điện");
    expect(root.querySelectorAll("table[aria-labelledby=ranking-title] tbody tr")).toHaveLength(1);
    await choose(root, "d-category", "");
    expect(text(root, "#ranking-title")).toBe("Xếp hạng cơ quan");
    expect(root.querySelectorAll("table[aria-labelledby=ranking-title] tbody tr")).toHaveLength(2);
    expect(monthCells(root)).toEqual(["15", "15", "15", "15", "15", "15"]);
  });
});

describe("the open reports the dashboard's filters choose", () => {
  it("ask the list for agency and category, check the area here, and take '-' as not set yet", async () => {
    const { listQueryOf, listedMatches } = await import("../src/staff/dashboardFilters");
    const report = { agency_id: "dien-luc", category: "dien", area_code: null };
    expect(listQueryOf({ agency: "dien-luc", category: "dien", area: "p5" })).toEqual({ agency_id: "dien-luc", category: "dien" });
    expect(listQueryOf({ agency: "-", category: "-", area: "" })).toEqual({});
    expect(listedMatches(report, { agency: "dien-luc", category: "", area: "-" })).toBe(true);
    expect(listedMatches(report, { agency: "dien-luc", category: "", area: "p5" })).toBe(false);
    expect(listedMatches(report, { agency: "-", category: "", area: "" })).toBe(false);
  });
});

describe("the words that follow a chart's title", () => {
  it("name each filter set, in the page's language, by the name of what was chosen", async () => {
    const { filterNote } = await import("../src/staff/dashboardFilters");
    const choices = { agency: [{ id: "dien-luc", name: "Điện lực Cà Mau" }], category: [], area: [{ id: "-", name: "Ngoài các phường, xã đã khai báo" }] };
    expect(filterNote({ agency: "", category: "", area: "" }, choices, staffT("vi"))).toBe("");
    expect(filterNote({ agency: "dien-luc", category: "dien", area: "-" }, choices, staffT("en"))).toBe(
      " — Agency: Điện lực Cà Mau; Category: dien; Ward/commune: Ngoài các phường, xã đã khai báo",
    );
  });
});
