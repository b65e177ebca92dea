import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, messageOf } from "../api/errors";
import type { Areas, Category, FeedItem } from "../api/types";
import { LazyMap } from "../components/LazyMap";
import { store, useApp } from "../context";
import { categoryName, loadCategories } from "../lib/categories";
import { formatDate, STATUSES, statusLabel } from "../lib/i18n";
import type { ReportLayer } from "../map/leaflet";

interface Filters {
  status: string;
  category: string;
  area: string;
  q: string;
}

export function HomePage() {
  const { api, lang, t, config } = useApp();
  const [filters, setFilters] = useState<Filters>({ status: "", category: "", area: "", q: "" });
  const [applied, setApplied] = useState<Filters>(filters);
  const [items, setItems] = useState<FeedItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [categories, setCategories] = useState<Category[]>([]);
  const [areas, setAreas] = useState<Areas | null | undefined>(undefined);
  const layer = useRef<ReportLayer | null>(null);

  useEffect(() => {
    loadCategories(api, store()).then(setCategories, () => undefined);
    api.areas().then(setAreas, () => setAreas(null));
  }, [api]);

  const fetchPage = (next: string | null) => {
    setLoading(true);
    api
      .feed({ ...applied, limit: 50, ...(next ? { cursor: next } : {}) })
      .then(
        (page) => {
          const all = next ? [...items, ...page.items] : page.items;
          setItems(all);
          setCursor(page.next_cursor);
          setError(null);
          layer.current?.show(all);
        },
        (failure: unknown) => setError(failure instanceof ApiError ? messageOf(failure.body, lang) : String(failure)),
      )
      .finally(() => setLoading(false));
  };

  // A new first page whenever the applied filters change (typing in the form alone fetches nothing).
  useEffect(() => fetchPage(null), [applied]);

  const select = (key: keyof Filters, label: string, options: { value: string; label: string }[]) => (
    <div class="field">
      <label for={`filter-${key}`}>{label}</label>
      <select
        id={`filter-${key}`}
        value={filters[key]}
        onChange={(e) => setFilters({ ...filters, [key]: e.currentTarget.value })}
      >
        <option value="">{t("filter_all")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );

  const areaOptions = (areas?.features ?? []).map((f) => ({ value: f.properties.code, label: f.properties.name }));
  return (
    <section>
      <h1>{t("home_title")}</h1>
      <form
        class="filters"
        role="search"
        aria-label={t("filters")}
        onSubmit={(event) => {
          event.preventDefault();
          setApplied(filters);
        }}
      >
        {select(
          "status",
          t("filter_status"),
          STATUSES.map((s) => ({ value: s, label: statusLabel(lang, s) })),
        )}
        {select(
          "category",
          t("filter_category"),
          categories.map((c) => ({ value: c.code, label: lang === "en" ? c.name_en : c.name_vi })),
        )}
        {areaOptions.length > 0 && select("area", t("filter_area"), areaOptions)}
        <div class="field">
          <label for="filter-q">{t("filter_q")}</label>
          <input
            id="filter-q"
            type="search"
            value={filters.q}
            maxLength={100}
            onInput={(e) => setFilters({ ...filters, q: e.currentTarget.value })}
          />
        </div>
        <button type="submit" class="primary">
          {t("filter_apply")}
        </button>
      </form>
      {areas !== undefined && (
        <LazyMap
          setup={(element, map) => {
            const instance = map.createMap(element, { tilesUrl: config.tiles_url, areas, label: t("map_label") });
            return map.reportLayer(instance, (item) => ({
              title: categoryName(categories, item.category, lang) || item.id,
              status: statusLabel(lang, item.status),
              link: `/r/${item.id}`,
              linkText: `${t("view_details")} ${item.id}`,
            }));
          }}
          onReady={(pending) =>
            void pending.then((ready) => {
              layer.current = ready;
              ready.show(items);
            })
          }
        />
      )}
      {areas === null && <p class="hint">{t("map_no_outlines")}</p>}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {loading && <p role="status">{t("loading")}</p>}
      {!loading && !error && items.length === 0 && <p>{t("list_empty")}</p>}
      <ul class="cards" aria-label={t("home_title")}>
        {items.map((item) => (
          <li key={item.id} class="card">
            <p class="meta">
              <a class="code-link" href={`/r/${item.id}`}>
                {item.id}
              </a>{" "}
              · <span class={`status ${item.status}`}>{statusLabel(lang, item.status)}</span>
            </p>
            <p class="meta">
              {categoryName(categories, item.category, lang)} · {formatDate(lang, item.created_at)}
            </p>
            <p>{item.description.length > 200 ? `${item.description.slice(0, 200)}…` : item.description}</p>
            {item.location.address && <p class="meta">{item.location.address}</p>}
          </li>
        ))}
      </ul>
      {cursor && (
        <button type="button" onClick={() => fetchPage(cursor)} disabled={loading}>
          {t("list_more")}
        </button>
      )}
    </section>
  );
}
