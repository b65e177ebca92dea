import { describe, expect, it } from "vitest";
import { fieldErrors, formFieldOf, messageOf, toApiError } from "../src/api/errors";

const invalid = {
  code: "validation_error",
  message_vi: "Dữ liệu gửi lên không hợp lệ.",
  message_en: "The request is not valid.",
  fields: { description: "String should have at least 10 characters", "reporter.phone": "bad pattern" },
};
const FORM = ["description", "phone", "location", "category", "photos", "address"];

describe("API errors", () => {
  it("name the form control of each API field", () => {
    expect(formFieldOf("reporter.phone")).toBe("phone");
    expect(formFieldOf("reporter.language")).toBe("language");
    expect(formFieldOf("location.lat")).toBe("location");
    expect(formFieldOf("location.address")).toBe("address");
    expect(formFieldOf("photos.3")).toBe("photos");
    expect(formFieldOf("attributes.hazard")).toBe("attr.hazard");
    expect(formFieldOf("description")).toBe("description");
  });
  it("put the message in the reader's language next to each field", () => {
    const vi = fieldErrors(invalid, "vi", FORM);
    expect(vi["description"]).toBe("Dữ liệu gửi lên không hợp lệ. (String should have at least 10 characters)");
    expect(vi["phone"]).toContain("Dữ liệu gửi lên không hợp lệ.");
    expect(fieldErrors(invalid, "en", FORM)["phone"]).toBe("The request is not valid. (bad pattern)");
  });
  it("send fields the form does not show, and errors without fields, to the form as a whole", () => {
    expect(fieldErrors({ ...invalid, fields: { channel: "x" } }, "vi", FORM)).toEqual({
      form: "Dữ liệu gửi lên không hợp lệ. (x)",
    });
    const conflict = { code: "already_rated", message_vi: "Đã đánh giá.", message_en: "Already rated." };
    expect(fieldErrors(conflict, "en", FORM)).toEqual({ form: "Already rated." });
  });
  it("read the API's error shape, and make one up for a bare status", () => {
    const error = toApiError(422, { error: invalid });
    expect(error.status).toBe(422);
    expect(error.body.fields).toEqual(invalid.fields);
    expect(messageOf(error.body, "vi")).toBe(invalid.message_vi);
    const bare = toApiError(502, { message: "Internal server error" });
    expect(bare.body.code).toBe("http_502");
    expect(bare.body.message_vi).toContain("502");
    expect(toApiError(0, null).isNetwork).toBe(true);
  });
});
