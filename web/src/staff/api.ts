import { ApiError, NETWORK_ERROR, toApiError } from "../api/errors";
import type {
  Action,
  Agency,
  AgencyIn,
  AgencyUpdate,
  AdminAreas,
  AreaIn,
  Categories,
  CategoryIn,
  DeliveryLog,
  Rules,
  ActionDone,
  Agencies,
  AgencyChoices,
  AgencyNames,
  DrillDown,
  Filed,
  FileReport,
  Me,
  ProvinceSettings,
  ReportPage,
  StaffReport,
  StaffStats,
  WebhookCreated,
  WebhookRotated,
  Webhooks,
} from "./types";

export interface ReportQuery {
  status?: string;
  agency_id?: string;
  category?: string;
  overdue?: boolean;
  limit?: number;
  cursor?: string;
}

export interface StatsFilter {
  month?: string;
  agency?: string;
  category?: string;
  area?: string;
  figure?: string;
  limit?: number;
}

/** What the API is called with: the caller's ID token, fetched fresh (refreshed when about to expire). */
export type TokenSource = () => Promise<string | null>;

/** The staff, statistics and admin API, typed by the generated OpenAPI types; failures are ApiErrors. */
export class StaffApi {
  constructor(
    readonly base: string,
    private readonly token: TokenSource,
    private readonly onUnauthorised: () => void = () => undefined,
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
  ) {}

  url(path: string, query: Record<string, string | number | boolean | undefined> = {}): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== "") params.set(key, String(value));
    }
    const search = params.toString();
    return `${this.base}${path}${search ? `?${search}` : ""}`;
  }

  async raw(path: string, init: RequestInit = {}, query = {}): Promise<Response> {
    const token = await this.token();
    if (!token) {
      this.onUnauthorised();
      throw new ApiError(401, { code: "signed_out", message_vi: "Phiên đăng nhập đã hết.", message_en: "Signed out." });
    }
    const headers = { ...(init.headers as Record<string, string>), Authorization: `Bearer ${token}` };
    try {
      return await this.fetcher(this.url(path, query), { ...init, headers });
    } catch {
      throw new ApiError(0, NETWORK_ERROR);
    }
  }

  private async call<T>(path: string, init: RequestInit = {}, query = {}): Promise<T> {
    const response = await this.raw(path, init, query);
    const payload: unknown = await response.json().catch(() => null);
    if (response.status === 401) this.onUnauthorised();
    if (!response.ok) throw toApiError(response.status, payload);
    return payload as T;
  }

  private send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method, headers: { "Content-Type": "application/json" } };
    if (body !== undefined) init.body = JSON.stringify(body);
    return this.call(path, init);
  }

  me(): Promise<Me> {
    return this.call("/v1/staff/me");
  }

  reports(query: ReportQuery = {}): Promise<ReportPage> {
    return this.call("/v1/staff/reports", {}, query);
  }

  report(id: string): Promise<StaffReport> {
    return this.call(`/v1/staff/reports/${encodeURIComponent(id)}`);
  }

  /** A photo of the report or of its answer, as staff see it before publishing: JPEG bytes (an <img> cannot
   * send the bearer token, so the page shows them through object URLs). */
  async photo(id: string, photo: string, thumbnail = false): Promise<Blob> {
    const path = `/v1/staff/reports/${encodeURIComponent(id)}/photos/${encodeURIComponent(photo)}`;
    const response = await this.raw(path, { headers: { Accept: "image/jpeg" } }, thumbnail ? { size: "thumb" } : {});
    if (!response.ok) throw toApiError(response.status, await response.json().catch(() => null));
    return response.blob();
  }

  act(id: string, action: Action): Promise<ActionDone> {
    return this.send("POST", `/v1/staff/reports/${encodeURIComponent(id)}/actions`, action);
  }

  file(body: FileReport): Promise<Filed> {
    return this.send("POST", "/v1/staff/reports", body);
  }

  agencyChoices(): Promise<AgencyChoices> {
    return this.call("/v1/staff/agencies");
  }

  /** Every agency's id and name: what any staff member may read to see an agency by its name. */
  agencyNames(): Promise<AgencyNames> {
    return this.call("/v1/staff/agency-names");
  }

  stats(period: string): Promise<StaffStats> {
    return this.call("/v1/staff/stats", {}, { period });
  }

  async statsCsv(period: string): Promise<Blob> {
    const response = await this.raw("/v1/staff/stats", {}, { period, format: "csv" });
    if (!response.ok) throw toApiError(response.status, await response.json().catch(() => null));
    return response.blob();
  }

  drillDown(filter: StatsFilter): Promise<DrillDown> {
    return this.call("/v1/staff/stats/reports", {}, { ...filter });
  }

  agencies(): Promise<Agencies> {
    return this.call("/v1/admin/agencies");
  }

  createAgency(body: AgencyIn): Promise<Agency> {
    return this.send("POST", "/v1/admin/agencies", body);
  }

  updateAgency(id: string, body: AgencyUpdate): Promise<Agency> {
    return this.send("PUT", `/v1/admin/agencies/${encodeURIComponent(id)}`, body);
  }

  webhooks(agency: string): Promise<Webhooks> {
    return this.call(`/v1/admin/agencies/${encodeURIComponent(agency)}/webhooks`);
  }

  registerWebhook(agency: string, url: string): Promise<WebhookCreated> {
    return this.send("POST", `/v1/admin/agencies/${encodeURIComponent(agency)}/webhooks`, { url });
  }

  rotateWebhook(agency: string, webhook: string): Promise<WebhookRotated> {
    const path = `/v1/admin/agencies/${encodeURIComponent(agency)}/webhooks/${encodeURIComponent(webhook)}/rotate`;
    return this.send("POST", path);
  }

  categories(): Promise<Categories> {
    return this.call("/v1/admin/categories");
  }

  putCategory(code: string, body: CategoryIn): Promise<unknown> {
    return this.send("PUT", `/v1/admin/categories/${encodeURIComponent(code)}`, body);
  }

  rules(): Promise<Rules> {
    return this.call("/v1/admin/rules");
  }

  putRule(id: string, agencyId: string): Promise<unknown> {
    return this.send("PUT", `/v1/admin/rules/${encodeURIComponent(id)}`, { agency_id: agencyId });
  }

  async deleteRule(id: string): Promise<void> {
    const response = await this.raw(`/v1/admin/rules/${encodeURIComponent(id)}`, { method: "DELETE" });
    if (!response.ok) throw toApiError(response.status, await response.json().catch(() => null));
  }

  areas(): Promise<AdminAreas> {
    return this.call("/v1/admin/areas");
  }

  putArea(code: string, body: AreaIn): Promise<unknown> {
    return this.send("PUT", `/v1/admin/areas/${encodeURIComponent(code)}`, body);
  }

  deliveries(agency: string): Promise<DeliveryLog> {
    return this.call(`/v1/admin/agencies/${encodeURIComponent(agency)}/deliveries`, {}, { limit: 20 });
  }

  settings(): Promise<ProvinceSettings> {
    return this.call("/v1/admin/settings");
  }

  saveSettings(settings: ProvinceSettings): Promise<ProvinceSettings> {
    return this.send("PUT", "/v1/admin/settings", settings);
  }
}
