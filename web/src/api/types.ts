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

export type Figures = S["Figures"];
export type StatsRow = S["Row"];
export type Ranked = S["Ranked"];
export type Stats = S["Stats"];

/** `GET /v1/areas` is GeoJSON: its properties are typed here, the geometry by the GeoJSON types. */
export interface AreaProperties {
  code: string;
  name: string;
}
export type Areas = FeatureCollection<Geometry, AreaProperties>;
