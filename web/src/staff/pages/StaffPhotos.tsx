import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../../api/errors";
import { useStaff } from "../context";
import type { StaffReport } from "../types";

/** The report's photos and its answer's, as the photo worker left them: staff see them before anything is
 * published, through the staff photo route; a refused one is a placeholder saying so, never a broken image. */
export function StaffPhotos({ report }: { report: StaffReport }) {
  const { t } = useStaff();
  const [enlarged, setEnlarged] = useState<{ id: string; label: string } | null>(null);
  if (!report.photos.length && !report.answer_photos.length) return null;
  const open = (id: string, label: string) => setEnlarged({ id, label });
  return (
    <>
      <h2>{t("photos")}</h2>
      <PhotoList report={report} ids={report.photos} label={(n) => t("photo_n", { n })} open={open} />
      {report.answer_photos.length > 0 && (
        <>
          <h3>{t("answer_photos")}</h3>
          <PhotoList report={report} ids={report.answer_photos} label={(n) => t("answer_photo_n", { n })} open={open} />
        </>
      )}
      {enlarged && (
        <figure class="photo-large">
          <PhotoImage report={report} id={enlarged.id} label={enlarged.label} thumbnail={false} />
          <button type="button" onClick={() => setEnlarged(null)}>
            {t("photo_close")}
          </button>
        </figure>
      )}
    </>
  );
}

interface ListProps {
  report: StaffReport;
  ids: string[];
  label: (n: number) => string;
  open: (id: string, label: string) => void;
}

function PhotoList({ report, ids, label, open }: ListProps) {
  const { t, lang } = useStaff();
  if (!ids.length) return null;
  return (
    <ul class="thumbs">
      {ids.map((id, index) => {
        const name = label(index + 1);
        const state = report.photo_status?.[id];
        if (state?.status === "ready") {
          return (
            <li key={id} class="thumb">
              <PhotoImage report={report} id={id} label={name} thumbnail />
              <button type="button" class="link" aria-label={t("photo_enlarge", { label: name })} onClick={() => open(id, name)}>
                {t("photo_enlarge_short")}
              </button>
            </li>
          );
        }
        const why = state?.status === "rejected" ? ((lang === "en" ? state.message_en : state.message_vi) ?? "") : "";
        return (
          <li key={id}>
            <Placeholder label={name} text={t(state?.status === "rejected" ? "photo_rejected" : "photo_pending")} detail={why} />
          </li>
        );
      })}
    </ul>
  );
}

function Placeholder({ label, text, detail }: { label: string; text: string; detail: string }) {
  return (
    <span class="photo-placeholder" data-testid="photo-placeholder">
      <strong>{label}</strong>
      <span>{text}</span>
      {detail && <span class="meta">{detail}</span>}
    </span>
  );
}

// A busy API or a dropped connection is worth a second try before a person is shown a failure; a refusal
// (4xx: not theirs, rejected, gone) is not.
const RETRY_DELAYS_MS = [1000, 3000];

function transient(error: unknown): boolean {
  return error instanceof ApiError && (error.isNetwork || error.status === 429 || error.status >= 500);
}

/** Fetches the JPEG with the staff token and shows it through an object URL, released when it goes. */
function PhotoImage({ report, id, label, thumbnail }: { report: StaffReport; id: string; label: string; thumbnail: boolean }) {
  const { api, t } = useStaff();
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let address: string | null = null;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setUrl(null);
    setFailed(false);
    const attempt = (tries: number) =>
      api.photo(report.id, id, thumbnail).then(
        (blob) => {
          if (!live) return;
          address = URL.createObjectURL(blob);
          setUrl(address);
        },
        (error: unknown) => {
          if (!live) return;
          const delay = RETRY_DELAYS_MS[tries];
          if (delay !== undefined && transient(error)) timer = setTimeout(() => void attempt(tries + 1), delay);
          else setFailed(true);
        },
      );
    void attempt(0);
    return () => {
      live = false;
      clearTimeout(timer);
      if (address) URL.revokeObjectURL(address);
    };
  }, [api, report.id, id, thumbnail, round]);
  if (failed) {
    return (
      <span class="photo-placeholder" data-testid="photo-placeholder">
        <strong>{label}</strong>
        <span>{t("photo_unavailable")}</span>
        <button type="button" class="link" onClick={() => setRound(round + 1)}>
          {t("photo_retry")}
        </button>
      </span>
    );
  }
  if (!url) return <span class="photo-placeholder" aria-busy="true">{label}</span>;
  return thumbnail ? <img src={url} alt={label} width={120} height={90} /> : <img src={url} alt={label} class="large" />;
}
