import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, messageOf } from "../../api/errors";
import { formatDate, percent, statusLabel } from "../../lib/i18n";
import { LazyMap } from "../../components/LazyMap";
import { useApp } from "../../context";
import type { MapPoint } from "../../map/leaflet";
import { useStaff } from "../context";
import type { StaffKey } from "../i18n";
import { useRefresh } from "../refresh";
import { staffPath } from "../routes";
import type { DrillDown, Figures, StaffStats } from "../types";

function thisMonth(): string {
  return new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7); // Vietnam's month
}

type Dimension = "agency" | "category" | "area";

/** The figures of the chosen slice: the province, or one agency, category or area's row. */
export function sliceOf(stats: StaffStats, dimension: Dimension | "", id: string): Figures | null {
  if (!dimension || !id) return stats.province;
  const rows = { agency: stats.by_agency, category: stats.by_category, area: stats.by_area }[dimension];
  return rows.find((row) => row.id === id) ?? null;
}

function drillHref(month: string, figure: string, dimension: Dimension | "", id: string): string {
  const query = new URLSearchParams({ month, figure });
  if (dimension && id) query.set(dimension, id);
  return staffPath({ page: "drill", query: query.toString() });
}

export function DashboardPage() {
  const { api, lang, t } = useStaff();
  const [period, setPeriod] = useState(thisMonth());
  const [stats, setStats] = useState<StaffStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dimension, setDimension] = useState<Dimension | "">("");
  const [id, setId] = useState("");
  const load = () => {
    if (!/^\d{4}-\d{2}$/.test(period)) return;
    api.stats(period).then(
      (found) => {
        setStats(found);
        setError(null);
      },
      (failure: unknown) => setError(failure instanceof ApiError ? messageOf(failure.body, lang) : String(failure)),
    );
  };
  useRefresh(load, 60, [api, period, lang]);

  async function download() {
    const blob = await api.statsCsv(period);
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `thong-ke-${period}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  }

  const figures = stats ? sliceOf(stats, dimension, id) : null;
  const rows = stats && dimension ? { agency: stats.by_agency, category: stats.by_category, area: stats.by_area }[dimension] : [];
  const cell = (figure: string, key: StaffKey, value: string) => (
    <div>
      <dt>{t(key)}</dt>
      <dd>
        <a href={drillHref(period, figure, dimension, id)} data-testid={`figure-${figure}`}>
          {value}
        </a>
      </dd>
    </div>
  );
  return (
    <section>
      <h1>{t("dashboard_title")}</h1>
      <div class="filters">
        <div class="field">
          <label for="d-period">{t("period")}</label>
          <input id="d-period" type="month" value={period} onChange={(e) => setPeriod(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="d-dim">{t("filter_agency")} / {t("filter_category")} / {t("filter_area")}</label>
          <select id="d-dim" value={dimension} onChange={(e) => { setDimension(e.currentTarget.value as Dimension | ""); setId(""); }}>
            <option value="">{t("all")}</option>
            <option value="agency">{t("filter_agency")}</option>
            <option value="category">{t("filter_category")}</option>
            <option value="area">{t("filter_area")}</option>
          </select>
        </div>
        {dimension && (
          <div class="field">
            <label for="d-id">{t(`filter_${dimension}` as StaffKey)}</label>
            <select id="d-id" value={id} onChange={(e) => setId(e.currentTarget.value)}>
              <option value="">{t("all")}</option>
              {rows.map((row) => (
                <option key={row.id} value={row.id}>
                  {row.name ?? row.id}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="button" onClick={() => void download().catch(() => setError(t("sign_in_failed")))}>
          {t("csv")}
        </button>
      </div>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {figures && (
        <dl class="figures" data-testid="figures">
          {cell("received", "received", String(figures.received))}
          {cell("resolved", "resolved", String(figures.resolved))}
          {cell("on_time", "on_time_rate", percent(figures.on_time_rate))}
          {cell("overdue_now", "overdue_now", String(figures.overdue_now))}
          <div>
            <dt>{t("median")}</dt>
            <dd>{figures.answer_hours_median ?? "—"}</dd>
          </div>
          <div>
            <dt>{t("p90")}</dt>
            <dd>{figures.answer_hours_p90 ?? "—"}</dd>
          </div>
          {cell("satisfied", "satisfaction", percent(figures.satisfied_rate))}
        </dl>
      )}
      <OpenMap />
      {stats && <Ranking stats={stats} />}
      {stats && <AgencyChart stats={stats} />}
      <MonthsChart period={period} />
    </section>
  );
}

const OPEN = new Set(["received", "triage", "assigned", "in_progress"]);

/** Where the open reports are, overdue ones in red; refreshed with the figures. */
function OpenMap() {
  const { api, t } = useStaff();
  const { config } = useApp();
  const [handle, setHandle] = useState<{ show(points: MapPoint[]): void } | null>(null);
  const [counts, setCounts] = useState<[number, number]>([0, 0]);
  const load = () => {
    api.reports({ limit: 100 }).then((page) => {
      const open = page.items.filter((s) => OPEN.has(s.status) && typeof s.lat === "number" && typeof s.lon === "number");
      setCounts([open.length, open.filter((s) => s.overdue).length]);
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

function Ranking({ stats }: { stats: StaffStats }) {
  const { t } = useStaff();
  return (
    <div class="table-wrap">
      <h2 id="ranking-title">{t("ranking")}</h2>
      <table aria-labelledby="ranking-title">
        <thead>
          <tr>
            <th scope="col">{t("rank")}</th>
            <th scope="col">{t("agency")}</th>
            <th scope="col">{t("on_time_rate")}</th>
            <th scope="col">{t("satisfaction")}</th>
            <th scope="col">{t("resolved")}</th>
          </tr>
        </thead>
        <tbody>
          {stats.ranking.map((row) => (
            <tr key={row.agency_id}>
              <td>{row.rank}</td>
              <td>{row.name ?? row.agency_id}</td>
              <td>{percent(row.on_time_rate)}</td>
              <td>{percent(row.satisfied_rate)}</td>
              <td>{row.resolved}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AgencyChart({ stats }: { stats: StaffStats }) {
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
function MonthsChart({ period }: { period: string }) {
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

/** The reports behind one figure (`GET /v1/staff/stats/reports`), each opening its console page. */
export function DrillPage({ query }: { query: string }) {
  const { api, lang, t } = useStaff();
  const [found, setFound] = useState<DrillDown | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const params = Object.fromEntries(new URLSearchParams(query));
    api.drillDown(params).then(setFound, (failure: unknown) =>
      setError(failure instanceof ApiError ? messageOf(failure.body, lang) : String(failure)),
    );
  }, [api, query, lang]);
  return (
    <section>
      <h1>{t("drill_title")}</h1>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {found && (
        <>
          <p>
            {found.month} · {found.figure ?? ""} · {t("drill_total", { n: found.total })}
          </p>
          {found.truncated && <p class="meta">{t("drill_truncated")}</p>}
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("report_title", { code: "" }).trim()}</th>
                  <th scope="col">{t("day")}</th>
                  <th scope="col">{t("status")}</th>
                  <th scope="col">{t("agency")}</th>
                  <th scope="col">{t("category")}</th>
                </tr>
              </thead>
              <tbody>
                {found.reports.map((row) => (
                  <tr key={row.report_id}>
                    <td>
                      <a class="code-link" href={staffPath({ page: "report", code: row.report_id })}>
                        {row.report_id}
                      </a>
                    </td>
                    <td>{formatDate(lang, row.day).split(",")[0]}</td>
                    <td>{statusLabel(lang, row.status)}</td>
                    <td>{row.agency}</td>
                    <td>{row.category}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
