import { describe, expect, it } from "vitest";
import { Api } from "../src/api/client";
import { ApiError } from "../src/api/errors";
import { bboxAround } from "../src/lib/geo";
import { listMine, rememberMine, tokenFor } from "../src/lib/mine";
import { memory } from "./memory";

function fake(status: number, body: unknown, seen: { url?: string; init?: RequestInit } = {}): typeof fetch {
  return async (input, init) => {
    seen.url = String(input);
    seen.init = init;
    return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
  };
}

describe("the API client", () => {
  it("sends the idempotency key and the web channel's body as JSON", async () => {
    const seen: { url?: string; init?: RequestInit } = {};
    const api = new Api("http://api", fake(201, { id: "PA-0000-0000" }, seen));
    await api.submit({ description: "x".repeat(12), channel: "web", location: { lat: 9, lon: 105 } }, "key-1");
    expect(seen.url).toBe("http://api/v1/reports");
    expect((seen.init?.headers as Record<string, string>)["Idempotency-Key"]).toBe("key-1");
    expect(JSON.parse(String(seen.init?.body)).channel).toBe("web");
  });
  it("builds feed queries, leaving out empty filters", async () => {
    const seen: { url?: string } = {};
    await new Api("", fake(200, { items: [], next_cursor: null }, seen)).feed({
      status: "",
      category: "dien",
      bbox: [105.1, 9.1, 105.2, 9.2],
    });
    expect(seen.url).toBe("/v1/reports?category=dien&bbox=105.1%2C9.1%2C105.2%2C9.2");
  });
  it("turns API errors and lost connections into ApiError", async () => {
    const failing = new Api("", fake(422, { error: { code: "validation_error", message_vi: "a", message_en: "b" } }));
    await expect(failing.categories()).rejects.toMatchObject({ status: 422, body: { code: "validation_error" } });
    const offline = new Api("", async () => {
      throw new TypeError("Failed to fetch");
    });
    const error = await offline.categories().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).isNetwork).toBe(true);
  });
  it("takes a 404 on /v1/areas as no outlines", async () => {
    expect(await new Api("", fake(404, { error: { code: "no_route", message_vi: "", message_en: "" } })).areas()).toBeNull();
  });
  it("sends the access token only when it has one", async () => {
    const seen: { init?: RequestInit } = {};
    await new Api("", fake(200, {}, seen)).report("PA-0000-0000", "secret");
    expect((seen.init?.headers as Record<string, string>)["X-Access-Token"]).toBe("secret");
    await new Api("", fake(200, {}, seen)).report("PA-0000-0000");
    expect(seen.init?.headers).toEqual({});
  });
});

describe("my reports", () => {
  it("keeps the newest first, one entry per code, with its token", () => {
    const storage = memory();
    rememberMine(storage, { id: "PA-1", access_token: "t1", created_at: "a", summary: "một" });
    rememberMine(storage, { id: "PA-2", access_token: "t2", created_at: "b", summary: "hai" });
    rememberMine(storage, { id: "PA-1", access_token: "t1", created_at: "a", summary: "một" });
    expect(listMine(storage).map((r) => r.id)).toEqual(["PA-1", "PA-2"]);
    expect(tokenFor(storage, "PA-2")).toBe("t2");
    expect(tokenFor(storage, "PA-3")).toBeUndefined();
    storage.setItem("phananh.mine", "oops");
    expect(listMine(storage)).toEqual([]);
  });
});

describe("the nearby box", () => {
  it("is about the asked distance on each side, in the feed's order", () => {
    const [minLon, minLat, maxLon, maxLat] = bboxAround(9.1769, 105.1524, 300);
    expect(maxLat - minLat).toBeCloseTo(600 / 111_320, 5);
    expect(maxLon - minLon).toBeGreaterThan(maxLat - minLat); // a degree of longitude is shorter here
    expect(minLon).toBeLessThan(105.1524);
    expect(maxLat).toBeGreaterThan(9.1769);
  });
});
