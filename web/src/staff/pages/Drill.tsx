import { useEffect, useState } from "preact/hooks";
import { ApiError, messageOf } from "../../api/errors";
import { formatDate, statusLabel } from "../../lib/i18n";
import { useStaff } from "../context";
import { staffPath } from "../routes";
import type { DrillDown } from "../types";

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
