import { describe, expect, it } from "vitest";
import { clearDraft, emptyDraft, hasContent, loadDraft, saveDraft } from "../src/lib/drafts";
import { memory } from "./memory";

describe("the draft store", () => {
  it("keeps what was typed across a reload", () => {
    const storage = memory();
    const draft = { ...emptyDraft(), description: "Đèn đường hỏng", lat: 9.17, lon: 105.15 };
    saveDraft(storage, draft, new Date("2026-11-30T01:00:00Z"));
    const back = loadDraft(storage)!;
    expect(back.description).toBe("Đèn đường hỏng");
    expect([back.lat, back.lon]).toEqual([9.17, 105.15]);
    expect(back.savedAt).toBe("2026-11-30T01:00:00.000Z");
    expect(back.idempotencyKey).toBe(draft.idempotencyKey); // a retry is the same report
  });
  it("fills fields a former version did not save, and survives garbage", () => {
    const storage = memory();
    storage.setItem("phananh.draft", JSON.stringify({ description: "cũ" }));
    expect(loadDraft(storage)).toMatchObject({ description: "cũ", attributes: {}, uploadIds: [], pendingSince: null });
    storage.setItem("phananh.draft", "{not json");
    expect(loadDraft(storage)).toBeNull();
    storage.setItem("phananh.draft", "null");
    expect(loadDraft(storage)).toBeNull();
  });
  it("is cleared once sent", () => {
    const storage = memory();
    saveDraft(storage, { ...emptyDraft(), description: "x" });
    clearDraft(storage);
    expect(loadDraft(storage)).toBeNull();
  });
  it("does not throw when the storage is full", () => {
    const full = { ...memory(), setItem: () => { throw new Error("QuotaExceededError"); } };
    expect(() => saveDraft(full, emptyDraft())).not.toThrow();
  });
  it("counts as a draft only once something was typed or chosen", () => {
    expect(hasContent(emptyDraft())).toBe(false);
    expect(hasContent({ ...emptyDraft(), description: "  " })).toBe(false);
    expect(hasContent({ ...emptyDraft(), phone: "0913" })).toBe(true);
    expect(hasContent({ ...emptyDraft(), lat: 9, lon: 105 })).toBe(true);
  });
  it("gives each new report its own idempotency key", () => {
    expect(emptyDraft().idempotencyKey).not.toBe(emptyDraft().idempotencyKey);
  });
});
