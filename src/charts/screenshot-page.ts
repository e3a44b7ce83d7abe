import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

// A local HTML page → a PNG screenshot, with the system's headless Chromium (Debian's
// `chromium` package) driven by playwright-core. No browser is ever downloaded: the executable
// is given, and when it is absent the screenshot is skipped, not the program. The page may load
// only local files: every other request is refused.

/** Where Debian's `chromium` package puts the browser. */
export const SYSTEM_CHROMIUM = "/usr/bin/chromium";

/** Headless, and quiet: no sandbox (containers), no GPU, no update or sync traffic. */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export type ScreenshotResult =
  | { taken: true; file: string }
  | { taken: false; reason: "no-browser"; executablePath: string }
  | { taken: false; reason: "failed"; detail: string };

export interface ScreenshotOptions {
  executablePath?: string;
  /** CSS pixels; the page is drawn at twice that for a sharp image. */
  width?: number;
}

/** Opens `htmlFile` in headless Chromium and writes a full-page screenshot to `pngFile`. */
export async function screenshotPage(
  htmlFile: string,
  pngFile: string,
  options: ScreenshotOptions = {},
): Promise<ScreenshotResult> {
  const executablePath = options.executablePath ?? SYSTEM_CHROMIUM;
  if (!existsSync(executablePath)) return { taken: false, reason: "no-browser", executablePath };
  const { chromium } = await import("playwright-core");
  const userDataDir = await mkdtemp(join(tmpdir(), "rtg-chromium-"));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: { width: options.width ?? 860, height: 600 },
      deviceScaleFactor: 2,
      offline: true,
    });
    try {
      await context.route("**/*", (route) =>
        route.request().url().startsWith("file:") ? route.continue() : route.abort(),
      );
      const page = await context.newPage();
      await page.goto(pathToFileURL(htmlFile).href, { waitUntil: "load" });
      await page.screenshot({ path: pngFile, fullPage: true });
      return { taken: true, file: pngFile };
    } finally {
      await context.close();
    }
  } catch (error) {
    return {
      taken: false,
      reason: "failed",
      detail: error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error),
    };
  } finally {
    await rm(userDataDir, { recursive: true, force: true });
  }
}
