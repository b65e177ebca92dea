import { useEffect, useState } from "preact/hooks";
import { store, useApp } from "../context";
import { formatDate, statusLabel } from "../lib/i18n";
import { listMine } from "../lib/mine";

export function MinePage() {
  const { api, lang, t } = useApp();
  const mine = listMine(store());
  const [statuses, setStatuses] = useState<Record<string, string>>({});

  // Each report's status now, read with its own token (a handful per device, one small request each).
  useEffect(() => {
    for (const report of listMine(store())) {
      api.report(report.id, report.access_token).then(
        (found) => setStatuses((known) => ({ ...known, [report.id]: found.status })),
        () => undefined,
      );
    }
  }, [api]);

  return (
    <section>
      <h1>{t("mine_title")}</h1>
      <p class="hint">{t("mine_hint")}</p>
      {mine.length === 0 ? (
        <p>{t("mine_empty")}</p>
      ) : (
        <ul class="cards">
          {mine.map((report) => (
            <li key={report.id} class="card">
              <p class="meta">
                <a class="code-link" href={`/r/${report.id}`}>
                  {report.id}
                </a>
                {statuses[report.id] && (
                  <>
                    {" · "}
                    <span class={`status ${statuses[report.id]}`}>{statusLabel(lang, statuses[report.id]!)}</span>
                  </>
                )}
              </p>
              <p class="meta">{formatDate(lang, report.created_at)}</p>
              <p>{report.summary}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
