import type { Lang } from "../lib/i18n";

/** The one error shape of every API route. */
export interface ApiErrorBody {
  code: string;
  message_vi: string;
  message_en: string;
  fields?: Record<string, string>;
  allowed?: string[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message_en);
  }

  /** No answer at all: the request never reached the API (offline, DNS, dropped connection). */
  get isNetwork(): boolean {
    return this.status === 0;
  }
}

export const NETWORK_ERROR: ApiErrorBody = {
  code: "network",
  message_vi: "Không có kết nối mạng. Nội dung bạn đã nhập vẫn được giữ lại.",
  message_en: "No network connection. What you typed is kept.",
};

export function toApiError(status: number, payload: unknown): ApiError {
  const body = (payload as { error?: Partial<ApiErrorBody> } | null)?.error;
  if (body && typeof body.code === "string") {
    return new ApiError(status, {
      code: body.code,
      message_vi: body.message_vi ?? "Có lỗi xảy ra.",
      message_en: body.message_en ?? "Something went wrong.",
      ...(body.fields ? { fields: body.fields } : {}),
      ...(body.allowed ? { allowed: body.allowed } : {}),
    });
  }
  return new ApiError(status, {
    code: "http_" + status,
    message_vi: `Máy chủ trả lời lỗi ${status}. Vui lòng thử lại.`,
    message_en: `The server answered ${status}. Please try again.`,
  });
}

export function messageOf(error: ApiErrorBody, lang: Lang): string {
  return lang === "en" ? error.message_en : error.message_vi;
}

/**
 * Which form field an API field name belongs to: the API names fields by their JSON path
 * (`reporter.phone`, `location.lat`, `photos.2`, `attributes.hazard`); the form has one control each.
 */
export function formFieldOf(apiField: string): string {
  const [head, second] = apiField.split(".");
  switch (head) {
    case "reporter":
      return second === "language" ? "language" : (second ?? "contact");
    case "location":
      return second === "address" ? "address" : "location";
    case "photos":
      return "photos";
    case "attributes":
      return second ? `attr.${second}` : "category";
    default:
      return head ?? "form";
  }
}

/**
 * Errors per form field: the API's own message in the reader's language, and the field-level detail
 * it gave (the validator's words, in English) after it. Fields the form does not show go to "form".
 */
export function fieldErrors(error: ApiErrorBody, lang: Lang, known: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const general = messageOf(error, lang);
  const fields = error.fields ?? {};
  for (const [apiField, detail] of Object.entries(fields)) {
    let key = formFieldOf(apiField);
    if (!known.includes(key)) key = "form";
    const text = detail ? `${general} (${detail})` : general;
    if (!out[key]) out[key] = text;
  }
  if (Object.keys(out).length === 0) out["form"] = general;
  return out;
}
