import type { Locale } from "../../../../domain/locale.js";
import type { DeliveryReport, RecipientKind } from "../../../../services/send-survey.js";
import { cut, escapeMrkdwn, slackDate } from "../../../kit/blocks.js";
import { surveyTexts } from "../texts.js";

// What the sender is told once the survey went out: how many got it, who was spared because
// they were asked recently (and when), and who could not be reached (and what Slack said).

const mention = (recipient: string, kind: RecipientKind): string =>
  kind === "channel"
    ? `<#${recipient}>`
    : kind === "usergroup"
      ? `<!subteam^${recipient}>`
      : `<@${recipient}>`;

export function sendReport(
  report: DeliveryReport,
  opts: { locale: Locale; question: string; throttleDays: number; anonymous: boolean },
): string {
  const r = surveyTexts[opts.locale].report;
  const lines = [
    `${r.title(report.kind, escapeMrkdwn(cut(opts.question, 200)))} ${r.sent(report.sent.length)}`,
  ];
  if (report.throttled.length > 0) {
    lines.push("", r.throttledHeader(opts.throttleDays));
    for (const s of report.throttled)
      lines.push(r.throttledLine(mention(s.recipient, s.kind), slackDate(s.lastAskedAt)));
  }
  if (report.failed.length > 0) {
    lines.push("", r.failedHeader);
    for (const f of report.failed) lines.push(r.failedLine(mention(f.recipient, f.kind), f.error));
  }
  if (opts.anonymous) lines.push("", r.anonymous);
  return lines.join("\n");
}
