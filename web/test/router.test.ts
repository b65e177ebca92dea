import { describe, expect, it } from "vitest";
import { isCode, normaliseCode, parseRoute, pathOf } from "../src/lib/router";

describe("routes", () => {
  it("map each path to its page", () => {
    expect(parseRoute("/")).toEqual({ name: "home" });
    expect(parseRoute("/new")).toEqual({ name: "new" });
    expect(parseRoute("/new/")).toEqual({ name: "new" });
    expect(parseRoute("/r")).toEqual({ name: "track", code: null });
    expect(parseRoute("/mine")).toEqual({ name: "mine" });
    expect(parseRoute("/stats")).toEqual({ name: "stats" });
    expect(parseRoute("/nowhere")).toEqual({ name: "notfound" });
    expect(parseRoute("/r/a/b")).toEqual({ name: "notfound" });
  });
  it("give every report a stable address, whatever way the code was typed", () => {
    expect(parseRoute("/r/PA-7K3M-Q9XD")).toEqual({ name: "track", code: "PA-7K3M-Q9XD" });
    expect(parseRoute("/r/pa7k3mq9xd")).toEqual({ name: "track", code: "PA-7K3M-Q9XD" });
    expect(pathOf({ name: "track", code: "PA-7K3M-Q9XD" })).toBe("/r/PA-7K3M-Q9XD");
    for (const name of ["home", "new", "mine", "stats"] as const) expect(parseRoute(pathOf({ name }))).toEqual({ name });
  });
  it("read codes as people say them (O for 0, I and L for 1)", () => {
    expect(normaliseCode(" pa-7k3m-q9xd ")).toBe("PA-7K3M-Q9XD");
    expect(normaliseCode("PAO1IL-ABCD")).toBe("PA-0111-ABCD");
    expect(normaliseCode("7K3M Q9XD")).toBe("PA-7K3M-Q9XD");
    expect(isCode("PA-7K3M-Q9XD")).toBe(true);
    expect(isCode("PA-7K3M-Q9X")).toBe(false);
    expect(isCode("PA-7K3M-Q9XU")).toBe(false); // U is not in the alphabet
  });
});
