import type { FeatureCollection, Geometry } from "geojson";

/** Names for the generated OpenAPI types (schema.d.ts is generated from shared/openapi.json). */
import type { components } from "./schema";

type S = components["schemas"];
export type Category = S["CategoryOut"];
export type CategoryField = S["FieldOut"];
export type FeedItem = S["FeedItem"];
export type FeedPage = S["FeedPage"];
export type PublicReport = S["PublicReport"];
export type ReporterReport = S["ReporterReport"];
export type SubmitReport = S["SubmitReport"];
export type Submitted = S["Submitted"];
export type UploadSlot = S["UploadSlot"];
export type RateAnswer = S["RateAnswer"];
export type Status = S["Status"];
export type TimelineStep = S["TimelineStep"];

/**
 * `GET /v1/stats` and `GET /v1/areas` are served by functions whose routes join the whole-API document;
 * until the generated types carry them, these mirror their JSON (services/sla/logic/figures.py).
 */
export interface Figures {
  received: number;
  assigned: number;
  resolved: number;
  closed: number;
  rejected: number;
  open: number;
  on_time: number;
  late: number;
  overdue_now: number;
  on_time_rate: number | null;
  answer_hours_median: number | null;
  answer_hours_p90: number | null;
  rated: number;
  satisfied_rate: number | null;
  mean_score: number | null;
}
export interface StatsRow extends Figures {
  id: string;
  name?: string | null;
}
export interface Ranked {
  rank: number;
  agency_id: string;
  name: string | null;
  on_time_rate: number | null;
  satisfied_rate: number | null;
  resolved: number;
}
export interface Stats {
  period: string;
  province: Figures;
  by_agency: StatsRow[];
  by_category: StatsRow[];
  by_area: StatsRow[];
  ranking: Ranked[];
}

export interface AreaProperties {
  code: string;
  name: string;
}
export type Areas = FeatureCollection<Geometry, AreaProperties>;
