// @vitest-environment happy-dom
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../src/api/errors";
import { StaffCtx, type StaffContext } from "../src/staff/context";
import { staffT } from "../src/staff/i18n";
import { StaffPhotos } from "../src/staff/pages/StaffPhotos";
import type { StaffReport } from "../src/staff/types";

const PHOTO = "a".repeat(32);
const REPORT = {
  id: "PA-7K3M-Q9XD",
  photos: [],
  answer_photos: [PHOTO],
  photo_status: { [PHOTO]: { status: "ready" } },
} as unknown as StaffReport;

const busy = () => new ApiError(503, { code: "http_503", message_vi: "Bận.", message_en: "Busy." });
const refused = () => new ApiError(404, { code: "not_found", message_vi: "Không có ảnh này.", message_en: "No such photo." });

/** Renders the answer's photo with an API that fails as `answers` says, in turn, then sends the JPEG. */
function show(answers: (() => ApiError)[]): { root: HTMLElement; calls: () => number } {
  let calls = 0;
  const api = {
    photo: async () => {
      const failure = answers[calls++];
      if (failure) throw failure();
      return new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: "image/jpeg" });
    },
  };
  const staff = { api, lang: "vi", t: staffT("vi") };
  const root = document.createElement("div");
  document.body.append(root);
  render(
    <StaffCtx.Provider value={staff as unknown as StaffContext}>
      <StaffPhotos report={REPORT} />
    </StaffCtx.Provider>,
    root,
  );
  return { root, calls: () => calls };
}

const settle = () =>
  act(async () => {
    await vi.advanceTimersByTimeAsync(5000);
  });

beforeEach(() => {
  vi.useFakeTimers();
  URL.createObjectURL = () => "blob:photo";
  URL.revokeObjectURL = () => undefined;
});

afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = "";
});

describe("a staff photo that does not load at once", () => {
  it("is asked for again when the API was busy, and shown", async () => {
    const { root, calls } = show([busy, busy]);
    await settle();
    expect(calls()).toBe(3);
    expect(root.querySelector("img")?.getAttribute("alt")).toBe("Ảnh kết quả xử lý 1");
  });

  it("is not asked for again when the API refused it, and the person may try again", async () => {
    const { root, calls } = show([refused]);
    await settle();
    expect(calls()).toBe(1);
    expect(root.textContent).toContain("Không tải được ảnh");
    const again = [...root.querySelectorAll("button")].find((b) => b.textContent === "Tải lại ảnh");
    await act(() => again?.click());
    await settle();
    expect(calls()).toBe(2);
    expect(root.querySelector("img")).not.toBeNull();
  });

  it("stops asking after the retries and says so", async () => {
    const { root, calls } = show([busy, busy, busy, busy]);
    await settle();
    expect(calls()).toBe(3);
    expect(root.textContent).toContain("Không tải được ảnh");
  });
});
