import { describe, expect, it } from "vitest";
import { initialLang, percent, saveLang, statusLabel, translate } from "../src/lib/i18n";
import { memory } from "./memory";

describe("i18n", () => {
  it("keeps the contract's accessible names in Vietnamese", () => {
    const names = ["nav_new", "category", "description", "photos", "address", "name", "phone", "email", "submit"] as const;
    expect(names.map((key) => translate("vi", key))).toEqual([
      "Phản ánh mới",
      "Lĩnh vực",
      "Mô tả",
      "Ảnh",
      "Địa chỉ",
      "Họ tên",
      "Số điện thoại",
      "Email",
      "Gửi phản ánh",
    ]);
    expect(translate("vi", "use_my_location")).toBe("Dùng vị trí của tôi");
    expect(translate("vi", "code")).toBe("Mã phản ánh");
    expect(translate("vi", "lookup")).toBe("Tra cứu");
    expect(translate("vi", "nav_mine")).toBe("Phản ánh của tôi");
  });
  it("translates to English and fills parameters", () => {
    expect(translate("en", "submit")).toBe("Send report");
    expect(translate("en", "location_set", { lat: "9.1", lon: "105.2" })).toBe("Location chosen: 9.1, 105.2");
    expect(translate("vi", "lang_vi")).toBe("Tiếng Việt");
    expect(translate("en", "lang_vi")).toBe("Tiếng Việt"); // no English text: the Vietnamese one
  });
  it("names every status in both languages", () => {
    expect(statusLabel("vi", "assigned")).toBe("Đã chuyển xử lý");
    expect(statusLabel("en", "closed")).toBe("Answered");
    expect(statusLabel("en", "unknown_status")).toBe("unknown_status");
  });
  it("is Vietnamese unless the person chose English", () => {
    const storage = memory();
    expect(initialLang(storage, "en-US")).toBe("vi");
    saveLang(storage, "en");
    expect(initialLang(storage)).toBe("en");
    storage.setItem("phananh.lang", "fr");
    expect(initialLang(storage)).toBe("vi");
    expect(initialLang(null)).toBe("vi");
  });
  it("shows rates as percentages", () => {
    expect(percent(0.875)).toBe("87.5%");
    expect(percent(1)).toBe("100%");
    expect(percent(null)).toBe("—");
  });
});
