import { useState } from "preact/hooks";
import { ApiError, messageOf } from "../../api/errors";
import { percent } from "../../lib/i18n";
import { useStaff } from "../context";
import type { StaffKey } from "../i18n";
import { useRefresh } from "../refresh";
import { staffPath } from "../routes";
import type { Figures, StaffStats } from "../types";
import { AgencyChart, MonthsChart, OpenMap, Ranking } from "./DashboardCharts";


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
