import { useState } from "preact/hooks";
import { FieldError } from "../../components/FieldError";
import { useApp } from "../../context";
import { downscale } from "../../lib/downscale";
import { postToSlot } from "../../lib/upload";
import { useStaff } from "../context";

const MAX_PHOTOS = 5;

interface Sent {
  name: string;
  progress: number;
  failed: boolean;
}

/** Photos of the work done, sent with the answer: downscaled here, uploaded like a citizen's photos. */
export function AnswerPhotos({ ids, onChange }: { ids: string[]; onChange(ids: string[]): void }) {
  const { t } = useStaff();
  const { api } = useApp();
  const [sent, setSent] = useState<Sent[]>([]);
  const [error, setError] = useState<string | undefined>(undefined);

  async function add(files: FileList | null) {
    setError(undefined);
    const chosen = [...(files ?? [])].slice(0, MAX_PHOTOS - ids.length);
    if ((files?.length ?? 0) > chosen.length) setError(t("photos_too_many"));
    let current = ids;
    for (const file of chosen) {
      const index = sent.length + chosen.indexOf(file);
      setSent((old) => [...old, { name: file.name, progress: 0, failed: false }]);
      const patch = (change: Partial<Sent>) =>
        setSent((old) => old.map((item, i) => (i === index ? { ...item, ...change } : item)));
      try {
        const blob = await downscale(file);
        const slot = await api.openUpload("image/jpeg");
        await postToSlot(slot, blob, (progress) => patch({ progress }));
        patch({ progress: 1 });
        current = [...current, slot.upload_id];
        onChange(current);
      } catch {
        patch({ failed: true });
      }
    }
  }

  return (
    <div class="field">
      <label for="act-answer-photos">{t("answer_photos")}</label>
      <input
        id="act-answer-photos"
        type="file"
        accept="image/*"
        multiple
        disabled={ids.length >= MAX_PHOTOS}
        aria-describedby={error ? "err-act-answer-photos" : undefined}
        onChange={(e) => void add(e.currentTarget.files)}
      />
      <FieldError id="act-answer-photos" message={error} />
      <ul class="photos">
        {sent.map((item, i) => (
          <li key={i} class="photo">
            <span class="photo-name">{item.name}</span>
            {item.failed ? (
              <span class="photo-status bad">{t("photo_failed")}</span>
            ) : (
              <progress value={item.progress} max={1} aria-label={item.name} />
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
