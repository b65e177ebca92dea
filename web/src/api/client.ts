import { ApiError, NETWORK_ERROR, toApiError } from "./errors";
import type {
  Areas,
  Category,
  FeedPage,
  PublicReport,
  RateAnswer,
  ReporterReport,
  Stats,
  SubmitReport,
  Submitted,
  UploadSlot,
} from "./types";

export interface FeedQuery {
  status?: string;
  category?: string;
  area?: string;
  q?: string;
  bbox?: [number, number, number, number];
  limit?: number;
  cursor?: string;
}

/** A thin fetch wrapper typed by the generated OpenAPI types; every failure becomes an ApiError. */
export class Api {
  constructor(
    readonly base: string,
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
  ) {}

  url(path: string, query: Record<string, string | number | undefined> = {}): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== "") params.set(key, String(value));
    }
    const search = params.toString();
    return `${this.base}${path}${search ? `?${search}` : ""}`;
  }

  private async call<T>(path: string, init: RequestInit = {}, query = {}): Promise<T> {
    let response: Response;
    try {
      response = await this.fetcher(this.url(path, query), init);
    } catch {
      throw new ApiError(0, NETWORK_ERROR);
    }
    const payload: unknown = await response.json().catch(() => null);
    if (!response.ok) throw toApiError(response.status, payload);
    return payload as T;
  }

  private json(method: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
    return { method, headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) };
  }

  categories(): Promise<Category[]> {
    return this.call("/v1/categories");
  }

  feed(query: FeedQuery = {}): Promise<FeedPage> {
    const { bbox, ...rest } = query;
    return this.call("/v1/reports", {}, { ...rest, bbox: bbox?.join(",") });
  }

  report(id: string, token?: string): Promise<PublicReport | ReporterReport> {
    const headers: Record<string, string> = token ? { "X-Access-Token": token } : {};
    return this.call(`/v1/reports/${encodeURIComponent(id)}`, { headers });
  }

  submit(body: SubmitReport, idempotencyKey: string): Promise<Submitted> {
    return this.call("/v1/reports", this.json("POST", body, { "Idempotency-Key": idempotencyKey }));
  }

  rate(id: string, token: string, body: RateAnswer): Promise<unknown> {
    return this.call(
      `/v1/reports/${encodeURIComponent(id)}/rating`,
      this.json("POST", body, { "X-Access-Token": token }),
    );
  }

  openUpload(contentType: "image/jpeg" | "image/png" | "image/webp"): Promise<UploadSlot> {
    return this.call("/v1/uploads", this.json("POST", { content_type: contentType }));
  }

  /** Ward/commune outlines; null when the API has none to give (the map then shows no outlines). */
  async areas(): Promise<Areas | null> {
    try {
      return await this.call<Areas>("/v1/areas");
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }

  stats(period: string): Promise<Stats> {
    return this.call("/v1/stats", {}, { period });
  }

  statsCsvUrl(period: string): string {
    return this.url("/v1/stats", { period, format: "csv" });
  }

  photoUrl(reportId: string, photoId: string, thumb = false): string {
    return this.url(`/v1/reports/${encodeURIComponent(reportId)}/photos/${encodeURIComponent(photoId)}`, {
      size: thumb ? "thumb" : undefined,
    });
  }
}

export function isReporterView(report: PublicReport | ReporterReport): report is ReporterReport {
  return "can_rate" in report;
}
