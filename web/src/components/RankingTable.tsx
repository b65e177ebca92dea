import type { Ranked } from "../api/types";
import { percent } from "../lib/i18n";

export interface RankingLabels {
  rank: string;
  agency: string;
  onTime: string;
  satisfied: string;
  resolved: string;
}

/** The agencies' monthly ranking, as the public statistics page and the leaders' dashboard show it: a heading
 * that names the table, the table, or `empty` when no agency has answered. */
export function RankingTable({
  rows,
  title,
  empty,
  labels,
  titleId = "ranking-title",
}: {
  rows: Ranked[];
  title: string;
  empty: string;
  labels: RankingLabels;
  titleId?: string;
}) {
  return (
    <>
      <h2 id={titleId}>{title}</h2>
      {rows.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <div class="table-wrap">
          <table aria-labelledby={titleId}>
            <thead>
              <tr>
                <th scope="col">{labels.rank}</th>
                <th scope="col">{labels.agency}</th>
                <th scope="col">{labels.onTime}</th>
                <th scope="col">{labels.satisfied}</th>
                <th scope="col">{labels.resolved}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.agency_id}>
                  <td>{row.rank}</td>
                  <th scope="row">{row.name ?? row.agency_id}</th>
                  <td>{percent(row.on_time_rate)}</td>
                  <td>{percent(row.satisfied_rate)}</td>
                  <td>{row.resolved}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
