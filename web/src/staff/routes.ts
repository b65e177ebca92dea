import { normaliseCode } from "../lib/router";

/** The console's pages, from the part of the path after `/staff` (and its query, for lists and drill-downs). */
export type StaffRoute =
  | { page: "home" }
  | { page: "report"; code: string }
  | { page: "queue"; tab: QueueTab }
  | { page: "new" }
  | { page: "dashboard" }
  | { page: "drill"; query: string }
  | { page: "admin" }
  | { page: "notfound" };

export const QUEUE_TABS = ["triage", "received", "resolved", "overdue", "inbox", "all"] as const;
export type QueueTab = (typeof QUEUE_TABS)[number];

export function parseStaffRoute(path: string, search = ""): StaffRoute {
  const clean = path.replace(/\/+$/, "") || "/";
  if (clean === "/") return { page: "home" };
  if (clean === "/new") return { page: "new" };
  if (clean === "/dashboard") return { page: "dashboard" };
  if (clean === "/admin") return { page: "admin" };
  if (clean === "/drill") return { page: "drill", query: search.replace(/^\?/, "") };
  const report = /^\/r\/([^/]+)$/.exec(clean);
  if (report?.[1]) return { page: "report", code: normaliseCode(decodeURIComponent(report[1])) };
  const queue = /^\/queue\/([a-z]+)$/.exec(clean);
  const tab = QUEUE_TABS.find((t) => t === queue?.[1]);
  if (tab) return { page: "queue", tab };
  return { page: "notfound" };
}

export function staffPath(route: StaffRoute): string {
  switch (route.page) {
    case "home":
      return "/staff";
    case "report":
      return `/staff/r/${encodeURIComponent(route.code)}`;
    case "queue":
      return `/staff/queue/${route.tab}`;
    case "new":
      return "/staff/new";
    case "dashboard":
      return "/staff/dashboard";
    case "drill":
      return `/staff/drill${route.query ? `?${route.query}` : ""}`;
    case "admin":
      return "/staff/admin";
    case "notfound":
      return "/staff";
  }
}

export type Role = "operator" | "agency" | "leader" | "admin";

/** The one role a person's home page is for, the broadest first (an operator who is also admin triages). */
export function roleOf(groups: readonly string[]): Role | null {
  if (groups.includes("operator")) return "operator";
  if (groups.some((g) => g.startsWith("agency:"))) return "agency";
  if (groups.includes("leader")) return "leader";
  if (groups.includes("admin")) return "admin";
  return null;
}

export function homeOf(role: Role): StaffRoute {
  switch (role) {
    case "operator":
      return { page: "queue", tab: "triage" };
    case "agency":
      return { page: "queue", tab: "inbox" };
    case "leader":
      return { page: "dashboard" };
    case "admin":
      return { page: "admin" };
  }
}
