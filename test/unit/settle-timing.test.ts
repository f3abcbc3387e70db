import { describe, expect, it } from "vitest";
import { DEFAULT_SETTLE_POLICY, settleLookTimes } from "../../provider/link/create/settle-timing";

describe("the settle window after a create without a trustworthy answer", () => {
  it("looks at 0.5, 1.5, 3.5, 7.5 and 15 s by default", () => {
    expect(settleLookTimes(DEFAULT_SETTLE_POLICY)).toEqual([500, 1_500, 3_500, 7_500, 15_000]);
  });

  it("doubles the interval between looks and ends exactly at the window", () => {
    const looks = settleLookTimes({ firstLookMs: 100, windowMs: 1_000 });
    expect(looks).toEqual([100, 300, 700, 1_000]);
  });

  it("looks once, at the window's end, when the first look would come later", () => {
    expect(settleLookTimes({ firstLookMs: 5_000, windowMs: 2_000 })).toEqual([2_000]);
  });

  it("covers a link that lands 2.5 s after a gateway's answer before the window ends", () => {
    const looks = settleLookTimes(DEFAULT_SETTLE_POLICY);
    expect(looks.some((at) => at >= 2_500 && at < DEFAULT_SETTLE_POLICY.windowMs)).toBe(true);
  });
});
