import { useEffect, useRef, useState } from "preact/hooks";
import { LazyMap } from "../../components/LazyMap";
import { RankingTable } from "../../components/RankingTable";
import { useApp } from "../../context";
import type { MapPoint } from "../../map/leaflet";
import { useAreas } from "../areas";
import { useStaff } from "../context";
import { gatherReports } from "../gather";
import { useRefresh } from "../refresh";
import { staffPath } from "../routes";
import { type Filters, chosenOf, listQueryOf, listedMatches } from "../dashboardFilters";
import type { Figures, Ranked, Row } from "../types";

const OPEN = ["received", "triage", "assigned", "in_progress"];

/** Where the open reports the filters choose are, overdue ones in red; refreshed with the figures. */
export function OpenMap({ filters, note }: { filters: Filters; note: string }) {
  const { api, t } = useStaff();
  const { config } = useApp();
  const areas = useAreas();
  const [handle, setHandle] = useState<{ show(points: MapPoint[]): void } | null>(null);
  const [counts, setCounts] = useState<[string, string]>(["0", "0"]);
  const key = JSON.stringify(chosenOf(filters));
  const latest = useRef(key);
  latest.current = key;
  const load = () => {
    const asked = key;
    gatherReports((query) => api.reports(query), listQueryOf(filters), OPEN).then((found) => {
      if (latest.current !== asked) return; // the filters changed meanwhile: their own answer is coming
      const chosen = found.items.filter((s) => listedMatches(s, filters));
      const open = chosen.filter((s) => typeof s.lat === "number" && typeof s.lon === "number");
      const capped = found.capped.size > 0;
      setCounts([`${open.length}${capped ? "+" : ""}`, `${open.filter((s) => s.overdue).length}${capped ? "+" : ""}`]);
      handle?.show(
        open.map((s) => ({ lat: s.lat!, lon: s.lon!, label: s.id, href: staffPath({ page: "report", code: s.id }), overdue: s.overdue })),
      );
    }, () => undefined);
  };
  useRefresh(load, 60, [api, handle, key]);
  return (
    <figure class="chart">
      <figcaption>
        {t("open_map", { open: counts[0], overdue: counts[1] })}
        {note}
      </figcaption>
      {areas !== undefined && (
        <LazyMap className="small" setup={(element, module) => module.pointsMap(element, { tilesUrl: config.tiles_url, areas, label: t("open_map_label") })} onReady={setHandle} />
      )}
    </figure>
  );
}

/** The agencies' ranking for the figures shown: the period's, or those of the reports the filters choose. */
export function Ranking({ rows, note }: { rows: Ranked[]; note: string }) {
  const { t } = useStaff();
  return (
    <RankingTable
      rows={rows}
      title={`${t("ranking")}${note}`}
      empty={t("ranking_empty")}
      labels={{ rank: t("rank"), agency: t("agency"), onTime: t("on_time_rate"), satisfied: t("satisfaction"), resolved: t("resolved") }}
    />
  );
}

/** Received per agency, for the same reports as the figures; `note` names the filters. */
export function AgencyChart({ rows: all, note }: { rows: Row[]; note: string }) {
  const { t } = useStaff();
  const canvas = useRef<HTMLCanvasElement>(null);
  const rows = all.filter((r) => r.id !== "-" && r.received > 0);
  const drawn = rows.map((r) => `${r.name ?? r.id} ${r.received}`).join(", ");
  useEffect(() => {
    if (!canvas.current || !rows.length) return;
    let chart: { destroy(): void } | null = null;
    let cancelled = false;
    void import("../../charts").then(({ barChart }) => {
      if (cancelled || !canvas.current) return;
      chart = barChart(canvas.current, t("received"), rows.map((r) => r.name ?? r.id), rows.map((r) => r.received));
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [drawn]);
  if (!rows.length) return null;
  return (
    <figure class="chart">
      <figcaption>
        {t("by_agency")}: {t("received")}
        {note}
      </figcaption>
      <div class="chart-box" style={{ height: `${Math.max(120, rows.length * 36)}px` }}>
        <canvas ref={canvas} role="img" aria-label={`${t("by_agency")}: ${drawn}${note}`} />
      </div>
    </figure>
  );
}

/** The six months up to `period`, oldest first. */
export function monthsUpTo(period: string, count = 6): string[] {
  const [year, month] = period.split("-").map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const date = new Date(Date.UTC(year, month - 1 - (count - 1 - i), 1));
    return date.toISOString().slice(0, 7);
  });
}

type MonthRow = { month: string; received: number; resolved: number };

/** Received and answered per month, for the same reports as the figures: one call per month, the period's
 * province figures with no filter, the drill-down's sums for exactly the filters otherwise; refreshed with
 * the figures. */
export function MonthsChart({ period, filters, note }: { period: string; filters: Filters; note: string }) {
  const { api, t } = useStaff();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [shown, setShown] = useState<{ key: string; rows: MonthRow[] }>({ key: "", rows: [] });
  const chosen = chosenOf(filters);
  const key = JSON.stringify([period, chosen]);
  const latest = useRef(key);
  latest.current = key;
  useRefresh(() => {
    if (!/^\d{4}-\d{2}$/.test(period)) return;
    const asked = key;
    const filtered = Object.keys(chosen).length > 0;
    const figuresOf = (month: string): Promise<Figures> =>
      filtered ? api.drillDown({ month, ...chosen, limit: 1 }).then((d) => d.figures) : api.stats(month).then((s) => s.province);
    Promise.all(monthsUpTo(period).map((month) => figuresOf(month).then((f) => ({ month, received: f.received, resolved: f.resolved })))).then(
      (rows) => latest.current === asked && setShown({ key: asked, rows }),
      () => undefined,
    );
  }, 60, [api, key]);
  // Never another period's or slice's months under this caption, while the chosen ones are on their way.
  const rows = shown.key === key ? shown.rows : [];
  useEffect(() => {
    if (!canvas.current || !rows.length) return;
    let chart: { destroy(): void } | null = null;
    let cancelled = false;
    void import("../../charts").then(({ seriesChart }) => {
      if (cancelled || !canvas.current) return;
      chart = seriesChart(canvas.current, rows.map((r) => r.month), [
        { label: t("received"), values: rows.map((r) => r.received) },
        { label: t("resolved"), values: rows.map((r) => r.resolved) },
      ]);
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [rows]);
  if (!rows.length) return null;
  return (
    <figure class="chart">
      <figcaption>
        {t("by_month")}
        {note}
      </figcaption>
      <div class="chart-box" style={{ height: "240px" }}>
        <canvas ref={canvas} role="img" aria-label={`${t("by_month")}: ${rows.map((r) => `${r.month} ${r.received}/${r.resolved}`).join(", ")}${note}`} />
      </div>
      <table class="chart-table">
        <caption class="visually-hidden">
          {t("by_month")}
          {note}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t("period")}</th>
            <th scope="col">{t("received")}</th>
            <th scope="col">{t("resolved")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.month}>
              <td>{r.month}</td>
              <td>{r.received}</td>
              <td>{r.resolved}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
