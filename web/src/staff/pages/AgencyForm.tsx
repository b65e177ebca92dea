import { useState } from "preact/hooks";
import { ApiError, messageOf } from "../../api/errors";
import { FieldError } from "../../components/FieldError";
import { useStaff } from "../context";
import type { Agency, AgencyUpdate } from "../types";

const KINDS: AgencyUpdate["kind"][] = ["department", "commune", "utility", "police", "other"];

/** An agency's name, kind and notification emails (one per line): a new one, or an edit of one. */
export function AgencyForm({ agency, onSaved }: { agency: Agency | null; onSaved(saved: Agency): void }) {
  const { api, lang, t } = useStaff();
  const prefix = agency ? `ag-${agency.id}` : "ag-new";
  const [id, setId] = useState(agency?.id ?? "");
  const [name, setName] = useState(agency?.name ?? "");
  const [kind, setKind] = useState<AgencyUpdate["kind"]>((agency?.kind as AgencyUpdate["kind"]) ?? "department");
  const [emails, setEmails] = useState((agency?.emails ?? []).join("\n"));
  const [error, setError] = useState<string | null>(null);
  const body = (): AgencyUpdate => ({ name: name.trim(), kind, emails: emails.split(/[\s,;]+/).filter(Boolean) });
  return (
    <form
      class="card"
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        const saving = agency ? api.updateAgency(agency.id, body()) : api.createAgency({ id: id.trim(), ...body() });
        saving.then(onSaved, (failure: unknown) =>
          setError(failure instanceof ApiError ? messageOf(failure.body, lang) : String(failure)),
        );
      }}
    >
      {!agency && (
        <div class="field">
          <label for={`${prefix}-id`}>{t("agency_code")}</label>
          <input id={`${prefix}-id`} type="text" required pattern="[a-z0-9-]{1,60}" maxLength={60} value={id} onInput={(e) => setId(e.currentTarget.value)} />
        </div>
      )}
      <div class="field">
        <label for={`${prefix}-name`}>{t("agency_name")}</label>
        <input id={`${prefix}-name`} type="text" required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for={`${prefix}-kind`}>{t("agency_kind")}</label>
        <select id={`${prefix}-kind`} value={kind} onChange={(e) => setKind(e.currentTarget.value as AgencyUpdate["kind"])}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={`${prefix}-emails`}>{t("agency_emails")}</label>
        <textarea id={`${prefix}-emails`} rows={2} maxLength={2600} value={emails} onInput={(e) => setEmails(e.currentTarget.value)} />
      </div>
      <FieldError id={`${prefix}-form`} message={error ?? undefined} />
      <button type="submit" class="primary">
        {agency ? t("save") : t("new_agency")}
      </button>
    </form>
  );
}
