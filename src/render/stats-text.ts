import type { ReasonLine, SegmentStats, StatsReport } from "../domain/customer-math.js";
import type { Locale } from "../domain/locale.js";
import { formatMoney, signedMoney } from "../domain/money.js";
import { verdictOf } from "../domain/verdict.js";
import { messages } from "../i18n/messages.js";

// Plain-text view of a StatsReport, for the terminal. Pure: report in, string out.

function pad(cells: string[][]): string {
  const widths = cells[0]?.map((_, c) => Math.max(...cells.map((r) => [...(r[c] ?? "")].length))) ?? [];
  return cells
    .map((row) => row.map((cell, c) => cell + " ".repeat((widths[c] ?? 0) - [...cell].length)).join("  "))
    .join("\n");
}

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "0");
const pct = (n: number | null, locale: Locale) =>
  n === null ? "–" : `${n.toLocaleString(locale, { minimumFractionDigits: 1 })}%`;
const num = (n: number | null, places: number, locale: Locale) =>
  n === null
    ? "–"
    : n.toLocaleString(locale, { minimumFractionDigits: places, maximumFractionDigits: places });

function reasons(lines: ReasonLine[], currency: string, locale: Locale): string {
  const t = messages[locale];
  if (lines.length === 0) return t.none;
  return lines
    .slice(0, 5)
    .map(
      (r) =>
        `${r.label[locale]} ${r.count} (${formatMoney(r.value, currency, locale)}${r.stage ? `, ${r.stage}` : ""})`,
    )
    .join(" · ");
}

function scores(s: SegmentStats, locale: Locale): string {
  const t = messages[locale];
  const part = (name: string, n: number, score: string, delta: number | null, places: number) =>
    n === 0
      ? `${name} ${t.noAnswers}`
      : `${name} ${score} (n=${n}${delta === null ? "" : `, Δ ${delta > 0 ? "+" : ""}${num(delta, places, locale)}`})`;
  return [
    part("NPS", s.nps.n, num(s.nps.score, 1, locale), s.deltas.nps, 1),
    part("CSAT", s.csat.n, pct(s.csat.score, locale), s.deltas.csat, 1),
    part("CES", s.ces.n, num(s.ces.score, 2, locale), s.deltas.ces, 2),
  ].join(" · ");
}

export function renderStatsText(
  report: StatsReport,
  locale: Locale,
  opts: { demo?: boolean; timeZone?: string } = {},
): string {
  const t = messages[locale];
  const cur = report.currency;
  const day = (iso: string) =>
    new Date(iso).toLocaleString(locale === "es" ? "es-ES" : "en-GB", {
      timeZone: opts.timeZone ?? "UTC",
      dateStyle: "medium",
      timeStyle: "short",
    });
  const header = [t.segment, t.gained, t.lost, t.net, t.netValue, `${t.base}`, `${t.churn}`, "NPS", ""];
  const row = (s: SegmentStats, name: string) => [
    name,
    `${s.gained.count}  ${formatMoney(s.gained.value, cur, locale)}`,
    `${s.lost.count}  ${formatMoney(s.lost.value, cur, locale)}`,
    `${signed(s.net.customers)} (${t.previous} ${signed(s.previous.net.customers)})`,
    signedMoney(s.net.value, cur, locale),
    `${s.base.start.count} → ${s.base.end.count}`,
    `${pct(s.churn.logo, locale)} / ${pct(s.churn.value, locale)}`,
    s.nps.n === 0 ? "–" : `${num(s.nps.score, 1, locale)} (n=${s.nps.n})`,
    t.verdict[verdictOf(s.net.customers, s.net.value)],
  ];
  const lines = [
    t.title,
    t.period(day(report.from), day(report.to)),
    ...(opts.demo ? ["", t.demoBanner] : []),
    "",
    pad([header, ...report.segments.map((s) => row(s, s.segment)), row(report.total, t.total)]),
    `(${t.churn}: ${t.logoChurn} / ${t.valueChurn})`,
    "",
  ];
  const detail = report.segments.length > 1 ? [...report.segments, report.total] : report.segments;
  for (const s of detail) {
    const name = s.segmentId === null ? t.total : s.segment;
    lines.push(`${name}`);
    lines.push(`  ${t.sums(s.gained.count, s.reactivated.count, s.lost.count, signed(s.net.customers))}`);
    lines.push(
      `  ${t.retention(
        pct(s.retention.nrr, locale),
        pct(s.retention.grr, locale),
        pct(s.retention.logo, locale),
        s.quickRatio === null ? t.noLosses : num(s.quickRatio, 2, locale),
      )}`,
    );
    lines.push(`  ${t.topLost}: ${reasons(s.lostReasons, cur, locale)}`);
    lines.push(`  ${t.topGained}: ${reasons(s.gainedReasons, cur, locale)}`);
    lines.push(`  ${t.scores}: ${scores(s, locale)}`);
  }
  return lines.join("\n");
}
