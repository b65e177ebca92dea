import { describe, expect, it } from "vitest";
import { ApiError } from "../src/api/errors";
import { StaffApi } from "../src/staff/api";

describe("a staff photo", () => {
  it("is fetched with the bearer token and asked for as JPEG (an <img> could send neither)", async () => {
    const seen: { url: string; headers: Record<string, string> }[] = [];
    const fetcher: typeof fetch = async (input, init) => {
      seen.push({ url: String(input), headers: init?.headers as Record<string, string> });
      return new Response(new Uint8Array([0xff, 0xd8, 0xff]), { status: 200, headers: { "Content-Type": "image/jpeg" } });
    };
    const api = new StaffApi("https://api.example.vn/prod", async () => "id-token", () => undefined, fetcher);
    const blob = await api.photo("PA-7K3M-Q9XD", "a".repeat(32), true);
    expect(blob.type).toBe("image/jpeg");
    expect(blob.size).toBe(3);
    expect(seen[0]?.url).toBe(`https://api.example.vn/prod/v1/staff/reports/PA-7K3M-Q9XD/photos/${"a".repeat(32)}?size=thumb`);
    expect(seen[0]?.headers).toEqual({ Accept: "image/jpeg", Authorization: "Bearer id-token" });
  });

  it("refused (rejected, not yet checked, another agency's) is the API's error, not an image", async () => {
    const body = { error: { code: "not_found", message_vi: "Ảnh bị từ chối: Tệp không phải là ảnh.", message_en: "Photo rejected." } };
    const fetcher: typeof fetch = async () => new Response(JSON.stringify(body), { status: 404 });
    const api = new StaffApi("", async () => "id-token", () => undefined, fetcher);
    const failure = await api.photo("PA-7K3M-Q9XD", "b".repeat(32)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(404);
  });
});
