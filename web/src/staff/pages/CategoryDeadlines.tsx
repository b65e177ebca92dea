import type { components } from "../../api/schema";
import { useStaff } from "../context";
import type { Urgency } from "../types";

type Deadline = components["schemas"]["DeadlineIn"];
/** What the form holds: an urgency's two figures, either possibly not typed yet. */
export type DeadlineDrafts = Partial<Record<Urgency, Partial<Deadline>>>;

export const URGENCIES: Urgency[] = ["urgent", "normal", "complex"];

/** The deadlines to save: an urgency with neither figure keeps the defaults and is left out. */
export function deadlinesToSave(drafts: DeadlineDrafts): Partial<Record<Urgency, Deadline>> {
  const saved: Partial<Record<Urgency, Deadline>> = {};
  for (const urgency of URGENCIES) {
    const draft = drafts[urgency];
    if (draft?.accept_hours === undefined && draft?.answer_days === undefined) continue;
    // Both are required by the inputs once either is typed; the API refuses a half-filled one anyway.
    saved[urgency] = draft as Deadline;
  }
  return saved;
}

function figure(value: string): number | undefined {
  return value.trim() === "" ? undefined : Number(value);
}

/** A category's deadlines per urgency: working hours to accept, working days to answer. */
export function CategoryDeadlines({ drafts, onChange }: { drafts: DeadlineDrafts; onChange(drafts: DeadlineDrafts): void }) {
  const { t } = useStaff();
  const patch = (urgency: Urgency, change: Partial<Deadline>) => {
    const next = { ...drafts[urgency], ...change };
    onChange({ ...drafts, [urgency]: next });
  };
  return (
    <fieldset class="field">
      <legend>{t("deadlines_per_urgency")}</legend>
      <p class="meta">{t("deadlines_hint")}</p>
      {URGENCIES.map((urgency) => {
        const draft = drafts[urgency] ?? {};
        const started = draft.accept_hours !== undefined || draft.answer_days !== undefined;
        return (
          <div class="deadline" key={urgency}>
            <div class="field">
              <label for={`dl-${urgency}-accept`}>{t("deadline_accept_hours", { urgency: t(urgency) })}</label>
              <input
                id={`dl-${urgency}-accept`}
                type="number"
                min={1}
                max={80}
                step="any"
                required={started}
                value={draft.accept_hours ?? ""}
                onInput={(e) => patch(urgency, { accept_hours: figure(e.currentTarget.value) })}
              />
            </div>
            <div class="field">
              <label for={`dl-${urgency}-answer`}>{t("deadline_answer_days", { urgency: t(urgency) })}</label>
              <input
                id={`dl-${urgency}-answer`}
                type="number"
                min={1}
                max={30}
                step={1}
                required={started}
                value={draft.answer_days ?? ""}
                onInput={(e) => patch(urgency, { answer_days: figure(e.currentTarget.value) })}
              />
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}
