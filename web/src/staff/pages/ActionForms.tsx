import { useEffect, useState } from "preact/hooks";
import type { Category } from "../../api/types";
import { FieldError } from "../../components/FieldError";
import { store, useApp } from "../../context";
import { loadCategories } from "../../lib/categories";
import { type Drafts, photoIds } from "../actions";
import { AnswerPhotos } from "./AnswerPhotos";
import { useStaff } from "../context";
import type { StaffKey } from "../i18n";
import type { ActionType, StaffReport } from "../types";

const REJECT_REASONS = ["spam", "out_of_scope", "not_enough_info", "abusive", "already_handled"] as const;
const URGENCIES = ["urgent", "normal", "complex"] as const;

interface Props {
  type: ActionType;
  report: StaffReport;
  drafts: Drafts;
  setDraft(key: string, value: string | boolean): void;
  errors: Record<string, string>;
  busy: boolean;
  onSubmit(): void;
}

/** One action as a small form: the fields the API requires, its errors beside them, one named button. */
export function ActionForm(props: Props) {
  const { t } = useStaff();
  const { type, errors, busy, onSubmit } = props;
  return (
    <form
      class="action"
      aria-label={t(type as StaffKey)}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <Fields {...props} />
      <FieldError id={`${type}-form`} message={errors["form"] ?? errors["version"] ?? errors["type"]} />
      <button type="submit" class={type === "resolve" || type === "publish" || type === "assign" ? "primary" : ""} disabled={busy}>
        {type === "hide" && props.report.hidden ? t("unhide") : t(type as StaffKey)}
      </button>
    </form>
  );
}

function Fields(props: Props) {
  switch (props.type) {
    case "classify":
      return <ClassifyFields {...props} />;
    case "assign":
      return <AssignFields {...props} />;
    case "reject":
      return (
        <>
          <Select {...props} name="reject_reason" label="reject_reason_label" options={REJECT_REASONS.map((r) => [r, `reject_${r}` as StaffKey])} />
          <Text {...props} name="reject_note" label="note_text" />
        </>
      );
    case "merge":
      return <MergeFields {...props} />;
    case "publish":
      return <Text {...props} name="publish_answer" label="answer_edit" multiline />;
    case "hide":
      return <Text {...props} name="hide_reason" label="hide_reason" />;
    case "note":
      return (
        <>
          <Text {...props} name="note" label="note_text" multiline />
          <Check {...props} name="waiting" label="waiting_for_reporter" />
        </>
      );
    case "contacted":
      return null;
    case "resolve":
      return (
        <>
          <Text {...props} name="answer" label="answer" multiline />
          <AnswerPhotos ids={photoIds(props.drafts)} onChange={(ids) => props.setDraft("answer_photos", ids.join(","))} />
        </>
      );
    case "send_back":
      return <Text {...props} name="send_back_reason" label="send_back_reason" />;
    case "reopen":
      return <Text {...props} name="reopen_reason" label="reopen_reason" />;
    case "accept":
      return null;
  }
}

function ClassifyFields(props: Props) {
  const { lang } = useStaff();
  const { api } = useApp();
  const [categories, setCategories] = useState<Category[]>([]);
  useEffect(() => {
    loadCategories(api, store()).then(setCategories, () => undefined);
  }, [api]);
  const options = categories.map((c) => [c.code, lang === "en" ? c.name_en : c.name_vi] as [string, string]);
  return (
    <>
      <Select {...props} name="category" label="category" raw={options} />
      <Select {...props} name="urgency" label="urgency" options={URGENCIES.map((u) => [u, u])} />
    </>
  );
}

function AssignFields(props: Props) {
  const { api } = useStaff();
  const [agencies, setAgencies] = useState<[string, string][]>([]);
  useEffect(() => {
    api.agencyChoices().then((found) => setAgencies(found.items.map((a) => [a.id, a.name])), () => undefined);
  }, [api]);
  return (
    <>
      <Select {...props} name="agency_id" label="agency" raw={agencies} />
      {props.report.agency_id && <Text {...props} name="assign_reason" label="reason_reassign" />}
    </>
  );
}

function MergeFields(props: Props) {
  const { t } = useStaff();
  const id = `act-duplicate_of`;
  const candidates = props.report.possible_duplicates;
  return (
    <div class="field">
      <label for={id}>{t("duplicate_of")}</label>
      <input
        id={id}
        type="text"
        list="dup-candidates"
        maxLength={20}
        value={String(props.drafts["duplicate_of"] ?? "")}
        aria-invalid={props.errors["duplicate_of"] ? "true" : undefined}
        aria-describedby={props.errors["duplicate_of"] ? `err-${id}` : undefined}
        onInput={(e) => props.setDraft("duplicate_of", e.currentTarget.value.toUpperCase())}
      />
      <datalist id="dup-candidates">
        {candidates.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      <FieldError id={id} message={props.errors["duplicate_of"]} />
    </div>
  );
}

type FieldProps = Props & { name: string; label: StaffKey };

function Text({ name, label, drafts, setDraft, errors, multiline }: FieldProps & { multiline?: boolean }) {
  const { t } = useStaff();
  const id = `act-${name}`;
  const common = {
    id,
    value: String(drafts[name] ?? ""),
    maxLength: 4000,
    "aria-invalid": errors[name] ? ("true" as const) : undefined,
    "aria-describedby": errors[name] ? `err-${id}` : undefined,
  };
  return (
    <div class="field">
      <label for={id}>{t(label)}</label>
      {multiline ? (
        <textarea {...common} rows={4} onInput={(e) => setDraft(name, e.currentTarget.value)} />
      ) : (
        <input {...common} type="text" onInput={(e) => setDraft(name, e.currentTarget.value)} />
      )}
      <FieldError id={id} message={errors[name]} />
    </div>
  );
}

function Select({ name, label, drafts, setDraft, errors, options, raw }: FieldProps & { options?: [string, StaffKey | string][]; raw?: [string, string][] }) {
  const { t } = useStaff();
  const id = `act-${name}`;
  const shown: [string, string][] = raw ?? (options ?? []).map(([value, key]) => [value, t(key as StaffKey)]);
  return (
    <div class="field">
      <label for={id}>{t(label)}</label>
      <select
        id={id}
        value={String(drafts[name] ?? "")}
        aria-invalid={errors[name] ? "true" : undefined}
        aria-describedby={errors[name] ? `err-${id}` : undefined}
        onChange={(e) => setDraft(name, e.currentTarget.value)}
      >
        <option value="">{t("choose")}</option>
        {shown.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      <FieldError id={id} message={errors[name]} />
    </div>
  );
}

function Check({ name, label, drafts, setDraft }: FieldProps) {
  const { t } = useStaff();
  const id = `act-${name}`;
  return (
    <label class="choice" for={id}>
      <input id={id} type="checkbox" checked={drafts[name] === true} onChange={(e) => setDraft(name, e.currentTarget.checked)} />
      {t(label)}
    </label>
  );
}
