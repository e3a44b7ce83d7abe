import type { Locale } from "../domain/locale.js";

// Block Kit JSON → one self-contained HTML page that lays a message (and its thread) out the way
// Slack does: header, sections with their fields and accessory, context lines, dividers, action
// rows, images and attached files. Pure: no network (inline CSS, no fonts or scripts fetched),
// and every piece of text is escaped, so a customer named "<script>" is shown as text.
// mrkdwn is rendered like Slack's: *bold*, _italic_, ~strike~, `code`, ```pre```, > quotes,
// <url|links>, <@user> / <#channel> mentions (names when given, ids otherwise), <!date^…|fallback>.
// Emoji shortcodes stay as text.

/** One message: its blocks as posted, and files attached to it (the chart). */
export interface HtmlMessage {
  blocks: readonly unknown[];
  files?: ReadonlyArray<{ src: string; alt: string }>;
}

export interface BlockKitPage {
  locale: Locale;
  /** The page's <title>. */
  title: string;
  /** Who posts it, as Slack shows the bot's name. */
  appName: string;
  main: HtmlMessage;
  /** Replies in the main message's thread, in order. */
  thread: readonly HtmlMessage[];
}

/** Display names for mentions; an id without a name is shown as the id. */
export interface MentionNames {
  users?: Readonly<Record<string, string>>;
  channels?: Readonly<Record<string, string>>;
}

const words = {
  en: {
    app: "APP",
    thread: "Thread",
    replies: (n: number) => (n === 1 ? "1 reply" : `${n} replies`),
    caption: "Preview: the digest as Slack lays it out (buttons are not live here).",
    moreOptions: "More options",
    unsupported: (type: string) => `(a “${type}” block, not drawn in this preview)`,
  },
  es: {
    app: "APP",
    thread: "Hilo",
    replies: (n: number) => (n === 1 ? "1 respuesta" : `${n} respuestas`),
    caption: "Vista previa: el resumen tal como lo muestra Slack (aquí los botones no funcionan).",
    moreOptions: "Más opciones",
    unsupported: (type: string) => `(un bloque «${type}», no dibujado en esta vista previa)`,
  },
} satisfies Record<Locale, unknown>;
type Words = (typeof words)[Locale];

/** HTML-escapes text for element content and quoted attribute values. */
export const escapeHtml = (text: string): string =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

/** Slack's three mrkdwn escapes back to the characters they stand for. */
const unescapeSlack = (text: string): string =>
  text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** Text of the mrkdwn source (Slack-escaped) as safe HTML. */
const textHtml = (raw: string): string => escapeHtml(unescapeSlack(raw));

/** A URL a link or image may point at: web and mail links, or (for files) a relative path. */
function safeUrl(url: string, allowRelative: boolean): string | null {
  const trimmed = url.trim();
  if (/^(https?:|mailto:)/i.test(trimmed)) return trimmed;
  if (allowRelative && !/^[a-z][a-z0-9+.-]*:/i.test(trimmed) && !trimmed.startsWith("//")) return trimmed;
  return null;
}

/** One `<…>` control sequence of mrkdwn (its inside, still Slack-escaped) as HTML. */
function controlHtml(inner: string, names: MentionNames): string {
  const bar = inner.indexOf("|");
  const target = bar >= 0 ? inner.slice(0, bar) : inner;
  const label = bar >= 0 ? inner.slice(bar + 1) : null;
  const mention = (text: string) => `<span class="m-mention">${textHtml(text)}</span>`;
  if (target.startsWith("@")) {
    const id = target.slice(1);
    return mention(`@${names.users?.[id] ?? label ?? id}`);
  }
  if (target.startsWith("#")) {
    const id = target.slice(1);
    return mention(`#${names.channels?.[id] ?? label ?? id}`);
  }
  if (target.startsWith("!")) {
    const command = target.slice(1);
    if (["here", "channel", "everyone"].includes(command)) return mention(`@${command}`);
    if (command.startsWith("subteam^")) return mention(label ?? `@${command.slice("subteam^".length)}`);
    if (command.startsWith("date^")) {
      if (label !== null) return textHtml(label);
      const seconds = Number(command.split("^")[1]);
      return Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString().slice(0, 10) : "";
    }
    return textHtml(label ?? command);
  }
  const url = safeUrl(unescapeSlack(target), false);
  const shown = textHtml(label ?? target);
  return url ? `<a class="m-link" href="${escapeHtml(url)}">${shown}</a>` : shown;
}

// Slack formats a span only when its markers sit at word edges: "2*3*4" stays as written.
const EMPHASIS: ReadonlyArray<[RegExp, string]> = [
  [/(^|[^\p{L}\p{N}*])\*(?=\S)([^*\n]*?\S)\*(?![\p{L}\p{N}*])/gu, "b"],
  [/(^|[^\p{L}\p{N}_])_(?=\S)([^_\n]*?\S)_(?![\p{L}\p{N}_])/gu, "i"],
  [/(^|[^\p{L}\p{N}~])~(?=\S)([^~\n]*?\S)~(?![\p{L}\p{N}~])/gu, "s"],
];

/** One line of mrkdwn (no ``` inside) as HTML. */
function inlineHtml(line: string, names: MentionNames): string {
  // Code spans and control sequences are cut out first (placeholders), so emphasis markers
  // inside them stay literal; the rest is escaped before emphasis is applied.
  const held: string[] = [];
  const hold = (html: string) => `\uE000${held.push(html) - 1}\uE001`;
  // Private-use marks: taken out of the text itself, so text can never name a placeholder.
  const plainText = (raw: string) => textHtml(raw.replace(/[\uE000\uE001]/g, ""));
  let text = "";
  let last = 0;
  for (const m of line.matchAll(/`([^`\n]+)`|<([^<>\n]+)>/g)) {
    text += plainText(line.slice(last, m.index));
    text +=
      m[1] !== undefined
        ? hold(`<code class="m-code">${textHtml(m[1])}</code>`)
        : hold(controlHtml(m[2] ?? "", names));
    last = m.index + m[0].length;
  }
  text += plainText(line.slice(last));
  for (const [pattern, tag] of EMPHASIS) text = text.replace(pattern, `$1<${tag}>$2</${tag}>`);
  return text.replace(/\uE000(\d+)\uE001/g, (_, i: string) => held[Number(i)] ?? "");
}

/** A mrkdwn text (as Slack receives it, with its own escapes) as HTML. */
export function mrkdwnToHtml(source: string, names: MentionNames = {}): string {
  const parts = source.split("```");
  // An unclosed ``` is literal text, as in Slack.
  if (parts.length % 2 === 0) parts.splice(parts.length - 2, 2, `${parts.at(-2)}\`\`\`${parts.at(-1)}`);
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return `<pre class="m-pre">${textHtml(part.replace(/^\n|\n$/g, ""))}</pre>`;
      return part
        .split("\n")
        .map((line) =>
          line.startsWith(">")
            ? `<span class="m-quote">${inlineHtml(line.slice(1).replace(/^ /, ""), names)}</span>`
            : inlineHtml(line, names),
        )
        .join("<br>");
    })
    .join("");
}

// Block Kit as posted is plain JSON: read it defensively, and draw what is not understood as
// a visible "not drawn" block rather than failing the whole preview.
type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const str = (value: unknown): string => (typeof value === "string" ? value : "");
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** A text object (plain_text or mrkdwn) as HTML. */
function textObjectHtml(value: unknown, names: MentionNames): string {
  if (!isObject(value)) return "";
  return value.type === "mrkdwn" ? mrkdwnToHtml(str(value.text), names) : escapeHtml(str(value.text));
}

function imageHtml(url: unknown, alt: unknown, cls: string): string {
  const src = safeUrl(str(url), true);
  return src ? `<img class="${cls}" src="${escapeHtml(src)}" alt="${escapeHtml(str(alt))}">` : "";
}

/** An interactive element (accessory or in an actions block) as a look-alike that does nothing. */
function elementHtml(value: unknown, names: MentionNames, w: Words): string {
  if (!isObject(value)) return "";
  const type = str(value.type);
  const label = textObjectHtml(value.text, names);
  switch (type) {
    case "button": {
      const style = value.style === "primary" || value.style === "danger" ? ` el-${value.style}` : "";
      return `<span class="el el-button${style}" role="button">${label}</span>`;
    }
    case "overflow":
      return `<span class="el el-overflow" role="button" title="${escapeHtml(w.moreOptions)}">⋯</span>`;
    case "image":
      return imageHtml(value.image_url, value.alt_text, "el-image");
    case "datepicker":
      return `<span class="el el-select">📅 ${escapeHtml(str(value.initial_date)) || textObjectHtml(value.placeholder, names)}</span>`;
    default: {
      const shown = textObjectHtml(value.placeholder, names) || escapeHtml(type);
      return `<span class="el el-select">${shown} ▾</span>`;
    }
  }
}

function blockInnerHtml(block: Json, names: MentionNames, w: Words): string {
  switch (block.type) {
    case "header":
      return `<h2 class="b-header">${textObjectHtml(block.text, names)}</h2>`;
    case "section": {
      const text = block.text ? `<div class="b-text">${textObjectHtml(block.text, names)}</div>` : "";
      const fields = list(block.fields).length
        ? `<div class="b-fields">${list(block.fields)
            .map((f) => `<div class="b-field">${textObjectHtml(f, names)}</div>`)
            .join("")}</div>`
        : "";
      const accessory = block.accessory
        ? `<div class="b-accessory">${elementHtml(block.accessory, names, w)}</div>`
        : "";
      return `<div class="b-body">${text}${fields}</div>${accessory}`;
    }
    case "context":
      return list(block.elements)
        .map((e) =>
          isObject(e) && e.type === "image"
            ? imageHtml(e.image_url, e.alt_text, "b-context-image")
            : `<span class="b-context-item">${textObjectHtml(e, names)}</span>`,
        )
        .join("");
    case "divider":
      return "<hr>";
    case "actions":
      return list(block.elements)
        .map((e) => elementHtml(e, names, w))
        .join("");
    case "image": {
      const title = block.title
        ? `<div class="b-image-title">${textObjectHtml(block.title, names)}</div>`
        : "";
      return `${title}${imageHtml(block.image_url, block.alt_text, "b-image")}`;
    }
    default:
      return `<span class="b-unsupported">${escapeHtml(w.unsupported(str(block.type) || "?"))}</span>`;
  }
}

/** Each block as one `<div class="block" data-block-type=…>`, in order. */
export function blocksToHtml(blocks: readonly unknown[], locale: Locale, names: MentionNames = {}): string {
  const w = words[locale];
  return blocks
    .map((block) => {
      const b = isObject(block) ? block : {};
      const type = escapeHtml(str(b.type) || "unknown");
      return `<div class="block block-${type}" data-block-type="${type}">${blockInnerHtml(b, names, w)}</div>`;
    })
    .join("\n");
}

function messageHtml(message: HtmlMessage, page: BlockKitPage, names: MentionNames): string {
  const w = words[page.locale];
  const files = (message.files ?? [])
    .map((f) => {
      const src = safeUrl(f.src, true);
      return src
        ? `<figure class="file"><img class="file-image" src="${escapeHtml(src)}" alt="${escapeHtml(f.alt)}"><figcaption>${escapeHtml(f.alt)}</figcaption></figure>`
        : "";
    })
    .join("");
  return `<article class="message">
<div class="avatar" aria-hidden="true">${escapeHtml(page.appName.slice(0, 1).toUpperCase())}</div>
<div class="content">
<div class="who"><span class="name">${escapeHtml(page.appName)}</span><span class="badge">${w.app}</span></div>
${blocksToHtml(message.blocks, page.locale, names)}
${files}
</div>
</article>`;
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;background:#fff;color:#1d1c1d;font:15px/1.46668 "Lato","Helvetica Neue",Helvetica,Arial,sans-serif}
main{max-width:820px;margin:0 auto;padding:16px 20px 24px}
.caption{color:#616061;font-size:13px;margin:0 0 12px;padding-bottom:8px;border-bottom:1px solid #e8e8e8}
.message{display:flex;gap:8px;padding:8px 0}
.avatar{flex:0 0 36px;height:36px;border-radius:6px;background:#2bac76;color:#fff;font-weight:900;font-size:18px;display:flex;align-items:center;justify-content:center}
.content{flex:1;min-width:0}
.who{margin-bottom:2px}.name{font-weight:900}
.badge{margin-left:4px;padding:0 3px;border-radius:2px;background:#e8e8e8;color:#616061;font-size:10px;font-weight:700;vertical-align:1px}
.block{margin:4px 0}
.b-header{font-size:18px;font-weight:900;margin:6px 0 2px;line-height:1.33}
.block-section{display:flex;gap:12px;align-items:flex-start}
.b-body{flex:1;min-width:0;white-space:normal;overflow-wrap:anywhere}
.b-fields{display:grid;grid-template-columns:1fr 1fr;gap:8px 16px;margin-top:4px}
.b-accessory{flex:0 0 auto}
.block-context{color:#616061;font-size:13px;display:flex;flex-wrap:wrap;gap:4px 8px;align-items:center}
.b-context-image{width:20px;height:20px;border-radius:4px}
.block-divider hr{border:0;border-top:1px solid #dddddd;margin:12px 0}
.block-actions{display:flex;flex-wrap:wrap;gap:8px}
.b-image{max-width:100%;border-radius:8px;border:1px solid #e8e8e8}
.b-unsupported{color:#616061;font-style:italic}
.el{display:inline-block;border:1px solid #bbbabb;border-radius:4px;padding:3px 12px;font-size:15px;font-weight:700;background:#fff;color:#1d1c1d;white-space:nowrap}
.el-primary{background:#007a5a;border-color:#007a5a;color:#fff}
.el-danger{background:#fff;border-color:#bbbabb;color:#e01e5a}
.el-overflow{padding:3px 8px;letter-spacing:1px}
.el-select{font-weight:400}
.el-image{width:88px;height:88px;border-radius:4px}
.m-code{font:12px Monaco,Menlo,Consolas,"Courier New",monospace;color:#e01e5a;background:#f6f6f6;border:1px solid #dddddd;border-radius:3px;padding:1px 3px}
.m-pre{font:12px Monaco,Menlo,Consolas,"Courier New",monospace;background:#f8f8f8;border:1px solid #dddddd;border-radius:4px;padding:8px;white-space:pre-wrap;margin:4px 0}
.m-quote{display:inline-block;border-left:4px solid #dddddd;padding-left:10px}
.m-link{color:#1264a3;text-decoration:none}
.m-mention{color:#1264a3;background:#e8f5fa;border-radius:3px;padding:0 2px}
.thread{margin-top:12px;border-top:1px solid #e8e8e8;padding-top:8px}
.thread-title{font-weight:900;font-size:15px;margin:4px 0}
.thread-count{color:#616061;font-size:13px;font-weight:400;margin-left:6px}
.file{margin:8px 0 0}
.file-image{display:block;max-width:100%;border:1px solid #e8e8e8;border-radius:8px}
.file figcaption{color:#616061;font-size:13px;margin-top:4px}
`;

/** The whole page: the main message, then its thread. */
export function renderBlockKitPage(page: BlockKitPage, names: MentionNames = {}): string {
  const w = words[page.locale];
  const thread = page.thread.length
    ? `<section class="thread"><h3 class="thread-title">${w.thread}<span class="thread-count">${w.replies(page.thread.length)}</span></h3>
${page.thread.map((m) => messageHtml(m, page, names)).join("\n")}
</section>`
    : "";
  return `<!doctype html>
<html lang="${page.locale}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' file: data:; style-src 'unsafe-inline'">
<title>${escapeHtml(page.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<p class="caption">${w.caption}</p>
${messageHtml(page.main, page, names)}
${thread}
</main>
</body>
</html>
`;
}
