import { useState } from "preact/hooks";
import { ApiError, messageOf } from "../../api/errors";
import { percent } from "../../lib/i18n";
import { useStaff } from "../context";
import { DIMENSIONS, type Filters, NO_FILTER, chosenOf, filterNote } from "../dashboardFilters";
import type { StaffKey } from "../i18n";
import { useRefresh } from "../refresh";
import { staffPath } from "../routes";
import type { DrillDown, Figures, StaffStats } from "../types";
import { AgencyChart, MonthsChart, OpenMap, Ranking } from "./DashboardCharts";

function thisMonth(): string {
  return new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7); // Vietnam's month
}

/** The figures of the chosen slice from the period's figures: the province's, or one agency's, category's or
 * area's row; undefined when several are combined (the counters hold one dimension at a time: the
 * drill-down API sums those reports instead). */
export function sliceOf(stats: StaffStats, filters: Filters): Figures | null | undefined {
  const chosen = DIMENSIONS.filter((dimension) => filters[dimension]);
  if (chosen.length === 0) return stats.province;
  if (chosen.length > 1) return undefined;
  const dimension = chosen[0]!;
  const rows = { agency: stats.by_agency, category: stats.by_category, area: stats.by_area }[dimension];
  return rows.find((row) => row.id === filters[dimension]) ?? null;
}

/** What the ranking and the agencies' chart show: the period's, or with any filter the drill-down's rows for
 * exactly those reports (null until they have come for the filters now chosen: never another slice's). */
function rankingSource(
  stats: StaffStats | null,
  drill: { key: string; found: DrillDown } | null,
  key: string,
): Pick<StaffStats, "ranking" | "by_agency"> | null {
  if (!key) return stats;
  return drill && drill.key === key ? drill.found : null;
}

/** Which period and filters a drill-down answered for; "" when no filter is set (the period's figures then). */
function keyOf(period: string, filters: Filters): string {
  const chosen = chosenOf(filters);
  return Object.keys(chosen).length ? JSON.stringify([period, chosen]) : "";
}

function drillHref(month: string, figure: string, filters: Filters): string {
  const query = new URLSearchParams({ month, figure });
  for (const dimension of DIMENSIONS) if (filters[dimension]) query.set(dimension, filters[dimension]);
  return staffPath({ page: "drill", query: query.toString() });
}

export function DashboardPage() {
  const { api, lang, t } = useStaff();
  const [period, setPeriod] = useState(thisMonth());
  const [stats, setStats] = useState<StaffStats | null>(null);
  const [drill, setDrill] = useState<{ key: string; found: DrillDown } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filters, setFilters] = useState<Filters>(NO_FILTER);
  const fail = (failure: unknown) => setError(failure instanceof ApiError ? messageOf(failure.body, lang) : String(failure));
  const load = () => {
    if (!/^\d{4}-\d{2}$/.test(period)) return;
    const chosen = chosenOf(filters);
    const asked = keyOf(period, filters);
    api.stats(period).then((found) => {
      setStats(found);
      setError(null);
      if (!asked) return;
      api.drillDown({ month: period, ...chosen, limit: 1 }).then((rows) => setDrill({ key: asked, found: rows }), fail);
    }, fail);
  };
  useRefresh(load, 60, [api, period, lang, filters.agency, filters.category, filters.area]);

  async function download() {
    const blob = await api.statsCsv(period);
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `thong-ke-${period}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  }

  const key = keyOf(period, filters);
  const sliced = stats ? sliceOf(stats, filters) : null;
  const figures = sliced === undefined ? (drill?.key === key ? drill.found.figures : null) : sliced;
  const choices = { agency: stats?.by_agency ?? [], category: stats?.by_category ?? [], area: stats?.by_area ?? [] };
  const note = filterNote(filters, choices, t);
  const ranked = rankingSource(stats, drill, key);
  const cell = (figure: string, key: StaffKey, value: string) => (
    <div>
      <dt>{t(key)}</dt>
      <dd>
        <a href={drillHref(period, figure, filters)} data-testid={`figure-${figure}`}>
          {value}
        </a>
      </dd>
    </div>
  );
  return (
    <section>
      <h1>{t("dashboard_title")}</h1>
      <div class="filters stacked">
        <div class="field">
          <label for="d-period">{t("period")}</label>
          <input id="d-period" type="month" value={period} onChange={(e) => setPeriod(e.currentTarget.value)} />
        </div>
        {DIMENSIONS.map((dimension) => (
          <div class="field" key={dimension}>
            <label for={`d-${dimension}`}>{t(`filter_${dimension}` as StaffKey)}</label>
            <select
              id={`d-${dimension}`}
              value={filters[dimension]}
              onChange={(e) => setFilters({ ...filters, [dimension]: e.currentTarget.value })}
            >
              <option value="">{t("all")}</option>
              {choices[dimension].map((row) => (
                <option key={row.id} value={row.id}>
                  {row.name ?? row.id}
                </option>
              ))}
            </select>
          </div>
        ))}
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
      <OpenMap filters={filters} note={note} />
      {ranked && <Ranking rows={ranked.ranking} note={note} />}
      {ranked && <AgencyChart rows={ranked.by_agency} note={note} />}
      <MonthsChart period={period} filters={filters} note={note} />
    </section>
  );
}
