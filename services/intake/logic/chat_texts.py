"""What the chat bot says, in Vietnamese and English. Plain text: the platforms render no markup."""

from __future__ import annotations

from typing import Literal

Language = Literal["vi", "en"]

TEXTS: dict[str, dict[Language, str]] = {
    "help": {
        "vi": "Xin chào! Đây là kênh Phản ánh hiện trường. Hãy mô tả sự việc bạn thấy (ít nhất 10 ký tự), "
        "sau đó gửi vị trí và ảnh nếu có. Tra cứu: gửi mã phản ánh (PA-XXXX-XXXX). "
        'Type "English" for English.',
        "en": "Hello! This is the field report channel. Describe what you see (at least 10 characters), then "
        "send the location and photos if you have them. To follow a report, send its code (PA-XXXX-XXXX). "
        'Gõ "Tiếng Việt" để dùng tiếng Việt.',
    },
    "ask_place": {
        "vi": "Đã ghi nhận nội dung. Vui lòng chia sẻ vị trí hoặc nhập địa chỉ nơi xảy ra sự việc. "
        "Bạn có thể gửi thêm ảnh (tối đa 5).",
        "en": "Got it. Please share the location or type the address where it is. "
        "You may also send photos (up to 5).",
    },
    "summary": {
        "vi": "Phản ánh của bạn:\n- Nội dung: {description}\n- Địa điểm: {place}\n- Ảnh: {photos}\n"
        "Trả lời GỬI để gửi phản ánh, HỦY để hủy.",
        "en": "Your report:\n- What: {description}\n- Where: {place}\n- Photos: {photos}\n"
        'Reply "GỬI" to send it, "HỦY" to drop it.',
    },
    "point": {
        "vi": "vị trí đã chia sẻ ({lat:.5f}, {lon:.5f})",
        "en": "shared location ({lat:.5f}, {lon:.5f})",
    },
    "filed": {
        "vi": "Đã gửi phản ánh. Mã tra cứu: {code}. Kết quả xử lý sẽ được báo trong cuộc trò chuyện này.",
        "en": "Your report is sent. Tracking code: {code}. You will hear back in this chat.",
    },
    "dropped": {"vi": "Đã hủy bản nháp phản ánh.", "en": "The draft report is dropped."},
    "nothing_to_drop": {"vi": "Không có bản nháp nào để hủy.", "en": "There is no draft to drop."},
    "photo_added": {"vi": "Đã nhận ảnh ({count}/5).", "en": "Photo received ({count}/5)."},
    "photo_refused": {
        "vi": "Không nhận được ảnh này (tối đa 10 MB, ảnh JPEG, PNG hoặc WebP).",
        "en": "This photo could not be taken (at most 10 MB, a JPEG, PNG or WebP image).",
    },
    "photos_expired": {
        "vi": "Ảnh đã gửi quá 24 giờ nên không dùng được nữa. Gửi lại ảnh nếu cần, rồi trả lời GỬI.",
        "en": "The photos sent over 24 hours ago can no longer be used. "
        'Send them again if needed, then reply "GỬI".',
    },
    "photo_limit": {"vi": "Mỗi phản ánh có tối đa 5 ảnh.", "en": "A report has at most 5 photos."},
    "need_description": {
        "vi": "Vui lòng mô tả sự việc trước (ít nhất 10 ký tự).",
        "en": "Please describe the problem first (at least 10 characters).",
    },
    "need_place": {
        "vi": "Vui lòng chia sẻ vị trí hoặc nhập địa chỉ trước khi gửi.",
        "en": "Please share the location or type the address before sending.",
    },
    "confirm_hint": {
        "vi": "Trả lời GỬI để gửi phản ánh hoặc HỦY để hủy.",
        "en": 'Reply "GỬI" to send the report or "HỦY" to drop it.',
    },
    "ask_code": {
        "vi": "Vui lòng gửi kèm mã phản ánh, ví dụ: tra cứu PA-7K3M-Q9XD.",
        "en": "Please include the report's code, e.g. tra cứu PA-7K3M-Q9XD.",
    },
    "not_found": {
        "vi": "Không tìm thấy phản ánh {code} được gửi từ tài khoản này.",
        "en": "No report {code} was sent from this account.",
    },
    "status": {"vi": "Phản ánh {code}: {status}.", "en": "Report {code}: {status}."},
    "answer": {"vi": "Kết quả xử lý: {answer}", "en": "Answer: {answer}"},
}

STATUS_NAMES: dict[str, dict[Language, str]] = {
    "received": {"vi": "đã tiếp nhận", "en": "received"},
    "triage": {"vi": "đang phân loại", "en": "being sorted"},
    "assigned": {"vi": "đã chuyển cơ quan xử lý", "en": "forwarded to the agency"},
    "in_progress": {"vi": "đang xử lý", "en": "in progress"},
    "resolved": {"vi": "đã có kết quả, đang chờ công bố", "en": "answered, awaiting publication"},
    "closed": {"vi": "đã hoàn thành", "en": "closed"},
    "rejected": {"vi": "không được tiếp nhận", "en": "not accepted"},
}


def say(key: str, language: Language, **values: object) -> str:
    return TEXTS[key][language].format(**values)


def status_name(status: str, language: Language) -> str:
    return STATUS_NAMES.get(status, {"vi": status, "en": status})[language]
