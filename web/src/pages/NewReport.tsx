import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ApiError, fieldErrors, messageOf } from "../api/errors";
import type { Category, CategoryField, FeedItem, SubmitReport, Submitted } from "../api/types";
import { describedBy, FieldError } from "../components/FieldError";
import { LazyMap } from "../components/LazyMap";
import { store, useApp } from "../context";
import { categoryName, loadCategories } from "../lib/categories";
import { downscale } from "../lib/downscale";
import { clearDraft, type Draft, emptyDraft, hasContent, loadDraft, saveDraft } from "../lib/drafts";
import { photoPosition } from "../lib/exif";
import { bboxAround, formatCoord } from "../lib/geo";
import { formatDate, OPEN_STATUSES, statusLabel } from "../lib/i18n";
import { rememberMine } from "../lib/mine";
import { useOnline } from "../lib/online";
import { forgetAllPhotos, forgetPhoto, keepPhoto, keptPhotos } from "../lib/photoStore";
import { postToSlot } from "../lib/upload";
import type { PinPicker } from "../map/leaflet";

const MAX_PHOTOS = 5;
const NEARBY_METRES = 300;
const FIELDS = ["category", "description", "photos", "location", "address", "name", "phone", "email", "language"];

type PhotoState = "processing" | "uploading" | "done" | "failed" | "waiting";
interface Photo {
  key: string;
  label: string;
  state: PhotoState;
  progress: number;
  blob?: Blob;
  uploadId?: string;
  error?: string;
}

export function NewReportPage() {
  const { api, lang, t, config } = useApp();
  const [draft, setDraftState] = useState<Draft>(() => loadDraft(store()) ?? emptyDraft(lang));
  const [categories, setCategories] = useState<Category[]>([]);
  const [photos, setPhotos] = useState<Photo[]>(() =>
    draft.uploadIds.map((id, i) => ({ key: id, label: `#${i + 1}`, state: "done", progress: 1, uploadId: id })),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [suggestion, setSuggestion] = useState<{ lat: number; lon: number } | null>(null);
  const [locating, setLocating] = useState(false);
  const [nearby, setNearby] = useState<FeedItem[]>([]);
  const [sending, setSending] = useState(false);
  const [savedOffline, setSavedOffline] = useState(false);
  const [sent, setSent] = useState<Submitted | null>(null);
  const [areas, setAreas] = useState<Awaited<ReturnType<typeof api.areas>> | undefined>(undefined);
  const picker = useRef<PinPicker | null>(null);
  const online = useOnline();
  const formRef = useRef<HTMLFormElement>(null);

  const update = (change: Partial<Draft>) =>
    setDraftState((current) => {
      const next = { ...current, ...change };
      if (hasContent(next)) return saveDraft(store(), next);
      clearDraft(store()); // everything erased: nothing to bring back on the next visit
      return next;
    });

  useEffect(() => {
    loadCategories(api, store()).then(setCategories, () => undefined);
    api.areas().then(setAreas, () => setAreas(null));
  }, [api]);

  // Photos chosen while offline, from an earlier visit: they wait to be uploaded with the report.
  useEffect(() => {
    void keptPhotos().then((kept) =>
      setPhotos((list) => [
        ...list,
        ...kept
          .filter((k) => !list.some((p) => p.key === k.key))
          .map((k) => ({ key: k.key, label: k.label, state: "waiting" as const, progress: 0, blob: k.blob })),
      ]),
    );
  }, []);

  // Open reports of the same category near the pin: people can follow one instead of filing a twin.
  useEffect(() => {
    if (!draft.category || draft.lat === null || draft.lon === null || !online) {
      setNearby([]);
      return;
    }
    let stale = false;
    api
      .feed({ category: draft.category, bbox: bboxAround(draft.lat, draft.lon, NEARBY_METRES), limit: 20 })
      .then(
        (page) => !stale && setNearby(page.items.filter((item) => OPEN_STATUSES.includes(item.status)).slice(0, 5)),
        () => undefined,
      );
    return () => {
      stale = true;
    };
  }, [api, draft.category, draft.lat, draft.lon, online]);

  const category = useMemo(() => categories.find((c) => c.code === draft.category), [categories, draft.category]);

  const setLocation = (lat: number, lon: number) => {
    update({ lat, lon });
    picker.current?.setPin(lat, lon);
    setErrors(({ location: _, ...rest }) => rest);
  };

  const useMyLocation = () => {
    if (!("geolocation" in navigator)) {
      setErrors((e) => ({ ...e, location: t("location_denied") }));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        setLocation(position.coords.latitude, position.coords.longitude);
      },
      () => {
        setLocating(false);
        setErrors((e) => ({ ...e, location: t("location_denied") }));
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  };

  const patchPhoto = (key: string, change: Partial<Photo>) =>
    setPhotos((list) => list.map((p) => (p.key === key ? { ...p, ...change } : p)));

  /** Uploads one prepared photo; resolves to its upload id, or null when it could not go. */
  const upload = async (photo: Photo): Promise<string | null> => {
    if (!photo.blob) return photo.uploadId ?? null;
    patchPhoto(photo.key, { state: "uploading", progress: 0, error: undefined });
    try {
      const slot = await api.openUpload("image/jpeg");
      await postToSlot(slot, photo.blob, (progress) => patchPhoto(photo.key, { progress }));
      patchPhoto(photo.key, { state: "done", progress: 1, uploadId: slot.upload_id, blob: undefined });
      void forgetPhoto(photo.key);
      setDraftState((current) => saveDraft(store(), { ...current, uploadIds: [...current.uploadIds, slot.upload_id] }));
      return slot.upload_id;
    } catch (error) {
      const offline = !navigator.onLine || (error instanceof ApiError && error.isNetwork);
      const message = error instanceof ApiError ? messageOf(error.body, lang) : t("photo_failed");
      patchPhoto(photo.key, { state: offline ? "waiting" : "failed", error: offline ? undefined : message });
      return null;
    }
  };

  const addPhotos = async (files: FileList | null) => {
    if (!files) return;
    const room = MAX_PHOTOS - photos.length;
    const chosen = Array.from(files).slice(0, Math.max(0, room));
    setErrors(({ photos: _, ...rest }) => (files.length > room ? { ...rest, photos: t("photo_too_many") } : rest));
    for (const file of chosen) {
      const key = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const photo: Photo = { key, label: file.name, state: "processing", progress: 0 };
      setPhotos((list) => [...list, photo]);
      if (!suggestion) void photoPosition(file).then((position) => position && setSuggestion(position));
      let blob: Blob;
      try {
        blob = await downscale(file);
      } catch {
        patchPhoto(key, { state: "failed", error: t("photo_unreadable") });
        continue;
      }
      const ready = { ...photo, blob, state: "waiting" as const };
      patchPhoto(key, { blob, state: "waiting" });
      await keepPhoto({ key, label: file.name, blob });
      if (navigator.onLine) await upload(ready);
    }
  };

  const removePhoto = (photo: Photo) => {
    setPhotos((list) => list.filter((p) => p.key !== photo.key));
    void forgetPhoto(photo.key);
    if (photo.uploadId) update({ uploadIds: draft.uploadIds.filter((id) => id !== photo.uploadId) });
  };

  const body = (current: Draft, uploadIds: string[]): SubmitReport => {
    const contact = {
      ...(current.name.trim() ? { name: current.name.trim() } : {}),
      ...(current.phone.trim() ? { phone: current.phone.trim() } : {}),
      ...(current.email.trim() ? { email: current.email.trim() } : {}),
      language: current.language,
    };
    const attributes = Object.fromEntries(Object.entries(current.attributes).filter(([, v]) => v.trim()));
    return {
      description: current.description,
      ...(current.category ? { category: current.category } : {}),
      location: {
        lat: current.lat ?? 0,
        lon: current.lon ?? 0,
        ...(current.address.trim() ? { address: current.address.trim() } : {}),
      },
      channel: "web",
      reporter: contact,
      photos: uploadIds,
      attributes,
    };
  };

  const send = async () => {
    if (draft.lat === null || draft.lon === null) {
      setErrors({ location: t("location_missing") });
      focusFirstError({ location: "x" });
      return;
    }
    setSending(true);
    setErrors({});
    setSavedOffline(false);
    const ids: string[] = [];
    for (const photo of photos) {
      if (photo.state === "failed") continue;
      const id = await upload(photo);
      if (id) ids.push(id);
      else if (!navigator.onLine) return offline();
    }
    try {
      const answer = await api.submit(body(draft, ids), draft.idempotencyKey);
      rememberMine(store(), {
        id: answer.id,
        access_token: answer.access_token,
        created_at: answer.created_at,
        summary: draft.description.slice(0, 120),
      });
      clearDraft(store());
      void forgetAllPhotos();
      setSent(answer);
      window.scrollTo(0, 0);
    } catch (error) {
      if (error instanceof ApiError && error.isNetwork) return offline();
      const found =
        error instanceof ApiError
          ? fieldErrors(error.body, lang, [...FIELDS, ...Object.keys(draft.attributes).map((c) => `attr.${c}`)])
          : { form: String(error) };
      setErrors(found);
      focusFirstError(found);
    } finally {
      setSending(false);
    }
  };

  function offline() {
    setSending(false);
    setDraftState((current) => saveDraft(store(), { ...current, pendingSince: new Date().toISOString() }));
    setSavedOffline(true);
  }

  function focusFirstError(found: Record<string, string>) {
    requestAnimationFrame(() => {
      const first = Object.keys(found)[0];
      const target =
        first === "location"
          ? document.getElementById("use-location")
          : document.getElementById(`f-${first?.replace(".", "-")}`) ?? document.getElementById("form-error");
      target?.focus();
    });
  }

  if (sent) return <Sent sent={sent} onAnother={() => { setSent(null); setPhotos([]); setDraftState(emptyDraft(lang)); }} />;

  const pending = draft.pendingSince;
  return (
    <section>
      <h1>{t("new_title")}</h1>
      {pending && (
        <div class="banner draft" role="status">
          <p>{savedOffline ? t("draft_saved_offline") : t("draft_pending", { at: formatDate(lang, pending) })}</p>
          {online ? (
            <button type="button" class="primary" onClick={send} disabled={sending}>
              {t("draft_send")}
            </button>
          ) : (
            <p>{t("draft_offline_wait")}</p>
          )}
        </div>
      )}
      <form
        ref={formRef}
        class="report-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        {errors["form"] && (
          <div id="form-error" class="form-error" role="alert" tabIndex={-1}>
            <strong>{t("form_error")}: </strong>
            {errors["form"]}
          </div>
        )}
        <div class="field">
          <label for="f-category">{t("category")}</label>
          <select
            id="f-category"
            value={draft.category}
            aria-invalid={Boolean(errors["category"])}
            aria-describedby={describedBy("category", errors)}
            onChange={(e) => update({ category: e.currentTarget.value, attributes: {} })}
          >
            <option value="">{t("category_choose")}</option>
            {categories.map((c) => (
              <option key={c.code} value={c.code}>
                {lang === "en" ? c.name_en : c.name_vi}
              </option>
            ))}
          </select>
          <FieldError id="category" message={errors["category"]} />
        </div>
        {category?.fields.map((field) => (
          <AttributeField
            key={field.code}
            field={field}
            value={draft.attributes[field.code] ?? ""}
            error={errors[`attr.${field.code}`]}
            onChange={(value) => update({ attributes: { ...draft.attributes, [field.code]: value } })}
          />
        ))}
        <div class="field">
          <label for="f-description">{t("description")}</label>
          <p id="hint-description" class="hint">
            {t("description_hint")}
          </p>
          <textarea
            id="f-description"
            rows={5}
            maxLength={4000}
            value={draft.description}
            aria-invalid={Boolean(errors["description"])}
            aria-describedby={describedBy("description", errors, true)}
            onInput={(e) => update({ description: e.currentTarget.value })}
          />
          <FieldError id="description" message={errors["description"]} />
        </div>

        <div class="field">
          <label for="f-photos">{t("photos")}</label>
          <p id="hint-photos" class="hint">
            {t("photos_hint")}
          </p>
          <input
            id="f-photos"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            multiple
            disabled={photos.length >= MAX_PHOTOS}
            aria-describedby={describedBy("photos", errors, true)}
            onChange={(e) => {
              const input = e.currentTarget;
              void addPhotos(input.files).then(() => (input.value = ""));
            }}
          />
          <FieldError id="photos" message={errors["photos"]} />
          {photos.length > 0 && (
            <ul class="photos">
              {photos.map((photo) => (
                <li key={photo.key} class={`photo ${photo.state}`}>
                  <span class="photo-name">{photo.label}</span>
                  <PhotoStatus photo={photo} />
                  {photo.state === "failed" && photo.blob && (
                    <button type="button" class="link" onClick={() => void upload(photo)}>
                      {t("retry")}
                    </button>
                  )}
                  <button type="button" class="link" onClick={() => removePhoto(photo)}>
                    {t("photo_remove")}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>

        <fieldset class="field">
          <legend>{t("location")}</legend>
          <p class="hint">{t("location_hint")}</p>
          <button type="button" id="use-location" onClick={useMyLocation} disabled={locating}>
            {t("use_my_location")}
          </button>
          {locating && <p role="status">{t("locating")}</p>}
          {suggestion && !samePlace(suggestion, draft) && (
            <p class="suggestion">
              {t("photo_gps_suggest", { lat: formatCoord(suggestion.lat), lon: formatCoord(suggestion.lon) })}{" "}
              <button type="button" class="link" onClick={() => setLocation(suggestion.lat, suggestion.lon)}>
                {t("photo_gps_use")}
              </button>
            </p>
          )}
          {areas !== undefined && (
            <LazyMap
              className="small"
              setup={(element, map) =>
                map.pinPicker(
                  element,
                  { tilesUrl: config.tiles_url, areas, label: t("location") },
                  draft.lat !== null && draft.lon !== null ? { lat: draft.lat, lon: draft.lon } : null,
                  (lat, lon) => setLocation(lat, lon),
                )
              }
              onReady={(handle) => (picker.current = handle)}
            />
          )}
          {draft.lat !== null && draft.lon !== null && (
            <p class="chosen" role="status">
              {t("location_set", { lat: formatCoord(draft.lat), lon: formatCoord(draft.lon) })}
            </p>
          )}
          <FieldError id="location" message={errors["location"]} />
          <div class="field">
            <label for="f-address">{t("address")}</label>
            <p id="hint-address" class="hint">
              {t("address_hint")}
            </p>
            <input
              id="f-address"
              type="text"
              autocomplete="street-address"
              maxLength={300}
              value={draft.address}
              aria-invalid={Boolean(errors["address"])}
              aria-describedby={describedBy("address", errors, true)}
              onInput={(e) => update({ address: e.currentTarget.value })}
            />
            <FieldError id="address" message={errors["address"]} />
          </div>
        </fieldset>

        {nearby.length > 0 && (
          <aside class="nearby" aria-labelledby="nearby-title">
            <h2 id="nearby-title">{t("nearby_title")}</h2>
            <p>{t("nearby_hint")}</p>
            <ul>
              {nearby.map((item) => (
                <li key={item.id}>
                  <span class="nearby-text">
                    {item.description.slice(0, 140)} · {statusLabel(lang, item.status)} ·{" "}
                    {categoryName(categories, item.category, lang)}
                  </span>{" "}
                  <a href={`/r/${item.id}`}>
                    {t("follow")} {item.id}
                  </a>
                </li>
              ))}
            </ul>
          </aside>
        )}

        <fieldset class="field">
          <legend>{t("contact")}</legend>
          <p class="privacy">{t("privacy_notice")}</p>
          {(["name", "phone", "email"] as const).map((key) => (
            <div class="field" key={key}>
              <label for={`f-${key}`}>{t(key)}</label>
              <input
                id={`f-${key}`}
                type={key === "phone" ? "tel" : key === "email" ? "email" : "text"}
                autocomplete={key === "name" ? "name" : key === "phone" ? "tel" : "email"}
                value={draft[key]}
                aria-invalid={Boolean(errors[key])}
                aria-describedby={describedBy(key, errors)}
                onInput={(e) => update({ [key]: e.currentTarget.value })}
              />
              <FieldError id={key} message={errors[key]} />
            </div>
          ))}
          <div class="field">
            <label for="f-language">{t("reporter_language")}</label>
            <select
              id="f-language"
              value={draft.language}
              onChange={(e) => update({ language: e.currentTarget.value === "en" ? "en" : "vi" })}
            >
              <option value="vi">{t("lang_vi")}</option>
              <option value="en">{t("lang_en")}</option>
            </select>
            <FieldError id="language" message={errors["language"]} />
          </div>
        </fieldset>

        <button type="submit" class="primary big" disabled={sending}>
          {t("submit")}
        </button>
        {sending && <p role="status">{t("sending")}</p>}
      </form>
    </section>
  );
}

/** Within about a metre: the photo's position is already the report's, nothing to suggest. */
function samePlace(a: { lat: number; lon: number }, b: { lat: number | null; lon: number | null }): boolean {
  return b.lat !== null && b.lon !== null && Math.abs(a.lat - b.lat) < 1e-5 && Math.abs(a.lon - b.lon) < 1e-5;
}

function PhotoStatus({ photo }: { photo: Photo }) {
  const { t } = useApp();
  if (photo.state === "uploading" || photo.state === "processing")
    return (
      <span class="photo-status">
        <progress max={1} value={photo.progress} aria-label={`${t("photo_uploading")} ${photo.label}`} />
      </span>
    );
  if (photo.state === "done") return <span class="photo-status ok">{t("photo_done")}</span>;
  if (photo.state === "waiting") return <span class="photo-status">{t("photo_waiting")}</span>;
  return (
    <span class="photo-status bad" role="alert">
      {t("photo_failed")}
      {photo.error ? `: ${photo.error}` : ""}
    </span>
  );
}

function AttributeField({
  field,
  value,
  error,
  onChange,
}: {
  field: CategoryField;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  const { lang, t } = useApp();
  const id = `attr-${field.code}`;
  const label = lang === "en" ? field.name_en : field.name_vi;
  const errors = error ? { [id]: error } : {};
  const common = {
    id: `f-${id}`,
    required: field.required,
    "aria-invalid": Boolean(error),
    "aria-describedby": describedBy(id, errors),
  };
  let control;
  if (field.datatype === "singlevaluelist" || field.datatype === "multivaluelist") {
    const multiple = field.datatype === "multivaluelist";
    control = (
      <select
        {...common}
        multiple={multiple}
        value={multiple ? undefined : value}
        onChange={(e) =>
          onChange(
            multiple
              ? Array.from(e.currentTarget.selectedOptions, (o) => o.value).join(",")
              : e.currentTarget.value,
          )
        }
      >
        {!multiple && <option value="">{t("choose")}</option>}
        {field.choices.map((choice) => (
          <option key={choice.key} value={choice.key} selected={multiple ? value.split(",").includes(choice.key) : undefined}>
            {lang === "en" ? choice.name_en : choice.name_vi}
          </option>
        ))}
      </select>
    );
  } else if (field.datatype === "text") {
    control = <textarea {...common} rows={3} value={value} onInput={(e) => onChange(e.currentTarget.value)} />;
  } else {
    const type = field.datatype === "number" ? "number" : field.datatype === "datetime" ? "date" : "text";
    control = <input {...common} type={type} value={value} onInput={(e) => onChange(e.currentTarget.value)} />;
  }
  return (
    <div class="field">
      <label for={`f-${id}`}>
        {label}
        {field.required ? " *" : ""}
      </label>
      {control}
      <FieldError id={id} message={error} />
    </div>
  );
}

function Sent({ sent, onAnother }: { sent: Submitted; onAnother: () => void }) {
  const { t } = useApp();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section class="sent">
      <h1 ref={heading} tabIndex={-1}>
        {t("sent_title")}
      </h1>
      <p>{t("sent_code")}</p>
      <p class="code" data-testid="tracking-code">
        {sent.id}
      </p>
      <p>{t("sent_keep")}</p>
      <p class="actions">
        <a class="button primary" href={`/r/${sent.id}`}>
          {t("sent_track")}
        </a>
        <button type="button" onClick={onAnother}>
          {t("sent_another")}
        </button>
      </p>
    </section>
  );
}
