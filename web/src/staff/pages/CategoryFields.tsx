import type { components } from "../../api/schema";
import { useStaff } from "../context";

type Field = components["schemas"]["CategoryField"];
const TYPES: NonNullable<Field["datatype"]>[] = ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"];

/** A category's extra questions: code, names in both languages, type, required. A list's choices are kept. */
export function CategoryFields({ fields, onChange }: { fields: Field[]; onChange(fields: Field[]): void }) {
  const { t } = useStaff();
  const patch = (index: number, change: Partial<Field>) =>
    onChange(fields.map((field, i) => (i === index ? { ...field, ...change } : field)));
  return (
    <fieldset class="field">
      <legend>{t("extra_fields")}</legend>
      {fields.map((field, i) => (
        <div class="extra-field" key={i} role="group" aria-label={`${t("extra_field")} ${i + 1}`}>
          {(["code", "name_vi", "name_en"] as const).map((key) => (
            <div class="field" key={key}>
              <label for={`xf-${i}-${key}`}>
                {t(key)} ({t("extra_field")} {i + 1})
              </label>
              <input
                id={`xf-${i}-${key}`}
                type="text"
                required
                maxLength={key === "code" ? 40 : 200}
                value={field[key]}
                onInput={(e) => patch(i, { [key]: e.currentTarget.value })}
              />
            </div>
          ))}
          <div class="field">
            <label for={`xf-${i}-type`}>
              {t("field_type")} ({t("extra_field")} {i + 1})
            </label>
            <select id={`xf-${i}-type`} value={field.datatype ?? "string"} onChange={(e) => patch(i, { datatype: e.currentTarget.value as Field["datatype"] })}>
              {TYPES.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </select>
          </div>
          <label class="choice" for={`xf-${i}-req`}>
            <input id={`xf-${i}-req`} type="checkbox" checked={field.required ?? false} onChange={(e) => patch(i, { required: e.currentTarget.checked })} />
            {t("field_required")}
          </label>
          <button type="button" onClick={() => onChange(fields.filter((_, j) => j !== i))}>
            {t("remove_field")} {i + 1}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...fields, { code: "", name_vi: "", name_en: "", datatype: "string", required: false }])}>
        {t("add_field")}
      </button>
    </fieldset>
  );
}
