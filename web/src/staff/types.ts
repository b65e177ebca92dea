/** Names for the generated OpenAPI types the console uses (schema.d.ts comes from shared/openapi.json). */
import type { components } from "../api/schema";

type S = components["schemas"];
export type Me = S["Me"];
export type StaffReport = S["StaffReport"];
export type Summary = S["StaffReportSummary"];
export type ReportPage = S["ReportPage"];
export type Action =
  | S["Classify"]
  | S["Assign"]
  | S["Reject"]
  | S["Merge"]
  | S["Publish"]
  | S["Hide"]
  | S["Accept"]
  | S["Note"]
  | S["Contacted"]
  | S["Resolve"]
  | S["SendBack"]
  | S["Reopen"];
export type ActionType = Action["type"];
export type ActionDone = S["ActionDone"];
export type FileReport = S["FileReport"];
export type Filed = S["Filed"];
export type AgencyChoices = S["AgencyChoices"];
export type AgencyNames = S["AgencyNames"];
export type StaffStats = S["Stats"];
export type Figures = S["Figures"];
export type Row = S["Row"];
export type Ranked = S["Ranked"];
export type DrillDown = S["DrillDown"];
export type Agency = S["Agency"];
export type Agencies = S["Agencies"];
export type Webhooks = S["Webhooks"];
export type WebhookCreated = S["WebhookCreated"];
export type WebhookRotated = S["WebhookRotated"];
export type Categories = S["Categories"];
export type Rules = S["Rules"];
export type AdminAreas = S["Areas"];
export type ProvinceSettings = S["ProvinceSettings"];
export type Urgency = S["Urgency"];
export type RejectReason = S["RejectReason"];
export type CategoryIn = S["CategoryIn"];
export type AreaIn = S["AreaIn"];
export type DeliveryLog = S["DeliveryLog"];
export type AgencyIn = S["AgencyIn"];
export type AgencyUpdate = S["AgencyUpdate"];
