import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, messageOf } from "../../api/errors";
import type { Category } from "../../api/types";
import { LazyMap } from "../../components/LazyMap";
import { store, useApp } from "../../context";
import { categoryName, loadCategories } from "../../lib/categories";
import { formatDate, statusLabel } from "../../lib/i18n";
import { NotFoundPage } from "../Console";
import { useStaff } from "../context";
import { type Drafts, draftFieldOf, actionBody, offered } from "../actions";
import { ActionForm } from "./ActionForms";
import { StaffPhotos } from "./StaffPhotos";
import { useAreas } from "../areas";
import { actorName, eventName } from "../events";
import { staffPath } from "../routes";
import type { ActionType, StaffReport } from "../types";

const PHOTO_RECHECK_MS = 3000;
const PHOTO_RECHECKS = 20;

export interface ActionState {
  busy: ActionType | null;
  errors: Record<string, string>;
  failed: ActionType | null;
}

/** One report's working page: everything about it side by side, and the actions the API allows now. */
export function ReportPage({ code }: { code: string }) {
  const { api, lang, t, role } = useStaff();
  const { config } = useApp();
  const areas = useAreas();
  const [report, setReport] = useState<StaffReport | null>(null);
  const [missing, setMissing] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [drafts, setDrafts] = useState<Drafts>({});
  const [state, setState] = useState<ActionState>({ busy: null, errors: {}, failed: null });
  const [notice, setNotice] = useState<string | null>(null);

  const load = () =>
    api.report(code).then(
      (found) => {
        setReport(found);
        setLoadError(null);
        setDrafts((old) => ({ publish_answer: found.agency_answer ?? "", ...old }));
      },
      (failure: unknown) => {
        if (failure instanceof ApiError && (failure.status === 404 || failure.status === 403)) setMissing(true);
        else setLoadError(failure instanceof ApiError ? messageOf(failure.body, lang) : String(failure));
      },
    );
  useEffect(() => {
    void load();
  }, [api, code]);
  // The photo worker checks photos within seconds of a report or an answer: look again until it has (for
  // a minute at most: past that a photo stays "being checked" until the next visit).
  const rechecks = useRef(0);
  const checking = Object.values(report?.photo_status ?? {}).some((photo) => photo.status === "pending");
  useEffect(() => {
    if (!checking || rechecks.current >= PHOTO_RECHECKS) return;
    const timer = setTimeout(() => {
      rechecks.current += 1;
      void load();
    }, PHOTO_RECHECK_MS);
    return () => clearTimeout(timer);
  }, [report, checking]);

  async function act(type: ActionType) {
    if (!report) return;
    setState({ busy: type, errors: {}, failed: null });
    setNotice(null);
    try {
      await api.act(report.id, actionBody(type, report, drafts));
      setState({ busy: null, errors: {}, failed: null });
      setNotice(t("done"));
      setDrafts({});
      await load();
    } catch (failure) {
      const errors: Record<string, string> = {};
      if (failure instanceof ApiError && failure.status === 409) {
        errors["form"] = t("conflict");
        await load();
      } else if (failure instanceof ApiError) {
        const general = messageOf(failure.body, lang);
        for (const [field, detail] of Object.entries(failure.body.fields ?? {})) {
          errors[draftFieldOf(type, field)] = detail ? `${general} (${detail})` : general;
        }
        if (!Object.keys(errors).length) errors["form"] = general;
      } else errors["form"] = String(failure);
      setState({ busy: null, errors, failed: type });
    }
  }

  if (missing) return <NotFoundPage />;
  if (loadError) return <p class="form-error" role="alert">{loadError}</p>;
  if (!report) return <p role="status">{t("loading")}</p>;
  const actions = offered(report);
  const { lat, lon } = report.location;
  const point = typeof lat === "number" && typeof lon === "number" ? { lat, lon } : null;
  return (
    <section class="staff-report">
      <h1>{t("report_title", { code: report.id })}</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <div class="columns">
        <div>
          <Facts report={report} />
          <Contact report={report} />
          <StaffPhotos report={report} />
          {point && areas !== undefined && (
            <LazyMap
              className="small"
              setup={(element, module) => module.pointMap(element, { tilesUrl: config.tiles_url, areas, label: t("map") }, point)}
            />
          )}
          <Timeline report={report} />
        </div>
        <div>
          <h2>{t("actions")}</h2>
          {actions.length === 0 && <p>{t("no_actions")}</p>}
          {actions.map((type) => (
            <ActionForm
              key={type}
              type={type}
              report={report}
              drafts={drafts}
              setDraft={(key, value) => setDrafts((old) => ({ ...old, [key]: value }))}
              errors={state.failed === type ? state.errors : {}}
              busy={state.busy === type}
              onSubmit={() => void act(type)}
            />
          ))}
          {/* Merging is the operations centre's; an agency would open another agency's report as not found. */}
          {role !== "agency" && <Duplicates report={report} />}
        </div>
      </div>
    </section>
  );
}

function Facts({ report }: { report: StaffReport }) {
  const { lang, t, api: staffApi } = useStaff();
  const { api } = useApp();
  const [categories, setCategories] = useState<Category[]>([]);
  const [agencies, setAgencies] = useState<Record<string, string>>({});
  useEffect(() => {
    loadCategories(api, store()).then(setCategories, () => undefined);
    // The names alone, which every role may read (agency staff included: the list to pick from is not theirs).
    staffApi.agencyNames().then((found) => setAgencies(Object.fromEntries(found.items.map((a) => [a.id, a.name]))), () => undefined);
  }, [api, staffApi]);
  return (
    <>
      <dl class="facts">
        <dt>{t("status")}</dt>
        <dd>
          <span class="status" data-testid="staff-status">
            {statusLabel(lang, report.status)}
          </span>
          {report.hidden && ` · ${t("hide")}`}
        </dd>
        <dt>{t("category")}</dt>
        <dd>{report.category ? categoryName(categories, report.category, lang) : "—"}</dd>
        <dt>{t("urgency")}</dt>
        <dd>{t(report.urgency)}</dd>
        <dt>{t("agency")}</dt>
        <dd>{report.agency_id ? (agencies[report.agency_id] ?? report.agency_id) : "—"}</dd>
        <dt>{t("created")}</dt>
        <dd>{formatDate(lang, report.created_at)}</dd>
        {report.answer_due_at && (
          <>
            <dt>{t("due")}</dt>
            <dd>
              {formatDate(lang, report.answer_due_at)}
              {report.breached_at && <strong class="flag overdue"> {t("overdue")}</strong>}
              {report.waiting_for_reporter && <span class="flag"> {t("waiting")}</span>}
            </dd>
          </>
        )}
        <dt>{t("location")}</dt>
        <dd>
          {report.location.address ?? ""}
          {typeof report.location.lat === "number" && ` (${report.location.lat.toFixed(5)}, ${report.location.lon?.toFixed(5) ?? ""})`}
        </dd>
      </dl>
      <h2>{t("description")}</h2>
      <p class="description">{report.description}</p>
      {report.agency_answer && (
        <>
          <h2>{t("agency_answer")}</h2>
          <p class="answer">{report.agency_answer}</p>
        </>
      )}
      {report.answer && (
        <>
          <h2>{t("published_answer")}</h2>
          <p class="answer" data-testid="published-answer">
            {report.answer}
          </p>
        </>
      )}
    </>
  );
}

function Contact({ report }: { report: StaffReport }) {
  const { t } = useStaff();
  const person = report.reporter;
  const any = person && (person.name || person.phone || person.email);
  return (
    <>
      <h2>{t("contact")}</h2>
      {!any && <p>{t("no_contact")}</p>}
      {any && (
        <p class="contact">
          {person.name && <span>{person.name} </span>}
          {person.phone && <a href={`tel:${person.phone.replace(/[^0-9+]/g, "")}`}>{person.phone}</a>}{" "}
          {person.email && <a href={`mailto:${person.email}`}>{person.email}</a>}
        </p>
      )}
    </>
  );
}

function Timeline({ report }: { report: StaffReport }) {
  const { lang, t } = useStaff();
  return (
    <>
      <h2>{t("timeline")}</h2>
      <ol class="timeline">
        {report.timeline.map((step, index) => (
          <li key={index}>
            <strong>{eventName(step.type, lang)}</strong> · {actorName(step.actor, lang)} · {formatDate(lang, step.at)}
            {typeof step.data["reason"] === "string" && <span> · {step.data["reason"]}</span>}
            {typeof step.data["note"] === "string" && <span> · {step.data["note"]}</span>}
          </li>
        ))}
      </ol>
    </>
  );
}

function Duplicates({ report }: { report: StaffReport }) {
  const { t } = useStaff();
  return (
    <>
      <h2>{t("duplicates")}</h2>
      {report.possible_duplicates.length === 0 && <p>{t("no_duplicates")}</p>}
      <ul>
        {report.possible_duplicates.map((id) => (
          <li key={id}>
            <a class="code-link" href={staffPath({ page: "report", code: id })}>
              {id}
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}
