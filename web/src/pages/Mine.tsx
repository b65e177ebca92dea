import { store, useApp } from "../context";
import { formatDate } from "../lib/i18n";
import { listMine } from "../lib/mine";

export function MinePage() {
  const { lang, t } = useApp();
  const mine = listMine(store());
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
              <a class="code-link" href={`/r/${report.id}`}>
                {report.id}
              </a>
              <p class="meta">{formatDate(lang, report.created_at)}</p>
              <p>{report.summary}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
