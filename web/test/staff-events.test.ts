import { describe, expect, it } from "vitest";
import { eventName } from "../src/staff/events";

describe("a report's history", () => {
  it("names every step the timeline shows, the deadlines being set included", () => {
    expect(eventName("Sla.Started", "vi")).toBe("Đặt hạn xử lý");
    expect(eventName("Sla.Started", "en")).toBe("Deadlines set");
    expect(eventName("Report.Assigned", "vi")).toBe("Chuyển xử lý");
  });
});
