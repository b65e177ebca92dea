import { useCallback, useEffect, useState } from "preact/hooks";
import { isReporterView } from "../api/client";
import { ApiError, fieldErrors, messageOf } from "../api/errors";
import type { Category, PublicReport, ReporterReport } from "../api/types";
import { describedBy, FieldError } from "../components/FieldError";
import { store, useApp } from "../context";
import { categoryName, loadCategories } from "../lib/categories";
import { formatDate, OPEN_STATUSES, statusLabel } from "../lib/i18n";
import { tokenFor } from "../lib/mine";
import { navigate } from "../lib/navigation";
import { isCode, normaliseCode } from "../lib/router";

const REFRESH_MS = 10_000;

export function TrackPage({ code }: { code: string | null }) {
  const { t } = useApp();
  const [typed, setTyped] = useState(code ?? "");
  const [error, setError] = useState<string | undefined>();
  useEffect(() => setTyped(code ?? ""), [code]);

  return (
    <section>
      <h1>{t("track_title")}</h1>
      <form
        class="lookup"
        role="search"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const normalised = normaliseCode(typed);
          if (!isCode(normalised)) {
            setError(t("code_invalid"));
            return;
          }
          setError(undefined);
          if (normalised === code) window.dispatchEvent(new Event("phananh:refresh"));
          else navigate(`/r/${normalised}`);
        }}
      >
        <div class="field">
          <label for="f-code">{t("code")}</label>
          <p id="hint-code" class="hint">
            {t("code_hint")}
          </p>
          <input
            id="f-code"
            type="text"
            autocapitalize="characters"
            autocomplete="off"
            spellcheck={false}
            value={typed}
            aria-invalid={Boolean(error)}
            aria-describedby={describedBy("code", error ? { code: error } : {}, true)}
            onInput={(e) => setTyped(e.currentTarget.value)}
          />
          <FieldError id="code" message={error} />
        </div>
        <button type="submit" class="primary">
          {t("lookup")}
        </button>
      </form>
      {code && isCode(code) && <ReportView key={code} code={code} />}
    </section>
  );
}

function ReportView({ code }: { code: string }) {
  const { api, lang, t } = useApp();
  const [report, setReport] = useState<PublicReport | ReporterReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  const token = tokenFor(store(), code);

  const load = useCallback(() => {
    api.report(code, token).then(
      (found) => {
        setReport(found);
        setError(null);
      },
      (failure: unknown) => setError(failure instanceof ApiError ? failure : null),
    );
  }, [api, code, token]);

  useEffect(() => {
    load();
    loadCategories(api, store()).then(setCategories, () => undefined);
    const refresh = () => load();
    window.addEventListener("phananh:refresh", refresh);
    return () => window.removeEventListener("phananh:refresh", refresh);
  }, [api, load]);

  // While the report is open, its status is worth refreshing now and then (the page may stay open).
  useEffect(() => {
    if (!report || !OPEN_STATUSES.includes(report.status)) return;
    const timer = window.setInterval(load, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [report, load]);

  if (error && !report)
    return (
      <p class="form-error" role="alert">
        {messageOf(error.body, lang)}
      </p>
    );
  if (!report) return <p role="status">{t("loading")}</p>;

  const mine = isReporterView(report);
  const shareUrl = `${location.origin}/r/${report.id}`;
  return (
    <article class="report" aria-labelledby="report-title">
      <h2 id="report-title" class="code">
        {report.id}
      </h2>
      {mine && <p class="note">{t("your_view")}</p>}
      <dl class="facts">
        <dt>{t("status")}</dt>
        <dd>
          <span class={`status ${report.status}`} data-testid="status">
            {statusLabel(lang, report.status)}
          </span>
        </dd>
        <dt>{t("category")}</dt>
        <dd>{categoryName(categories, report.category, lang) || "—"}</dd>
        <dt>{t("submitted_at")}</dt>
        <dd>{formatDate(lang, report.created_at)}</dd>
        <dt>{t("deadline")}</dt>
        <dd>{report.answer_due_at ? formatDate(lang, report.answer_due_at) : t("no_deadline")}</dd>
        {report.agency_id && (
          <>
            <dt>{t("agency")}</dt>
            <dd>{report.agency_id}</dd>
          </>
        )}
        {report.location.address && (
          <>
            <dt>{t("address")}</dt>
            <dd>{report.location.address}</dd>
          </>
        )}
      </dl>
      <p class="description">{report.description}</p>

      <h3>{t("answer")}</h3>
      {report.answer ? <p class="answer">{report.answer}</p> : <p>{t("no_answer")}</p>}
      <AnswerPhotos report={report} />
      <Photos report={report} />

      <h3>{t("timeline")}</h3>
      <ol class="timeline">
        {report.timeline.map((step, index) => (
          <li key={index}>
            <time dateTime={step.at}>{formatDate(lang, step.at)}</time> — {statusLabel(lang, step.status)}
          </li>
        ))}
      </ol>

      {mine && <Rating report={report} token={token!} onRated={load} />}

      <p class="share">
        {t("share_link")}: <a href={`/r/${report.id}`}>{shareUrl}</a>
      </p>
    </article>
  );
}

/** The agency's photos of the result: the API lists them only once the answer is published. */
function AnswerPhotos({ report }: { report: PublicReport | ReporterReport }) {
  const { api, t } = useApp();
  if (!report.answer_photos.length) return null;
  return (
    <>
      <h3>{t("result_photos")}</h3>
      <ul class="thumbs">
        {report.answer_photos.map((photo, index) => (
          <li key={photo.id}>
            <a href={api.photoUrl(report.id, photo.id)} target="_blank" rel="noopener">
              <img
                src={api.photoUrl(report.id, photo.id, true)}
                alt={t("result_photo_n", { n: index + 1 })}
                loading="lazy"
                width={160}
                height={120}
              />
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}

function Photos({ report }: { report: PublicReport | ReporterReport }) {
  const { api, lang, t } = useApp();
  if (!report.photos.length) return null;
  const mine = isReporterView(report);
  return (
    <>
      <h3>{mine ? t("your_photos") : t("answer_photos")}</h3>
      <ul class="thumbs">
        {report.photos.map((photo, index) => {
          const status = "status" in photo ? photo.status : "ready";
          if (status === "rejected" && "message_vi" in photo)
            return (
              <li key={photo.id} class="photo-rejected">
                {t("photo_rejected")}: {lang === "en" ? photo.message_en : photo.message_vi}
              </li>
            );
          if (status === "pending") return <li key={photo.id}>{t("photo_pending")}</li>;
          return (
            <li key={photo.id}>
              <a href={api.photoUrl(report.id, photo.id)} target="_blank" rel="noopener">
                <img
                  src={api.photoUrl(report.id, photo.id, true)}
                  alt={`${t("photos")} ${index + 1}`}
                  loading="lazy"
                  width={160}
                  height={120}
                />
              </a>
            </li>
          );
        })}
      </ul>
    </>
  );
}

function Rating({ report, token, onRated }: { report: ReporterReport; token: string; onRated: () => void }) {
  const { api, lang, t } = useApp();
  const [satisfied, setSatisfied] = useState<boolean | null>(null);
  const [score, setScore] = useState("");
  const [comment, setComment] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  if (report.rating)
    return (
      <p class="rated" role="status">
        {t("rated", { verdict: report.rating.satisfied ? t("satisfied") : t("not_satisfied") })}
        {report.rating.score ? ` · ${report.rating.score}/5` : ""}
      </p>
    );
  if (!report.can_rate) return null;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (satisfied === null) {
      setErrors({ satisfied: t("satisfaction") });
      return;
    }
    setBusy(true);
    try {
      await api.rate(report.id, token, {
        satisfied,
        ...(score ? { score: Number(score) } : {}),
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      setErrors({});
      onRated();
    } catch (error) {
      setErrors(
        error instanceof ApiError ? fieldErrors(error.body, lang, ["satisfied", "score", "comment"]) : { form: "?" },
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="rating" onSubmit={submit} noValidate aria-labelledby="rate-title">
      <h3 id="rate-title">{t("rate_title")}</h3>
      {errors["form"] && (
        <p class="form-error" role="alert">
          {errors["form"]}
        </p>
      )}
      <fieldset>
        <legend>{t("satisfaction")}</legend>
        <label class="choice">
          <input type="radio" name="satisfied" checked={satisfied === true} onChange={() => setSatisfied(true)} />
          {t("satisfied")}
        </label>
        <label class="choice">
          <input type="radio" name="satisfied" checked={satisfied === false} onChange={() => setSatisfied(false)} />
          {t("not_satisfied")}
        </label>
        <FieldError id="satisfied" message={errors["satisfied"]} />
      </fieldset>
      <div class="field">
        <label for="f-score">{t("score")}</label>
        <select
          id="f-score"
          value={score}
          aria-describedby={describedBy("score", errors)}
          onChange={(e) => setScore(e.currentTarget.value)}
        >
          <option value="">{t("score_none")}</option>
          {[5, 4, 3, 2, 1].map((n) => (
            <option key={n} value={String(n)}>
              {n}
            </option>
          ))}
        </select>
        <FieldError id="score" message={errors["score"]} />
      </div>
      <div class="field">
        <label for="f-comment">{t("comment")}</label>
        <textarea
          id="f-comment"
          rows={3}
          maxLength={1000}
          value={comment}
          aria-describedby={describedBy("comment", errors)}
          onInput={(e) => setComment(e.currentTarget.value)}
        />
        <FieldError id="comment" message={errors["comment"]} />
      </div>
      <button type="submit" class="primary" disabled={busy}>
        {t("rate_submit")}
      </button>
    </form>
  );
}
