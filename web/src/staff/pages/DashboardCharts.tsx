import { useEffect, useRef, useState } from "preact/hooks";
import { LazyMap } from "../../components/LazyMap";
import { RankingTable } from "../../components/RankingTable";
import { useApp } from "../../context";
import type { MapPoint } from "../../map/leaflet";
import { useStaff } from "../context";
import { gatherReports } from "../gather";
import { useRefresh } from "../refresh";
import { staffPath } from "../routes";
import type { StaffStats } from "../types";

const OPEN = ["received", "triage", "assigned", "in_progress"];

/** Where the open reports are, overdue ones in red; refreshed with the figures. */
export function OpenMap() {
  const { api, t } = useStaff();
  const { config } = useApp();
  const [handle, setHandle] = useState<{ show(points: MapPoint[]): void } | null>(null);
  const [counts, setCounts] = useState<[string, string]>(["0", "0"]);
  const load = () => {
    gatherReports((query) => api.reports(query), {}, OPEN).then((found) => {
      const open = found.items.filter((s) => typeof s.lat === "number" && typeof s.lon === "number");
      const capped = found.capped.size > 0;
      setCounts([`${open.length}${capped ? "+" : ""}`, `${open.filter((s) => s.overdue).length}${capped ? "+" : ""}`]);
      handle?.show(
        open.map((s) => ({ lat: s.lat!, lon: s.lon!, label: s.id, href: staffPath({ page: "report", code: s.id }), overdue: s.overdue })),
      );
    }, () => undefined);
  };
  useRefresh(load, 60, [api, handle]);
  return (
    <figure class="chart">
      <figcaption>{t("open_map", { open: counts[0], overdue: counts[1] })}</figcaption>
      <LazyMap className="small" setup={(element, module) => module.pointsMap(element, { tilesUrl: config.tiles_url, areas: null, label: t("open_map_label") })} onReady={setHandle} />
    </figure>
  );
}

export function Ranking({ stats }: { stats: StaffStats }) {
  const { t } = useStaff();
  return (
    <>
      <h2 id="ranking-title">{t("ranking")}</h2>
      {stats.ranking.length === 0 && <p>{t("ranking_empty")}</p>}
      {stats.ranking.length > 0 && <RankingTable
        rows={stats.ranking}
        labelledBy="ranking-title"
        labels={{ rank: t("rank"), agency: t("agency"), onTime: t("on_time_rate"), satisfied: t("satisfaction"), resolved: t("resolved") }}
      />}
    </>
  );
}

export function AgencyChart({ stats }: { stats: StaffStats }) {
  const { t } = useStaff();
  const canvas = useRef<HTMLCanvasElement>(null);
  const rows = stats.by_agency.filter((r) => r.id !== "-" && r.received > 0);
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
  }, [stats]);
  if (!rows.length) return null;
  return (
    <figure class="chart">
      <figcaption>
        {t("by_agency")}: {t("received")}
      </figcaption>
      <div class="chart-box" style={{ height: `${Math.max(120, rows.length * 36)}px` }}>
        <canvas ref={canvas} role="img" aria-label={`${t("by_agency")}: ${rows.map((r) => `${r.name ?? r.id} ${r.received}`).join(", ")}`} />
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

/** Received and answered per month: one statistics call per month, the same figures as the API's. */
export function MonthsChart({ period }: { period: string }) {
  const { api, t } = useStaff();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [rows, setRows] = useState<{ month: string; received: number; resolved: number }[]>([]);
  useEffect(() => {
    if (!/^\d{4}-\d{2}$/.test(period)) return;
    const months = monthsUpTo(period);
    Promise.all(months.map((m) => api.stats(m).then((s) => ({ month: m, received: s.province.received, resolved: s.province.resolved }))))
      .then(setRows, () => undefined);
  }, [api, period]);
  useEffect(() => {
    if (!canvas.current || !rows.length) return;
    let chart: { destroy(): void } | null = null;
    let cancelled = false;
    void import("../../charts").then(({ barChart }) => {
      if (cancelled || !canvas.current) return;
      chart = barChart(canvas.current, t("received"), rows.map((r) => r.month), rows.map((r) => r.received));
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [rows]);
  if (!rows.length) return null;
  return (
    <figure class="chart">
      <figcaption>{t("by_month")}</figcaption>
      <div class="chart-box" style={{ height: "240px" }}>
        <canvas ref={canvas} role="img" aria-label={`${t("by_month")}: ${rows.map((r) => `${r.month} ${r.received}/${r.resolved}`).join(", ")}`} />
      </div>
      <table class="sr-table">
        <caption>{t("by_month")}</caption>
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
