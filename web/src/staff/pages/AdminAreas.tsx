import type { Feature, Geometry } from "geojson";
import { useEffect, useState } from "preact/hooks";
import { ApiError, messageOf } from "../../api/errors";
import { FieldError } from "../../components/FieldError";
import { LazyMap } from "../../components/LazyMap";
import { useApp } from "../../context";
import { useStaff } from "../context";

const MAX_BYTES = 2 * 1024 * 1024;

/** The outline in an uploaded GeoJSON file: a Polygon or MultiPolygon, bare, in a Feature or the first of a FeatureCollection. */
export function outlineOf(text: string): Geometry | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  let node = parsed as { type?: string; features?: { geometry?: unknown }[]; geometry?: unknown } | null;
  if (node?.type === "FeatureCollection") node = (node.features?.[0] ?? null) as typeof node;
  if (node?.type === "Feature") node = (node.geometry ?? null) as typeof node;
  if (node?.type === "Polygon" || node?.type === "MultiPolygon") return node as Geometry;
  return null;
}

/** Communes and wards: upload an outline, see it on the map, then save it. */
export function AreasSection() {
  const { api, lang, t } = useStaff();
  const { config } = useApp();
  const [areas, setAreas] = useState<{ code: string; name: string; kind?: string }[]>([]);
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [outline, setOutline] = useState<Geometry | null>(null);
  const [preview, setPreview] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = () => api.areas().then((found) => setAreas(found.items), () => undefined);
  useEffect(() => {
    void load();
  }, [api]);

  async function read(file: File | undefined) {
    setError(null);
    setOutline(null);
    if (!file) return;
    if (file.size > MAX_BYTES) return setError(t("geojson_too_big"));
    const found = outlineOf(await file.text());
    if (!found) return setError(t("geojson_bad"));
    setOutline(found);
    setPreview((n) => n + 1);
  }

  const feature: Feature<Geometry, { code: string; name: string }> | null = outline
    ? { type: "Feature", geometry: outline, properties: { code, name } }
    : null;
  return (
    <section aria-labelledby="adm-areas">
      <h2 id="adm-areas">{t("areas")}</h2>
      <ul class="counts">
        {areas.map((a) => (
          <li key={a.code}>{a.name}</li>
        ))}
      </ul>
      <form
        class="card"
        onSubmit={(event) => {
          event.preventDefault();
          if (!outline) return setError(t("geojson_bad"));
          api.putArea(code.trim(), { name: name.trim(), geometry: outline as unknown as Record<string, unknown>, kind: "ward" }).then(
            () => {
              setNotice(t("done"));
              void load();
            },
            (failure: unknown) => setError(failure instanceof ApiError ? messageOf(failure.body, lang) : String(failure)),
          );
        }}
      >
        <div class="field">
          <label for="area-code">{t("code")}</label>
          <input id="area-code" type="text" required pattern="[a-z0-9-]{1,60}" maxLength={60} value={code} onInput={(e) => setCode(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="area-name">{t("area_name")}</label>
          <input id="area-name" type="text" required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="area-file">{t("geojson_file")}</label>
          <input
            id="area-file"
            type="file"
            accept=".geojson,.json,application/geo+json,application/json"
            aria-describedby={error ? "err-area-file" : undefined}
            onChange={(e) => void read(e.currentTarget.files?.[0])}
          />
          <FieldError id="area-file" message={error ?? undefined} />
        </div>
        {feature && (
          <LazyMap
            key={preview}
            className="small"
            setup={(element, module) =>
              module.createMap(element, {
                tilesUrl: config.tiles_url,
                areas: { type: "FeatureCollection", features: [feature] },
                label: t("geojson_preview"),
              })
            }
          />
        )}
        <button type="submit" class="primary" disabled={!outline}>
          {t("save_area")}
        </button>
        {notice && <p role="status">{notice}</p>}
      </form>
    </section>
  );
}
