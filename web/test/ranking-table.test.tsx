// @vitest-environment happy-dom
import { render } from "preact";
import { afterEach, describe, expect, it } from "vitest";
import { RankingTable } from "../src/components/RankingTable";

const LABELS = { rank: "Hạng", agency: "Cơ quan", onTime: "Tỷ lệ đúng hạn", satisfied: "Hài lòng", resolved: "Đã trả lời" };
const ROWS = [
  { rank: 1, agency_id: "so-xay-dung", name: "Sở Xây dựng", on_time_rate: 1, satisfied_rate: null, resolved: 2 },
  { rank: 2, agency_id: "dien-luc", name: null, on_time_rate: 0.5, satisfied_rate: 0.75, resolved: 4 },
];

function shown(rows: typeof ROWS): HTMLElement {
  const root = document.createElement("div");
  document.body.append(root);
  render(<RankingTable rows={rows} title="Xếp hạng cơ quan" empty="Chưa có cơ quan nào trả lời." labels={LABELS} />, root);
  return root;
}

afterEach(() => {
  document.body.innerHTML = "";
});

describe("the agencies' ranking (public statistics and the leaders' dashboard)", () => {
  it("is a table named by its heading, one row per agency in rank order", () => {
    const root = shown(ROWS);
    const table = root.querySelector("table")!;
    expect(root.querySelector(`#${table.getAttribute("aria-labelledby")}`)?.textContent).toBe("Xếp hạng cơ quan");
    const cells = [...table.querySelectorAll("tbody tr")].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(cells).toEqual([
      ["1", "Sở Xây dựng", "100%", "—", "2"],
      ["2", "dien-luc", "50%", "75%", "4"],
    ]);
  });
  it("says so when no agency has answered, with no empty table", () => {
    const root = shown([]);
    expect(root.querySelector("table")).toBeNull();
    expect(root.textContent).toBe("Xếp hạng cơ quanChưa có cơ quan nào trả lời.");
  });
});
