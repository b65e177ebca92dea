/**
 * The app's few routes as a pure function of the path. Hand-written rather than a router package: five
 * routes, one parameter, and the mapping is unit-tested in isolation; the history wiring is ~20 lines.
 * The track page `/r/<code>` is the stable, shareable address every message to a reporter links to.
 */
export type Route =
  | { name: "home" }
  | { name: "new" }
  | { name: "track"; code: string | null }
  | { name: "mine" }
  | { name: "stats" }
  | { name: "staff"; path: string }
  | { name: "notfound" };

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** What a person types or reads over the phone, as the API spells it (same rules as shared/ids.py). */
export function normaliseCode(raw: string): string {
  let cleaned = raw.trim().toUpperCase().replace(/[-\s]/g, "");
  cleaned = cleaned.replace(/O/g, "0").replace(/[IL]/g, "1");
  if (cleaned.startsWith("PA")) cleaned = cleaned.slice(2);
  return `PA-${cleaned.slice(0, 4)}-${cleaned.slice(4)}`;
}

export function isCode(value: string): boolean {
  return new RegExp(`^PA-[${ALPHABET}]{4}-[${ALPHABET}]{4}$`).test(value);
}

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/") return { name: "home" };
  if (path === "/new") return { name: "new" };
  if (path === "/r") return { name: "track", code: null };
  if (path === "/mine") return { name: "mine" };
  if (path === "/stats") return { name: "stats" };
  // The staff console routes its own pages under /staff (its chunk loads only there).
  if (path === "/staff" || path.startsWith("/staff/")) return { name: "staff", path: path.slice("/staff".length) || "/" };
  const track = /^\/r\/([^/]+)$/.exec(path);
  if (track?.[1]) return { name: "track", code: normaliseCode(decodeURIComponent(track[1])) };
  return { name: "notfound" };
}

export function pathOf(route: Route): string {
  switch (route.name) {
    case "home":
      return "/";
    case "new":
      return "/new";
    case "track":
      return route.code ? `/r/${encodeURIComponent(route.code)}` : "/r";
    case "mine":
      return "/mine";
    case "stats":
      return "/stats";
    case "staff":
      return `/staff${route.path === "/" ? "" : route.path}`;
    case "notfound":
      return "/";
  }
}
