import { describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, screenshotPage } from "../../src/charts/screenshot-page.js";

describe("screenshotPage without a browser", () => {
  it("skips, naming where it looked, and starts nothing", async () => {
    // The unit setup makes starting a process throw: reaching Chromium here would fail the test.
    expect(
      await screenshotPage("/nowhere/page.html", "/nowhere/shot.png", { executablePath: "/no/chromium" }),
    ).toEqual({ taken: false, reason: "no-browser", executablePath: "/no/chromium" });
  });

  it("launches headless and quiet", () => {
    expect(CHROMIUM_ARGS).toEqual([
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ]);
  });
});
