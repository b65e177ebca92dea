import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, messageOf } from "../api/errors";
import type { Category, Stats } from "../api/types";
import { store, useApp } from "../context";
import { RankingTable } from "../components/RankingTable";
import { categoryName, loadCategories } from "../lib/categories";
import { percent } from "../lib/i18n";

function thisMonth(): string {
  const now = new Date(Date.now() + 7 * 3600_000); // Vietnam's month, whatever the phone's time zone
  return now.toISOString().slice(0, 7);
}

export function StatsPage() {
  const { api, lang, t } = useApp();
  const [period, setPeriod] = useState(thisMonth());
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);

  useEffect(() => {
    loadCategories(api, store()).then(setCategories, () => undefined);
  }, [api]);
  useEffect(() => {
    if (!/^\d{4}-\d{2}$/.test(period)) return;
    api.stats(period).then(
      (found) => {
        setStats(found);
        setError(null);
      },
      (failure: unknown) => setError(failure instanceof ApiError ? messageOf(failure.body, lang) : String(failure)),
    );
  }, [api, period, lang]);

  const p = stats?.province;
  // Only rows that have the figure: an agency with no answer yet has no on-time rate to draw.
  const rated = (stats?.by_agency ?? []).filter((r) => r.on_time_rate !== null && r.id !== "-");
  const received = (stats?.by_category ?? []).filter((r) => r.received > 0);
  return (
    <section>
      <h1>{t("stats_title")}</h1>
      <div class="field inline">
        <label for="f-period">{t("period")}</label>
        <input id="f-period" type="month" value={period} onChange={(e) => setPeriod(e.currentTarget.value)} />
      </div>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {p && (
        <>
          <dl class="figures">
            <div>
              <dt>{t("received")}</dt>
              <dd>{p.received}</dd>
            </div>
            <div>
              <dt>{t("on_time_rate")}</dt>
              <dd>{percent(p.on_time_rate)}</dd>
            </div>
            <div>
              <dt>{t("overdue_now")}</dt>
              <dd>{p.overdue_now}</dd>
            </div>
            <div>
              <dt>{t("satisfied_rate")}</dt>
              <dd>{percent(p.satisfied_rate)}</dd>
            </div>
            <div>
              <dt>{t("mean_score")}</dt>
              <dd>{p.mean_score == null ? "—" : p.mean_score.toFixed(1)}</dd>
            </div>
          </dl>
          <p>
            <a href={api.statsCsvUrl(period)} download>
              {t("csv")}
            </a>
          </p>
          <RankingTable
            rows={stats.ranking}
            title={t("ranking")}
            empty={t("no_data")}
            labels={{ rank: t("rank"), agency: t("agency"), onTime: t("on_time_rate"), satisfied: t("satisfied_rate"), resolved: t("resolved_count") }}
          />
          <Chart
            title={`${t("chart_on_time")} (%)`}
            labels={rated.map((r) => r.name ?? r.id)}
            values={rated.map((r) => Math.round((r.on_time_rate ?? 0) * 100))}
            max={100}
          />
          <Chart
            title={t("chart_categories")}
            labels={received.map((r) => r.name ?? categoryName(categories, r.id, lang))}
            values={received.map((r) => r.received)}
          />
        </>
      )}
    </section>
  );
}

/** A horizontal bar chart; Chart.js is loaded only here. The figures are also in the table and the CSV. */
function Chart({ title, labels, values, max }: { title: string; labels: string[]; values: number[]; max?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current || labels.length === 0) return;
    let chart: { destroy(): void } | null = null;
    let cancelled = false;
    void import("../charts").then(({ barChart }) => {
      if (!cancelled && canvas.current) chart = barChart(canvas.current, title, labels, values, max);
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [title, labels.join("|"), values.join("|"), max]); // redrawn when the figures change, not on every render
  if (labels.length === 0) return null;
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div class="chart-box" style={{ height: `${Math.max(160, labels.length * 36)}px` }}>
        <canvas ref={canvas} role="img" aria-label={title} />
      </div>
    </figure>
  );
}
