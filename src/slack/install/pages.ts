import type { IncomingMessage, ServerResponse } from "node:http";
import type { Locale } from "../../domain/locale.js";
import { installTexts } from "./texts.js";

// The success and failure pages of /slack/oauth_redirect, in the browser's language (Accept-Language),
// else the app's default. Everything interpolated is escaped: a team name is someone else's text.

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}

export function browserLocale(req: IncomingMessage, fallback: Locale): Locale {
  const header = String(req.headers["accept-language"] ?? "");
  const first = header.split(",")[0]?.trim().toLowerCase() ?? "";
  if (first.startsWith("es")) return "es";
  if (first.startsWith("en")) return "en";
  return fallback;
}

function page(res: ServerResponse, status: number, locale: Locale, title: string, body: string): void {
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem">
<h1>${title}</h1><p>${body}</p></body></html>`;
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(html);
}

export function renderInstallSuccess(
  res: ServerResponse,
  locale: Locale,
  install: { teamName: string; teamId?: string; appId?: string },
): void {
  const t = installTexts[locale];
  const link =
    install.teamId && install.appId
      ? ` <a href="https://slack.com/app_redirect?app=${encodeURIComponent(install.appId)}&amp;team=${encodeURIComponent(install.teamId)}">${t.openSlack}</a>`
      : "";
  page(res, 200, locale, t.successTitle, `${t.success(escapeHtml(install.teamName))}${link}`);
}

export type FailureReason = keyof (typeof installTexts)["en"]["reasons"];

export function renderInstallFailure(
  res: ServerResponse,
  locale: Locale,
  reason: FailureReason,
  installPath: string,
): void {
  const t = installTexts[locale];
  page(
    res,
    reason === "other" ? 500 : 400,
    locale,
    t.failureTitle,
    `${t.failure(t.reasons[reason])} <a href="${escapeHtml(installPath)}">${t.tryAgain}</a>`,
  );
}
