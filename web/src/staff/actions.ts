import type { Action, ActionType, StaffReport } from "./types";

/** What a person typed into the action forms, kept across a reload of the report (a 409, a refresh). */
export type Drafts = Record<string, string | boolean>;

/** The order the actions are offered in: the usual next step first. */
export const ACTION_ORDER: ActionType[] = [
  "classify",
  "assign",
  "accept",
  "contacted",
  "note",
  "resolve",
  "publish",
  "send_back",
  "merge",
  "reject",
  "hide",
  "reopen",
];

export function offered(report: StaffReport): ActionType[] {
  return ACTION_ORDER.filter((type) => report.allowed_actions.includes(type));
}

/** The answer photos' upload ids, kept in the drafts as one comma-separated value. */
export function photoIds(drafts: Drafts): string[] {
  return text(drafts, "answer_photos").split(",").filter(Boolean);
}

function text(drafts: Drafts, key: string): string {
  const value = drafts[key];
  return typeof value === "string" ? value.trim() : "";
}

function optional(drafts: Drafts, key: string): string | null {
  return text(drafts, key) || null;
}

/**
 * The request body of one action from the form's drafts, with the version the page read (the API answers
 * 409 if the report changed since). Empty optional fields are sent as null, required ones as typed: the
 * API's own validation names the field and the page shows its message there.
 */
export function actionBody(type: ActionType, report: StaffReport, drafts: Drafts): Action {
  const version = report.version;
  const waiting = drafts["waiting"] === true;
  switch (type) {
    case "classify": {
      const urgency = text(drafts, "urgency");
      return { type, version, category: text(drafts, "category"), urgency: urgency ? (urgency as "urgent" | "normal" | "complex") : null };
    }
    case "assign":
      return { type, version, agency_id: text(drafts, "agency_id"), reason: optional(drafts, "assign_reason") };
    case "reject":
      return { type, version, reason: text(drafts, "reject_reason") as Extract<Action, { type: "reject" }>["reason"], note: optional(drafts, "reject_note") };
    case "merge":
      return { type, version, duplicate_of: text(drafts, "duplicate_of") };
    case "publish": {
      const edited = text(drafts, "publish_answer");
      return { type, version, answer: edited && edited !== (report.agency_answer ?? "").trim() ? edited : null };
    }
    case "hide":
      return { type, version, reason: text(drafts, "hide_reason"), hidden: !report.hidden };
    case "accept":
      return { type, version };
    case "note":
      return { type, version, note: text(drafts, "note"), waiting_for_reporter: waiting };
    case "contacted":
      return { type, version };
    case "resolve":
      return { type, version, answer: text(drafts, "answer"), photos: photoIds(drafts) };
    case "send_back":
      return { type, version, reason: text(drafts, "send_back_reason") };
    case "reopen":
      return { type, version, reason: text(drafts, "reopen_reason") };
  }
}

/** Which form field an API error's field belongs to, for each action (the API names body fields). */
export function draftFieldOf(type: ActionType, apiField: string): string {
  // A refused body of the action union is located under its tag first (`reject.reason`).
  const parts = apiField.split(".");
  if (parts[0] === type && parts.length > 1) parts.shift();
  const head = parts[0] ?? "";
  const prefixed: Partial<Record<ActionType, Record<string, string>>> = {
    assign: { reason: "assign_reason" },
    reject: { reason: "reject_reason", note: "reject_note" },
    publish: { answer: "publish_answer" },
    hide: { reason: "hide_reason" },
    send_back: { reason: "send_back_reason" },
    reopen: { reason: "reopen_reason" },
  };
  return prefixed[type]?.[head] ?? head;
}
