import { describe, expect, it } from "vitest";
import { fitWithin, MAX_EDGE } from "../src/lib/downscale";

describe("fitWithin", () => {
  it("shrinks the longer edge to the limit and keeps the ratio", () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: MAX_EDGE, height: 1200 });
    expect(fitWithin(3000, 4000)).toEqual({ width: 1200, height: MAX_EDGE });
  });
  it("never enlarges a small photo", () => {
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
    expect(fitWithin(1600, 1600)).toEqual({ width: 1600, height: 1600 });
  });
  it("rounds, and never gives a zero edge to a thin panorama", () => {
    expect(fitWithin(10000, 3)).toEqual({ width: 1600, height: 1 });
    expect(fitWithin(2401, 1801, 1200)).toEqual({ width: 1200, height: 900 });
  });
  it("gives nothing for an image with no pixels", () => {
    expect(fitWithin(0, 100)).toEqual({ width: 0, height: 0 });
  });
});
