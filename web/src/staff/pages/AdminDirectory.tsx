import { useEffect, useState } from "preact/hooks";
import { ApiError, messageOf } from "../../api/errors";
import { FieldError } from "../../components/FieldError";
import { useStaff } from "../context";
import type { Categories, Rules } from "../types";
import { CategoryDeadlines, deadlinesToSave, type DeadlineDrafts, URGENCIES } from "./CategoryDeadlines";
import { CategoryFields } from "./CategoryFields";

type Category = Categories["items"][number];
/** A category in the form: its deadlines may be half-typed until saved. */
type Editing = Omit<Category, "deadlines"> & { deadlines?: DeadlineDrafts };

function useFailure(): [string | null, (failure: unknown) => void, () => void] {
  const { lang } = useStaff();
  const [error, setError] = useState<string | null>(null);
  return [
    error,
    (failure) => setError(failure instanceof ApiError ? messageOf(failure.body, lang) : String(failure)),
    () => setError(null),
  ];
}

/** Categories: names in both languages, the answer deadline and the deadlines per urgency; a new one by its code. */
/** A category's deadlines per urgency as the API returns them; the urgencies it leaves out keep the
 * defaults. */
function DeadlineList({ category }: { category: Category }) {
  const { t } = useStaff();
  const set = URGENCIES.filter((urgency) => category.deadlines?.[urgency]);
  if (!set.length) return <span class="meta">{t("deadlines_default")}</span>;
  return (
    <ul class="plain">
      {set.map((urgency) => {
        const deadline = category.deadlines![urgency]!;
        const figures = { hours: deadline.accept_hours, days: deadline.answer_days };
        return <li key={urgency}>{t("deadline_row", { urgency: t(urgency), ...figures })}</li>;
      })}
    </ul>
  );
}

export function CategoriesSection() {
  const { api, t } = useStaff();
  const [items, setItems] = useState<Category[]>([]);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [error, fail, clear] = useFailure();
  const load = () => api.categories().then((found) => setItems(found.items), fail);
  useEffect(() => {
    void load();
  }, [api]);
  const blank: Editing = { code: "", name_vi: "", name_en: "", answer_days: 6, default_urgency: "normal", fields: [] };
  return (
    <section aria-labelledby="adm-cat">
      <h2 id="adm-cat">{t("categories")}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("code")}</th>
              <th scope="col">{t("name_vi")}</th>
              <th scope="col">{t("name_en")}</th>
              <th scope="col">{t("answer_days")}</th>
              <th scope="col">{t("deadlines_per_urgency")}</th>
              <th scope="col">{t("actions")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.code}>
                <td>{c.code}</td>
                <td>{c.name_vi}</td>
                <td>{c.name_en}</td>
                <td>{c.answer_days}</td>
                <td>
                  <DeadlineList category={c} />
                </td>
                <td>
                  <button type="button" class="link" onClick={() => setEditing(c)} aria-label={`${t("edit")} ${c.name_vi}`}>
                    {t("edit")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button type="button" onClick={() => setEditing(blank)}>
        {t("new_category")}
      </button>
      {editing && (
        <form
          class="card"
          aria-label={`${t("edit")} ${editing.code || t("new_category")}`}
          onSubmit={(event) => {
            event.preventDefault();
            clear();
            const { code, name_vi, name_en, answer_days, default_urgency, fields } = editing;
            const deadlines = deadlinesToSave(editing.deadlines ?? {});
            api.putCategory(code.trim(), { name_vi, name_en, answer_days, default_urgency, fields: fields ?? [], deadlines }).then(() => {
              setEditing(null);
              void load();
            }, fail);
          }}
        >
          {(["code", "name_vi", "name_en"] as const).map((key) => (
            <div class="field" key={key}>
              <label for={`cat-${key}`}>{t(key)}</label>
              <input
                id={`cat-${key}`}
                type="text"
                value={editing[key]}
                maxLength={200}
                required
                readOnly={key === "code" && items.some((c) => c.code === editing.code)}
                onInput={(e) => setEditing({ ...editing, [key]: e.currentTarget.value })}
              />
            </div>
          ))}
          <div class="field">
            <label for="cat-days">{t("answer_days")}</label>
            <input
              id="cat-days"
              type="number"
              min={1}
              max={60}
              value={editing.answer_days ?? 6}
              onInput={(e) => setEditing({ ...editing, answer_days: Number(e.currentTarget.value) })}
            />
          </div>
          <CategoryDeadlines
            drafts={editing.deadlines ?? {}}
            onChange={(deadlines) => setEditing({ ...editing, deadlines })}
          />
          <CategoryFields fields={editing.fields ?? []} onChange={(fields) => setEditing({ ...editing, fields })} />
          <FieldError id="cat-form" message={error ?? undefined} />
          <button type="submit" class="primary">
            {t("save")}
          </button>
        </form>
      )}
    </section>
  );
}

/** Routing rules: category × area (or the whole province) → agency. */
export function RulesSection() {
  const { api, t } = useStaff();
  const [rules, setRules] = useState<Rules["items"]>([]);
  const [categories, setCategories] = useState<Category[]>([]);
  const [agencies, setAgencies] = useState<{ id: string; name: string }[]>([]);
  const [areas, setAreas] = useState<{ code: string; name: string }[]>([]);
  const [draft, setDraft] = useState({ category: "", area: "all", agency: "" });
  const [error, fail, clear] = useFailure();
  const load = () => api.rules().then((found) => setRules(found.items), fail);
  useEffect(() => {
    void load();
    api.categories().then((found) => setCategories(found.items), fail);
    api.agencyChoices().then((found) => setAgencies(found.items), fail);
    api.areas().then((found) => setAreas(found.items), fail);
  }, [api]);
  const nameOf = (id: string) => agencies.find((a) => a.id === id)?.name ?? id;
  return (
    <section aria-labelledby="adm-rules">
      <h2 id="adm-rules">{t("rules")}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("category")}</th>
              <th scope="col">{t("filter_area")}</th>
              <th scope="col">{t("agency")}</th>
              <th scope="col">{t("actions")}</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => (
              <tr key={rule.id}>
                <td>{rule.category}</td>
                <td>{rule.area_code === "*" || rule.area_code === "all" ? t("whole_province") : rule.area_code}</td>
                <td>{nameOf(rule.agency_id)}</td>
                <td>
                  <button type="button" class="link" aria-label={`${t("delete")} ${rule.id}`} onClick={() => api.deleteRule(rule.id).then(load, fail)}>
                    {t("delete")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form
        class="card"
        onSubmit={(event) => {
          event.preventDefault();
          clear();
          api.putRule(`${draft.category}.${draft.area}`, draft.agency).then(load, fail);
        }}
      >
        <div class="field">
          <label for="rule-cat">{t("category")}</label>
          <select id="rule-cat" required value={draft.category} onChange={(e) => setDraft({ ...draft, category: e.currentTarget.value })}>
            <option value="">{t("choose")}</option>
            {categories.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name_vi}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="rule-area">{t("filter_area")}</label>
          <select id="rule-area" value={draft.area} onChange={(e) => setDraft({ ...draft, area: e.currentTarget.value })}>
            <option value="all">{t("whole_province")}</option>
            {areas.map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="rule-agency">{t("agency")}</label>
          <select id="rule-agency" required value={draft.agency} onChange={(e) => setDraft({ ...draft, agency: e.currentTarget.value })}>
            <option value="">{t("choose")}</option>
            {agencies.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <FieldError id="rule-form" message={error ?? undefined} />
        <button type="submit" class="primary">
          {t("save_rule")}
        </button>
      </form>
    </section>
  );
}
