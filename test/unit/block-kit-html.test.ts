import { describe, expect, it } from "vitest";
import {
  blocksToHtml,
  escapeHtml,
  mrkdwnToHtml,
  renderBlockKitPage,
} from "../../src/render/block-kit-html.js";
import { escapeMrkdwn } from "../../src/slack/kit/mrkdwn.js";

const mrkdwn = (text: string) => ({ type: "mrkdwn", text });
const plain = (text: string) => ({ type: "plain_text", text, emoji: true });

describe("mrkdwn as HTML", () => {
  it("renders bold, italic, strike, code and pre", () => {
    expect(mrkdwnToHtml("*Total* — _grew_ ~old~ `npm start`")).toBe(
      '<b>Total</b> — <i>grew</i> <s>old</s> <code class="m-code">npm start</code>',
    );
    expect(mrkdwnToHtml("```a *b*\n<c>```")).toBe('<pre class="m-pre">a *b*\n&lt;c&gt;</pre>');
  });

  it("leaves markers inside words and code alone", () => {
    expect(mrkdwnToHtml("2*3*4 snake_case_name")).toBe("2*3*4 snake_case_name");
    expect(mrkdwnToHtml("`*not bold*`")).toBe('<code class="m-code">*not bold*</code>');
  });

  it("turns newlines into breaks and > lines into quotes", () => {
    expect(mrkdwnToHtml("one\n> said\ntwo")).toBe('one<br><span class="m-quote">said</span><br>two');
  });

  it("renders links, and only web or mail links as links", () => {
    expect(mrkdwnToHtml("<https://example.com/a?b=1&amp;c=2|the report>")).toBe(
      '<a class="m-link" href="https://example.com/a?b=1&amp;c=2">the report</a>',
    );
    expect(mrkdwnToHtml("<https://example.com>")).toBe(
      '<a class="m-link" href="https://example.com">https://example.com</a>',
    );
    expect(mrkdwnToHtml("<javascript:alert(1)|click>")).toBe("click");
  });

  it("shows mentions by name when known and by id otherwise", () => {
    const names = { users: { U1: "Ana" }, channels: { C1: "leadership" } };
    expect(mrkdwnToHtml("<@U1> <@U2> <#C1> <#C2|general> <!here>", names)).toBe(
      [
        '<span class="m-mention">@Ana</span>',
        '<span class="m-mention">@U2</span>',
        '<span class="m-mention">#leadership</span>',
        '<span class="m-mention">#general</span>',
        '<span class="m-mention">@here</span>',
      ].join(" "),
    );
  });

  it("shows dates by their fallback", () => {
    expect(mrkdwnToHtml("due <!date^1767225600^{date_short}|2026-01-01>")).toBe("due 2026-01-01");
  });

  it("shows a customer named <script> as text, escaped as the digest escapes it", () => {
    const html = mrkdwnToHtml(`*${escapeMrkdwn("<script>alert('x')</script> & Co")}* — lost`);
    expect(html).toBe("<b>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co</b> — lost");
    expect(html).not.toContain("<script");
  });

  it("never lets text make markup, even when not escaped for Slack", () => {
    expect(mrkdwnToHtml('<img src=x onerror="alert(1)">')).not.toMatch(/<img/);
    expect(mrkdwnToHtml("\"quoted\" & 'single'")).toBe("&quot;quoted&quot; &amp; &#39;single&#39;");
  });
});

describe("blocks as HTML", () => {
  const blocks = [
    { type: "header", text: plain("Did we earn the right to grow? <b>") },
    { type: "context", elements: [mrkdwn("Period *1 May*"), plain("plain <i>")] },
    {
      type: "section",
      text: mrkdwn("*Yes*"),
      fields: [mrkdwn("*Gained*\n3"), plain("Lost 1")],
      accessory: { type: "button", text: plain("Why?"), action_id: "why", style: "primary" },
    },
    { type: "divider" },
    {
      type: "actions",
      elements: [
        { type: "button", text: plain("Done"), action_id: "done" },
        { type: "overflow", action_id: "menu", options: [] },
        { type: "static_select", placeholder: plain("Pick one"), action_id: "pick" },
      ],
    },
    { type: "image", image_url: "chart.png", alt_text: 'chart "x"', title: plain("Chart") },
    { type: "rich_text", elements: [] },
  ];
  const html = blocksToHtml(blocks, "en");

  it("draws one element per block, of its type, in order", () => {
    const types = [...html.matchAll(/<div class="block block-[a-z_]+" data-block-type="([a-z_]+)">/g)].map(
      (m) => m[1],
    );
    expect(types).toEqual(blocks.map((b) => b.type));
  });

  it("draws the header as plain text, escaped", () => {
    expect(html).toContain('<h2 class="b-header">Did we earn the right to grow? &lt;b&gt;</h2>');
  });

  it("draws context elements, mrkdwn and plain", () => {
    expect(html).toContain('<span class="b-context-item">Period <b>1 May</b></span>');
    expect(html).toContain('<span class="b-context-item">plain &lt;i&gt;</span>');
  });

  it("draws a section's text, fields and accessory button", () => {
    expect(html).toContain('<div class="b-text"><b>Yes</b></div>');
    expect(html).toContain(
      '<div class="b-fields"><div class="b-field"><b>Gained</b><br>3</div><div class="b-field">Lost 1</div></div>',
    );
    expect(html).toContain('<span class="el el-button el-primary" role="button">Why?</span>');
  });

  it("draws dividers, action rows, images, and names blocks it does not draw", () => {
    expect(html).toContain('data-block-type="divider"><hr></div>');
    expect(html).toContain('<span class="el el-button" role="button">Done</span>');
    expect(html).toContain('title="More options">⋯</span>');
    expect(html).toContain('<span class="el el-select">Pick one ▾</span>');
    expect(html).toContain('<img class="b-image" src="chart.png" alt="chart &quot;x&quot;">');
    expect(html).toContain("(a “rich_text” block, not drawn in this preview)");
    expect(blocksToHtml([{ type: "rich_text" }], "es")).toContain("(un bloque «rich_text», no dibujado");
  });

  it("refuses image URLs that are scripts, and survives blocks that are not objects", () => {
    expect(
      blocksToHtml([{ type: "image", image_url: "javascript:alert(1)", alt_text: "x" }], "en"),
    ).not.toContain("<img");
    expect(blocksToHtml([null, "x"], "en")).toContain('data-block-type="unknown"');
  });
});

describe("the page", () => {
  const page = (locale: "en" | "es") =>
    renderBlockKitPage({
      locale,
      title: "Digest <preview>",
      appName: "RightToGrow",
      main: { blocks: [{ type: "header", text: plain("Title") }] },
      thread: [
        { blocks: [{ type: "divider" }] },
        { blocks: [], files: [{ src: "digest-chart.png", alt: "Chart <1>" }] },
      ],
    });

  it("is a whole document with the main message, the thread and the files", () => {
    const html = page("en");
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain("<title>Digest &lt;preview&gt;</title>");
    expect(html.match(/<article class="message">/g)).toHaveLength(3);
    expect(html).toContain('Thread<span class="thread-count">2 replies</span>');
    expect(html).toContain('<img class="file-image" src="digest-chart.png" alt="Chart &lt;1&gt;">');
  });

  it("fetches nothing: no external URL, no script", () => {
    const html = page("en");
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link/);
    expect(html).toContain("default-src 'none'");
  });

  it("speaks Spanish", () => {
    const html = page("es");
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('Hilo<span class="thread-count">2 respuestas</span>');
  });

  it("escapes all five HTML specials", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
});
