// @vitest-environment happy-dom
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../src/api/errors";
import { Ctx, type AppContext } from "../src/context";
import { StaffCtx, type StaffContext } from "../src/staff/context";
import { staffT } from "../src/staff/i18n";
import { ReportPage } from "../src/staff/pages/Report";

const REPORT = {
  id: "PA-7K3M-Q9XD", version: 3, status: "assigned", category: "dien", category_source: "reporter", urgency: "urgent",
  agency_id: "dien-luc", channel: "web", created_at: "2026-11-20T02:00:00Z", updated_at: "2026-11-20T02:00:00Z",
  description: "Cột điện nghiêng trước nhà số 12", location: { address: "Đường Trần Hưng Đạo" }, reporter: null,
  photos: [], answer_photos: [], photo_status: {}, timeline: [], possible_duplicates: ["PA-3X9K-Q7MD"], allowed_actions: [],
  agency_answer: null, answer: null, answer_due_at: null, breached_at: null, contacted_at: null, duplicate_of: null,
  hidden: false, hidden_reason: null, reject_reason: null, waiting_for_reporter: false,
};

afterEach(() => {
  document.body.innerHTML = "";
});

describe("a report's page for agency staff", () => {
  it("names the report's agency, from the names every staff member may read, and lists no possible duplicates", async () => {
    const asked: string[] = [];
    const api = {
      report: async () => REPORT,
      agencyNames: async () => {
        asked.push("names");
        return { items: [{ id: "dien-luc", name: "Điện lực Cà Mau" }] };
      },
      // Agency staff have no list of agencies to pick from: the API refuses it to them.
      agencyChoices: async () => {
        asked.push("choices");
        throw new ApiError(403, { code: "forbidden", message_vi: "Không được phép.", message_en: "Forbidden." });
      },
    };
    const staff = { api, lang: "vi", t: staffT("vi"), role: "agency", me: { username: "dienluc1", groups: ["agency:dien-luc"], agency_id: "dien-luc" } };
    const app = { api: { categories: async () => [], areas: async () => null }, config: { tiles_url: null }, lang: "vi" };
    const root = document.createElement("div");
    document.body.append(root);
    await act(() => {
      render(
        <Ctx.Provider value={app as unknown as AppContext}>
          <StaffCtx.Provider value={staff as unknown as StaffContext}>
            <ReportPage code="PA-7K3M-Q9XD" />
          </StaffCtx.Provider>
        </Ctx.Provider>,
        root,
      );
    });
    for (let i = 0; i < 5; i++) await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
    const facts = [...root.querySelectorAll(".facts dt")].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]);
    expect(facts).toContainEqual(["Cơ quan xử lý", "Điện lực Cà Mau"]);
    expect(root.querySelector(".facts")?.textContent).not.toContain("dien-luc");
    expect(asked).toEqual(["names"]);
    // Possible duplicates are the operations centre's to merge, and may be another agency's reports.
    expect(root.textContent).not.toContain("PA-3X9K-Q7MD");
  });
});
