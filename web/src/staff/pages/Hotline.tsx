import { useEffect, useState } from "preact/hooks";
import { ApiError, messageOf } from "../../api/errors";
import type { Category } from "../../api/types";
import { FieldError } from "../../components/FieldError";
import { LazyMap } from "../../components/LazyMap";
import { store, useApp } from "../../context";
import { loadCategories } from "../../lib/categories";
import { navigate } from "../../lib/navigation";
import { useStaff } from "../context";
import type { StaffKey } from "../i18n";
import { staffPath } from "../routes";
import type { FileReport } from "../types";

const FIELDS = ["description", "category", "urgency", "address", "lat", "lon", "name", "phone", "email"] as const;
type Field = (typeof FIELDS)[number];

/** The API's field path (`location.lat`, `reporter.phone`) → this form's control. */
function controlOf(apiField: string): Field | "form" {
  const last = apiField.split(".").pop() ?? "";
  return (FIELDS as readonly string[]).includes(last) ? (last as Field) : "form";
}

export function fileReportBody(values: Record<Field, string>): FileReport {
  const v = (key: Field) => values[key].trim();
  return {
    description: v("description"),
    category: v("category") || null,
    urgency: (v("urgency") || null) as FileReport["urgency"],
    location: { lat: Number(v("lat")), lon: Number(v("lon")), address: v("address") || null },
    reporter: { name: v("name") || null, phone: v("phone") || null, email: v("email") || null, language: "vi" },
  };
}

/** A report the operator types in while a hotline caller speaks. */
export function HotlinePage() {
  const { api, lang, t } = useStaff();
  const app = useApp();
  const [categories, setCategories] = useState<Category[]>([]);
  const [values, setValues] = useState<Record<Field, string>>(
    () => Object.fromEntries(FIELDS.map((f) => [f, ""])) as Record<Field, string>,
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    loadCategories(app.api, store()).then(setCategories, () => undefined);
  }, [app.api]);

  async function submit() {
    setBusy(true);
    setErrors({});
    try {
      const filed = await api.file(fileReportBody(values));
      navigate(staffPath({ page: "report", code: filed.id }));
    } catch (failure) {
      const found: Record<string, string> = {};
      if (failure instanceof ApiError) {
        const general = messageOf(failure.body, lang);
        for (const [field, detail] of Object.entries(failure.body.fields ?? {})) {
          const key = controlOf(field);
          found[key] ??= detail ? `${general} (${detail})` : general;
        }
        if (!Object.keys(found).length) found["form"] = general;
      } else found["form"] = String(failure);
      setErrors(found);
    } finally {
      setBusy(false);
    }
  }

  const input = (field: Field, label: StaffKey, type = "text", multiline = false) => {
    const id = `h-${field}`;
    const common = {
      id,
      value: values[field],
      "aria-invalid": errors[field] ? ("true" as const) : undefined,
      "aria-describedby": errors[field] ? `err-${id}` : undefined,
      onInput: (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) =>
        setValues((old) => ({ ...old, [field]: e.currentTarget.value })),
    };
    return (
      <div class="field">
        <label for={id}>{t(label)}</label>
        {multiline ? <textarea {...common} rows={5} maxLength={4000} /> : <input {...common} type={type} maxLength={300} step="any" />}
        <FieldError id={id} message={errors[field]} />
      </div>
    );
  };
  return (
    <section>
      <h1>{t("hotline_title")}</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        {input("description", "description", "text", true)}
        <div class="field">
          <label for="h-category">{t("category")}</label>
          <select id="h-category" value={values.category} onChange={(e) => setValues((o) => ({ ...o, category: e.currentTarget.value }))}>
            <option value="">{t("choose")}</option>
            {categories.map((c) => (
              <option key={c.code} value={c.code}>
                {lang === "en" ? c.name_en : c.name_vi}
              </option>
            ))}
          </select>
          <FieldError id="h-category" message={errors["category"]} />
        </div>
        {input("address", "address")}
        <p class="hint">{t("pick_on_map")}</p>
        <LazyMap
          className="small"
          setup={(element, module) =>
            module.pinPicker(element, { tilesUrl: app.config.tiles_url, areas: null, label: t("pick_map_label") }, null, (lat, lon) =>
              setValues((old) => ({ ...old, lat: lat.toFixed(6), lon: lon.toFixed(6) })),
            )
          }
        />
        {input("lat", "lat", "number")}
        {input("lon", "lon", "number")}
        {input("name", "name")}
        {input("phone", "phone", "tel")}
        {input("email", "email", "email")}
        <FieldError id="h-form" message={errors["form"]} />
        <button type="submit" class="primary big" disabled={busy}>
          {t("file_report")}
        </button>
      </form>
    </section>
  );
}
