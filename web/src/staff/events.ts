import type { Lang } from "../lib/i18n";

/** What each step of a report's history is called (shared/events.py's event types). */
const NAMES: Record<string, [string, string]> = {
  "Report.Submitted": ["Tiếp nhận", "Received"],
  "Report.NeedsTriage": ["Cần phân loại", "Needs sorting"],
  "Report.Assigned": ["Chuyển xử lý", "Assigned"],
  "Report.Accepted": ["Cơ quan tiếp nhận", "Accepted by the agency"],
  "Report.ProgressNoted": ["Ghi chú tiến độ", "Progress noted"],
  "Report.SentBack": ["Cơ quan trả lại", "Sent back by the agency"],
  "Report.Resolved": ["Cơ quan trả lời", "Answered by the agency"],
  "Report.Closed": ["Công khai trả lời", "Answer published"],
  "Report.Rejected": ["Từ chối", "Rejected"],
  "Report.Merged": ["Gộp", "Merged"],
  "Report.Rated": ["Người dân đánh giá", "Rated by the reporter"],
  "Report.Reopened": ["Mở lại", "Reopened"],
  "Report.Hidden": ["Ẩn/hiện", "Hidden/shown"],
  "Sla.Started": ["Đặt hạn xử lý", "Deadlines set"],
  "Sla.Warning": ["Sắp đến hạn", "Deadline near"],
  "Sla.Breached": ["Quá hạn", "Overdue"],
  "Sla.Escalated": ["Báo lãnh đạo", "Escalated to leaders"],
  "Sla.Restated": ["Cập nhật hạn xử lý", "Deadlines updated"],
};

export function eventName(type: string, lang: Lang): string {
  const names = NAMES[type];
  return names ? names[lang === "en" ? 1 : 0] : type;
}

const CHANNELS: Record<string, string> = { web: "web", app: "app", facebook: "Messenger", zalo: "Zalo", hotline: "hotline", email: "email", open311: "Open311" };

/** Who took a step, as people say it: a staff member by username, the reporter, a citizen through a channel
 * ("citizen:zalo"), or the system (its workers' names mean nothing to staff); anything else as written. */
export function actorName(actor: string, lang: Lang): string {
  const colon = actor.indexOf(":");
  const kind = colon < 0 ? actor : actor.slice(0, colon);
  const who = colon < 0 ? "" : actor.slice(colon + 1);
  const en = lang === "en";
  if (kind === "staff" && who) return who;
  if (kind === "system") return en ? "System" : "Hệ thống";
  if (kind === "citizen" && who === "reporter") return en ? "The reporter" : "Người phản ánh";
  if (kind === "citizen" && who) return `${en ? "Citizen" : "Người dân"} (${CHANNELS[who] ?? who})`;
  return actor;
}
