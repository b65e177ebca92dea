import { useEffect, useState } from "preact/hooks";
import { ApiError, messageOf } from "../../api/errors";
import { FieldError } from "../../components/FieldError";
import { formatDate } from "../../lib/i18n";
import { useStaff } from "../context";
import type { Agency, DeliveryLog, ProvinceSettings, Webhooks } from "../types";
import { AreasSection } from "./AdminAreas";
import { AgencyForm } from "./AgencyForm";
import { CategoriesSection, RulesSection } from "./AdminDirectory";

/** The directory's administration: agencies and their webhooks (secrets shown once), province settings. */
export function AdminPage() {
  const { api, lang, t } = useStaff();
  const [agencies, setAgencies] = useState<Agency[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.agencies().then(
      (found) => setAgencies(found.items),
      (failure: unknown) => setError(failure instanceof ApiError ? messageOf(failure.body, lang) : String(failure)),
    );
  }, [api, lang]);
  return (
    <section>
      <h1>{t("admin_title")}</h1>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <Settings />
      <CategoriesSection />
      <RulesSection />
      <AreasSection />
      <h2>{t("agencies")}</h2>
      {agencies === null && !error && <p role="status">{t("loading")}</p>}
      {agencies?.map((agency) => <AgencyCard key={agency.id} agency={agency} />)}
      <h3>{t("new_agency")}</h3>
      <AgencyForm agency={null} onSaved={(saved) => setAgencies((old) => [...(old ?? []), saved])} />
    </section>
  );
}

function Settings() {
  const { api, lang, t } = useStaff();
  const [settings, setSettings] = useState<ProvinceSettings | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    api.settings().then(setSettings, () => undefined);
  }, [api]);
  if (!settings) return null;
  return (
    <form
      class="card"
      onSubmit={(event) => {
        event.preventDefault();
        api.saveSettings(settings).then(
          (saved) => {
            setSettings(saved);
            setNotice(t("done"));
          },
          (failure: unknown) => setNotice(failure instanceof ApiError ? messageOf(failure.body, lang) : String(failure)),
        );
      }}
    >
      <h2>{t("settings")}</h2>
      <label class="choice" for="set-auto">
        <input
          id="set-auto"
          type="checkbox"
          checked={settings.auto_publish ?? false}
          onChange={(e) => setSettings({ ...settings, auto_publish: e.currentTarget.checked })}
        />
        {t("auto_publish")}
      </label>
      <button type="submit">{t("save")}</button>
      {notice && <p role="status">{notice}</p>}
    </form>
  );
}

function AgencyCard({ agency }: { agency: Agency }) {
  const { api, lang, t } = useStaff();
  const [hooks, setHooks] = useState<Webhooks | null>(null);
  const [url, setUrl] = useState("");
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [log, setLog] = useState<DeliveryLog | null>(null);
  const load = () => api.webhooks(agency.id).then(setHooks, () => undefined);
  useEffect(() => {
    void load();
  }, [api, agency.id]);
  const fail = (failure: unknown) => setError(failure instanceof ApiError ? messageOf(failure.body, lang) : String(failure));
  const id = `wh-${agency.id}`;
  return (
    <article class="card" aria-labelledby={`${id}-name`}>
      <h3 id={`${id}-name`}>{agency.name}</h3>
      <p class="meta">
        {agency.id} · {agency.kind} · {agency.emails.join(", ")}
      </p>
      <details>
        <summary>{t("edit")}</summary>
        <AgencyForm agency={agency} onSaved={() => undefined} />
      </details>
      <h4>{t("webhooks")}</h4>
      <ul>
        {hooks?.items.map((hook) => (
          <li key={hook.id}>
            <code>{hook.url}</code> · {hook.enabled ? t("enabled") : t("disabled")} · {formatDate(lang, hook.created_at)}{" "}
            <button
              type="button"
              onClick={() => {
                setCopied(false);
                api.rotateWebhook(agency.id, hook.id).then((r) => setSecret(r.secret), fail);
              }}
            >
              {t("rotate")}
            </button>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setError(null);
          setCopied(false);
          api.registerWebhook(agency.id, url.trim()).then((created) => {
            setSecret(created.secret);
            setUrl("");
            void load();
          }, fail);
        }}
      >
        <div class="field">
          <label for={id}>{t("webhook_url")}</label>
          <input
            id={id}
            type="url"
            value={url}
            maxLength={2048}
            required
            aria-invalid={error ? "true" : undefined}
            aria-describedby={error ? `err-${id}` : undefined}
            onInput={(e) => setUrl(e.currentTarget.value)}
          />
          <FieldError id={id} message={error ?? undefined} />
        </div>
        <button type="submit">{t("register")}</button>
      </form>
      <details onToggle={(e) => (e.currentTarget as HTMLDetailsElement).open && !log && api.deliveries(agency.id).then(setLog, fail)}>
        <summary>{t("deliveries")}</summary>
        <ul>
          {log?.items.map((entry) => (
            <li key={`${entry.event_id}-${entry.channel}-${entry.attempt}`}>
              {formatDate(lang, entry.at)} · {entry.channel} · {entry.event_type} · {entry.report_id} · {entry.outcome} {entry.status_code ?? ""} {entry.error ?? ""}
            </li>
          ))}
        </ul>
      </details>
      {secret && (
        <div class="secret" role="status">
          <p>
            <strong>{t("secret_once")}</strong>
          </p>
          <code data-testid="webhook-secret">{secret}</code>{" "}
          <button
            type="button"
            onClick={() => void navigator.clipboard?.writeText(secret).then(() => setCopied(true), () => undefined)}
          >
            {t("copy")}
          </button>
          {copied && <span> {t("copied")}</span>}
        </div>
      )}
    </article>
  );
}
