import { useEffect, useState } from "preact/hooks";
import { ApiError, messageOf } from "../../api/errors";
import type { Category } from "../../api/types";
import { store, useApp } from "../../context";
import { categoryName, loadCategories } from "../../lib/categories";
import { formatDate, statusLabel } from "../../lib/i18n";
import type { ReportQuery } from "../api";
import { useStaff } from "../context";
import { type Gathered, gatherReports, shownCount } from "../gather";
import { useRefresh } from "../refresh";
import { type QueueTab, staffPath } from "../routes";
import type { Summary } from "../types";
import type { StaffKey } from "../i18n";

const QUERIES: Record<QueueTab, ReportQuery> = {
  triage: { status: "triage" },
  received: { status: "received" },
  resolved: { status: "resolved" },
  overdue: { overdue: true },
  inbox: {},
  all: {},
};
const SOON_MS = 24 * 3600_000;
const SHOWN = 100; // cards on the page at first; every report gathered still counts

/** Deadline first: what is due soonest at the top, reports with no deadline after. */
export function byDeadline(items: Summary[]): Summary[] {
  const due = (s: Summary) => (s.answer_due_at ? Date.parse(s.answer_due_at) : Number.POSITIVE_INFINITY);
  return [...items].sort((a, b) => due(a) - due(b) || a.created_at.localeCompare(b.created_at));
}

export function countByStatus(items: Summary[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.status, (counts.get(item.status) ?? 0) + 1);
  return [...counts.entries()];
}

export function QueuePage({ tab }: { tab: QueueTab }) {
  const { api, lang, t } = useStaff();
  const categories = useCategories();
  const [found, setFound] = useState<Gathered | null>(null);
  const [shown, setShown] = useState(SHOWN);
  const [error, setError] = useState<string | null>(null);
  const [at, setAt] = useState<string>("");

  const load = () => {
    gatherReports((query) => api.reports(query), QUERIES[tab]).then(
      (gathered) => {
        setFound(gathered);
        setError(null);
        setAt(new Date().toISOString());
      },
      (failure: unknown) => setError(failure instanceof ApiError ? messageOf(failure.body, lang) : String(failure)),
    );
  };
  useRefresh(load, 30, [api, tab, lang]);
  useEffect(() => setShown(SHOWN), [tab]);

  const title = t(`tab_${tab}` as StaffKey);
  const items = found?.items ?? null;
  const sorted = byDeadline(items ?? []);
  const total = `${sorted.length}${found?.capped.size ? "+" : ""}`;
  return (
    <section>
      <h1>{title}</h1>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {items === null && !error && <p role="status">{t("loading")}</p>}
      {found && items && (
        <>
          <p class="meta">
            {t("refreshed", { at: formatDate(lang, at) })} · <span data-testid="queue-total">{t("queue_total", { n: total })}</span>
          </p>
          {(tab === "inbox" || tab === "all") && items.length > 0 && (
            <ul class="counts" aria-label={t("counts")}>
              {countByStatus(items).map(([status, n]) => (
                <li key={status}>
                  {statusLabel(lang, status)}: <strong>{shownCount(n, found.capped.has(status))}</strong>
                </li>
              ))}
            </ul>
          )}
          {items.length === 0 && <p>{t("queue_empty")}</p>}
          <ul class="cards queue">
            {sorted.slice(0, shown).map((item) => (
              <QueueCard key={item.id} item={item} categories={categories} />
            ))}
          </ul>
          {sorted.length > shown && (
            <button type="button" onClick={() => setShown(shown + SHOWN)}>
              {t("load_more")}
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** The categories' names, to show a report's category as people call it rather than by its code. */
function useCategories(): Category[] {
  const { api } = useApp();
  const [categories, setCategories] = useState<Category[]>([]);
  useEffect(() => {
    loadCategories(api, store()).then(setCategories, () => undefined);
  }, [api]);
  return categories;
}

function QueueCard({ item, categories }: { item: Summary; categories: Category[] }) {
  const { lang, t } = useStaff();
  const due = item.answer_due_at ? Date.parse(item.answer_due_at) : null;
  const soon = !item.overdue && due !== null && due - Date.now() < SOON_MS;
  return (
    <li class={`card${item.overdue ? " overdue" : soon ? " soon" : ""}`} data-testid="queue-item">
      <p>
        <a class="code-link" href={staffPath({ page: "report", code: item.id })}>
          {item.id}
        </a>{" "}
        <span class="status">{statusLabel(lang, item.status)}</span>{" "}
        {item.overdue && <strong class="flag overdue">{t("overdue")}</strong>}
        {soon && <strong class="flag soon">{t("near_deadline")}</strong>}
        {item.waiting_for_reporter && <span class="flag">{t("waiting")}</span>}
      </p>
      <p class="summary">{item.summary}</p>
      <p class="meta">
        {item.category ? categoryName(categories, item.category, lang) : "—"} · {t(item.urgency)}
        {item.answer_due_at && ` · ${t("due")}: ${formatDate(lang, item.answer_due_at)}`}
        {item.possible_duplicates > 0 && ` · ${t("duplicates")}: ${item.possible_duplicates}`}
      </p>
    </li>
  );
}
