import { describe, expect, it } from "vitest";
import { actorName, eventName } from "../src/staff/events";

describe("a report's history", () => {
  it("names every step the timeline shows, the deadlines being set included", () => {
    expect(eventName("Sla.Started", "vi")).toBe("Đặt hạn xử lý");
    expect(eventName("Sla.Started", "en")).toBe("Deadlines set");
    expect(eventName("Report.Assigned", "vi")).toBe("Chuyển xử lý");
  });
});

describe("who took each step", () => {
  it("is a person's name or role, not the system's identifiers", () => {
    expect(actorName("staff:dienluc1", "vi")).toBe("dienluc1");
    expect(actorName("system:routing", "vi")).toBe("Hệ thống");
    expect(actorName("system:sla", "en")).toBe("System");
    expect(actorName("citizen:web", "vi")).toBe("Người dân (web)");
    expect(actorName("citizen:zalo", "en")).toBe("Citizen (Zalo)");
    expect(actorName("citizen:reporter", "vi")).toBe("Người phản ánh");
    expect(actorName("test", "vi")).toBe("test");
  });
});
