import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, SYSTEM_CHROMIUM, screenshotPage } from "../../src/charts/screenshot-page.js";
import { renderBlockKitPage } from "../../src/render/block-kit-html.js";
import { runMain } from "../helpers/run-main.js";

// npm start without Slack writes digest.html (the digest as Slack lays it out) and a screenshot of
// it. Here the real program writes them, and the real browser (Debian's chromium, driven by
// playwright-core) opens the page and checks that every block was drawn and the chart loaded.

const haveChromium = existsSync(SYSTEM_CHROMIUM);
if (!haveChromium) {
  console.warn(
    `digest-html-preview: skipped, no Chromium at ${SYSTEM_CHROMIUM} (install it: apt-get install chromium; .ci/run does).`,
  );
}

interface Posted {
  blocks: unknown[];
  thread: Array<{ blocks: unknown[] }>;
}

let dir: string;
let browser: Browser | undefined;
let output = "";
let exitCode = -1;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rtg-html-preview-"));
  if (!haveChromium) return;
  const run = runMain({
    DATA_DIR: join(dir, "data"),
    OUTPUT_DIR: join(dir, "out"),
    SLACK_BOT_TOKEN: "",
    SLACK_APP_TOKEN: "",
    SLACK_CLIENT_ID: "",
    SERVE_API: "",
    DEFAULT_LOCALE: "en",
    CHROMIUM_PATH: SYSTEM_CHROMIUM,
  });
  exitCode = await run.exited;
  output = run.output();
  browser = await chromium.launch({
    executablePath: SYSTEM_CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
});

afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

async function open(file: string): Promise<Page> {
  if (!browser) throw new Error("no browser");
  const page = await browser.newPage();
  // Only the local files: anything else the page asked for would be a bug.
  const remote: string[] = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    remote.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  expect(remote).toEqual([]);
  return page;
}

const texts = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((els) => els.map((e) => (e as HTMLElement).innerText.trim()));

describe.skipIf(!haveChromium)("the digest preview page in a real browser", () => {
  it("npm start wrote the page and its screenshot, and said so", async () => {
    expect(exitCode, output).toBe(0);
    expect(output).toContain(`page:       ${join(dir, "out", "digest.html")}`);
    expect(output).toContain(`screenshot: ${join(dir, "out", "digest-preview.png")}`);
    const png = await readFile(join(dir, "out", "digest-preview.png"));
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    // A full-page shot of the whole digest is far taller than the 600 px window.
    expect(png.readUInt32BE(20)).toBeGreaterThan(1200);
  });

  it("draws every block of the main message and the thread, and the chart", async () => {
    const posted = JSON.parse(await readFile(join(dir, "out", "digest-blocks.json"), "utf8")) as Posted;
    const page = await open(join(dir, "out", "digest.html"));
    const expected = posted.blocks.length + posted.thread.reduce((n, m) => n + m.blocks.length, 0);
    expect(await page.locator(".block").count()).toBe(expected);
    // Each block drawn has a size: nothing collapsed or hidden.
    const sizes = await page
      .locator(".block:not(.block-divider)")
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).getBoundingClientRect().height));
    expect(sizes.filter((h) => h <= 0)).toEqual([]);
    expect(await page.locator(".b-unsupported").count()).toBe(0);

    const header = posted.blocks[0] as { type: string; text: { text: string } };
    expect(header.type).toBe("header");
    expect(await page.locator(".b-header").first().innerText()).toBe(header.text.text);
    expect((await texts(page, ".block-context")).some((t) => /DEMO DATA/.test(t))).toBe(true);
    expect(await texts(page, ".el-button")).toContain("Why did this change?");
    // mrkdwn was rendered, not shown raw: bold segment names, no stray asterisks.
    expect(await page.locator(".b-text b").count()).toBeGreaterThan(0);
    expect((await texts(page, ".b-text")).filter((t) => /\*\w/.test(t))).toEqual([]);

    const chart = page.locator("img.file-image");
    expect(await chart.count()).toBe(1);
    expect(await chart.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await page.close();
  });

  it("draws each kind of block: header, fields, context, divider, buttons, actions, image", async () => {
    const blocks = [
      { type: "header", text: { type: "plain_text", text: "Header <script>" } },
      {
        type: "section",
        text: { type: "mrkdwn", text: "*Acme &lt;script&gt;* — lost" },
        fields: [
          { type: "mrkdwn", text: "*Gained*\n3" },
          { type: "mrkdwn", text: "*Lost*\n1" },
        ],
        accessory: { type: "button", text: { type: "plain_text", text: "Why?" }, action_id: "a" },
      },
      { type: "context", elements: [{ type: "mrkdwn", text: "Period _1–14 May_" }] },
      { type: "divider" },
      {
        type: "actions",
        elements: [
          { type: "button", text: { type: "plain_text", text: "Done" }, action_id: "b", style: "primary" },
          { type: "overflow", action_id: "c", options: [] },
        ],
      },
      { type: "image", image_url: "digest-chart.png", alt_text: "chart" },
    ];
    const file = join(dir, "out", "kinds.html");
    await writeFile(
      file,
      renderBlockKitPage({ locale: "es", title: "t", appName: "RightToGrow", main: { blocks }, thread: [] }),
    );
    const page = await open(file);
    expect(await page.locator(".block").count()).toBe(blocks.length);
    expect(await page.locator(".b-header").innerText()).toBe("Header <script>");
    expect(await page.locator("script").count()).toBe(0);
    expect(await page.locator(".b-text b").innerText()).toBe("Acme <script>");
    expect(await texts(page, ".b-field")).toEqual(["Gained\n3", "Lost\n1"]);
    expect(await page.locator(".block-context i").innerText()).toBe("1–14 May");
    expect(await page.locator(".block-divider hr").count()).toBe(1);
    expect(await texts(page, ".el-button")).toEqual(["Why?", "Done"]);
    expect(await page.locator(".el-overflow").getAttribute("title")).toBe("Más opciones");
    expect(
      await page.locator("img.b-image").evaluate((img) => (img as HTMLImageElement).naturalWidth),
    ).toBeGreaterThan(0);
    await page.close();
  });

  it("a browser that does not start is reported, not thrown, and leaves no profile behind", async () => {
    const before = (await readdir(tmpdir())).filter((f) => f.startsWith("rtg-chromium-"));
    const result = await screenshotPage(join(dir, "out", "digest.html"), join(dir, "never.png"), {
      executablePath: "/bin/false",
    });
    expect(result).toMatchObject({ taken: false, reason: "failed" });
    expect(existsSync(join(dir, "never.png"))).toBe(false);
    expect((await readdir(tmpdir())).filter((f) => f.startsWith("rtg-chromium-"))).toEqual(before);
  });

  it("npm start without Chromium still writes the page, and says how to get the screenshot (es)", async () => {
    const run = runMain({
      DATA_DIR: join(dir, "data"),
      OUTPUT_DIR: join(dir, "out-es"),
      SLACK_BOT_TOKEN: "",
      SLACK_APP_TOKEN: "",
      SLACK_CLIENT_ID: "",
      SERVE_API: "",
      DEFAULT_LOCALE: "es",
      CHROMIUM_PATH: join(dir, "no-chromium-here"),
    });
    const code = await run.exited;
    expect(code, run.output()).toBe(0);
    expect(run.output()).toContain(
      `captura:    omitida, no hay Chromium en ${join(dir, "no-chromium-here")} (para tenerlo: sudo apt-get install chromium)`,
    );
    expect(existsSync(join(dir, "out-es", "digest.html"))).toBe(true);
    expect(existsSync(join(dir, "out-es", "digest-preview.png"))).toBe(false);
    const page = await open(join(dir, "out-es", "digest.html"));
    expect(await page.locator("html").getAttribute("lang")).toBe("es");
    expect(await page.locator(".thread-title").innerText()).toMatch(/^Hilo/);
    await page.close();
  });
});
