import type {
  ChangeCall,
  Flow,
  ReasonLine,
  SegmentStats,
  StatsReport,
} from "../../../domain/customer-math.js";
import type { Locale } from "../../../domain/locale.js";
import { formatMoney, signedMoney, subMoney, ZERO } from "../../../domain/money.js";
import type { Interval } from "../../../domain/score-noise.js";
import { zoneOffsetMs } from "../../../domain/time.js";
import { verdictOf } from "../../../domain/verdict.js";
import { messages } from "../../../i18n/messages.js";
import type { StatsAnswer } from "../../../services/ask-stats.js";
import { context, cut, divider, header, type KnownBlock, mrkdwn, section } from "../../kit/blocks.js";
import { stageName } from "../ledger/blocks.js";
import { statsTexts } from "./texts.js";

// `/cx stats` as Block Kit: behaviour first (gained, lost, net, base, churn, reasons), then the
// scores, each with its n. Pure: StatsReport in, blocks out. Within Slack's limits: a dozen
// blocks (≤ 50), section texts ≤ 3000 characters, fields ≤ 2000, header ≤ 150.

export const SMALL_SAMPLE = 30;
const TOP_REASONS = 3;

export interface StatsViewModel {
  report: StatsReport;
  /** The segment asked for (its stored name), or null for all segments. */
  segment: string | null;
  locale: Locale;
  /** For the period's dates. */
  timeZone: string;
}

export interface StatsMessage {
  text: string;
  blocks: KnownBlock[];
}

// Slack's caps: 3000 characters a section, 2000 a field.
const field = (text: string) => mrkdwn(cut(text, 2000));
const clippedSection = (text: string): KnownBlock => section(cut(text, 3000));

const tag = (locale: Locale) => (locale === "es" ? "es-ES" : "en-GB");
const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : "0");
// One minus sign everywhere: "−", never "-".
const decimal = (n: number, places: number, locale: Locale) =>
  n
    .toLocaleString(tag(locale), { minimumFractionDigits: places, maximumFractionDigits: places })
    .replace("-", "−");
const pct = (n: number | null, locale: Locale) =>
  n === null ? "–" : `${decimal(n, 1, locale)}${locale === "es" ? " %" : "%"}`;
const signedDecimal = (n: number, places: number, locale: Locale) =>
  `${n > 0 ? "+" : n < 0 ? "−" : ""}${decimal(Math.abs(n), places, locale)}`;

function when(iso: string, timeZone: string, locale: Locale): string {
  const at = new Date(iso);
  const midnight = (at.getTime() + zoneOffsetMs(at, timeZone)) % 86_400_000 === 0;
  return at.toLocaleString(tag(locale), {
    timeZone,
    dateStyle: "medium",
    ...(midnight ? {} : { timeStyle: "short" }),
  });
}

function flow(f: Flow, currency: string, locale: Locale): string {
  return `${f.count} · ${formatMoney(f.value, currency, locale)}`;
}

function reasonList(title: string, lines: ReasonLine[], currency: string, locale: Locale): string {
  const t = statsTexts[locale];
  const items = lines.slice(0, TOP_REASONS).map((r) => {
    const stage = r.stage ? stageName(r.stage, locale) : t.unspecifiedStage;
    return `• ${r.label[locale]} (${stage}) — ${r.count} · ${formatMoney(r.value, currency, locale)}`;
  });
  return `*${title}*\n${items.length ? items.join("\n") : t.none}`;
}

function scoreLine(
  name: string,
  n: number,
  score: number | null,
  delta: number | null,
  format: (x: number) => string,
  deltaPlaces: number,
  locale: Locale,
  noise: { ci: Interval | null; change: ChangeCall; minAnswers: number; unit?: string },
): string {
  const t = statsTexts[locale];
  if (n === 0 || score === null) return `${name} — ${t.noAnswers}`;
  if (n < noise.minAnswers) return `${name} — ${t.tooFew(n)}`;
  const small = n < SMALL_SAMPLE ? ` · ⚠️ ${t.smallSample}` : "";
  const unit = noise.unit ?? "";
  const ci = noise.ci
    ? ` · ${t.interval(`${decimal(noise.ci.low, 1, locale)}${unit}`, `${decimal(noise.ci.high, 1, locale)}${unit}`)}`
    : "";
  const change = delta === null ? "" : ` · ${t.delta(signedDecimal(delta, deltaPlaces, locale))}`;
  const call = noise.change === null ? "" : ` (${t.change[noise.change]})`;
  return `${name} *${format(score)}* (n=${n}${small})${ci}${change}${call}`;
}

function retentionText(s: SegmentStats, locale: Locale): string {
  const t = statsTexts[locale];
  const r = s.retention;
  if (r.nrr === null || r.grr === null || r.logo === null) return t.emptyCohort;
  return t.retentionLine(pct(r.nrr, locale), pct(r.grr, locale), pct(r.logo, locale));
}

export function statsMessage(vm: StatsViewModel): StatsMessage {
  const { report, locale } = vm;
  const t = statsTexts[locale];
  const verdicts = messages[locale].verdict;
  const cur = report.currency;
  const s: SegmentStats =
    vm.segment !== null
      ? (report.segments.find((x) => x.segment === vm.segment) ?? report.total)
      : report.total;
  const name = vm.segment ?? t.all;
  const verdict = verdicts[verdictOf(s.net.customers, s.net.value)];
  const days = Math.round((Date.parse(report.to) - Date.parse(report.from)) / 86_400_000);

  const blocks: KnownBlock[] = [
    header(cut(t.title(vm.segment), 150)),
    context(
      cut(
        t.period(when(report.from, vm.timeZone, locale), when(report.to, vm.timeZone, locale), t.days(days)),
        3000,
      ),
    ),
    clippedSection(
      `${t.verdictLabel}: *${verdict}*\n${t.net(
        signed(s.net.customers),
        signed(s.previous.net.customers),
        signedMoney(s.net.value, cur, locale),
        signedMoney(s.previous.net.value, cur, locale),
      )}\n${t.sums({
        gained: s.gained.count,
        reactivated: s.reactivated.count,
        lost: s.lost.count,
        value: t.valueSum({
          new: formatMoney(s.gained.value, cur, locale),
          reactivation: formatMoney(s.reactivated.value, cur, locale),
          expansion: formatMoney(s.expanded.value, cur, locale),
          contraction: formatMoney(s.contracted.value, cur, locale),
          churned: formatMoney(s.lost.value, cur, locale),
        }),
      })}`,
    ),
    {
      type: "section",
      fields: [
        field(`*${t.gained}*\n${flow(s.gained, cur, locale)}`),
        field(`*${t.lost}*\n${flow(s.lost, cur, locale)}`),
        field(`*${t.reactivated}*\n${flow(s.reactivated, cur, locale)}`),
        field(
          `*${t.expandedContracted}*\n${signedMoney(s.expanded.value, cur, locale)} / ${signedMoney(subMoney(ZERO, s.contracted.value), cur, locale)}`,
        ),
        field(`*${t.base}*\n${t.baseLine(flow(s.base.start, cur, locale), flow(s.base.end, cur, locale))}`),
        field(`*${t.churn}*\n${t.churnLine(pct(s.churn.logo, locale), pct(s.churn.value, locale))}`),
        field(`*${t.retention}*\n${retentionText(s, locale)}`),
        field(`*${t.quickRatio}*\n${s.quickRatio === null ? t.noLosses : decimal(s.quickRatio, 2, locale)}`),
      ],
    },
    clippedSection(reasonList(t.topLost, s.lostReasons, cur, locale)),
    clippedSection(reasonList(t.topGained, s.gainedReasons, cur, locale)),
    clippedSection(
      [
        `*${t.scores}*`,
        scoreLine(
          "NPS",
          s.nps.n,
          s.nps.score,
          s.deltas.nps,
          (x) => x.toLocaleString(tag(locale), { maximumFractionDigits: 1 }),
          1,
          locale,
          { ci: s.nps.ci, change: s.changes.nps, minAnswers: report.minAnswers },
        ),
        scoreLine("CSAT", s.csat.n, s.csat.score, s.deltas.csat, (x) => pct(x, locale), 1, locale, {
          ci: s.csat.ci,
          change: s.changes.csat,
          minAnswers: report.minAnswers,
          unit: locale === "es" ? " %" : "%",
        }),
        scoreLine("CES", s.ces.n, s.ces.score, s.deltas.ces, (x) => decimal(x, 2, locale), 2, locale, {
          ci: s.ces.ci,
          change: s.changes.ces,
          minAnswers: report.minAnswers,
        }),
      ].join("\n"),
    ),
  ];
  const ns = [s.nps.n, s.csat.n, s.ces.n];
  if (ns.some((n) => n > 0 && n < SMALL_SAMPLE)) {
    blocks.push(context(t.smallSampleNote));
  }

  if (vm.segment === null && report.segments.length > 0) {
    const lines = report.segments.map((x) =>
      t.segmentLine(
        x.segment,
        t.segmentSum(x.gained.count, x.reactivated.count, x.lost.count, signed(x.net.customers)),
        `${signedMoney(x.net.value, cur, locale)} · ${retentionText(x, locale)}`,
        verdicts[verdictOf(x.net.customers, x.net.value)],
      ),
    );
    // Keep whole lines within one section's 3000 characters.
    const kept: string[] = [];
    let length = t.bySegment.length + 4;
    for (const [i, line] of lines.entries()) {
      const tail = t.more(lines.length - i).length + 1;
      if (length + line.length + 1 + tail > 3000) {
        kept.push(t.more(lines.length - i));
        break;
      }
      kept.push(line);
      length += line.length + 1;
    }
    blocks.push(divider(), clippedSection(`*${t.bySegment}*\n${kept.join("\n")}`));
  }

  return {
    text: t.summary(
      name,
      s.gained.count,
      s.reactivated.count,
      s.lost.count,
      signed(s.net.customers),
      verdict,
    ),
    blocks,
  };
}

/** The private reply to `/cx stats`: the numbers, or why there are none, with the usage. */
export function statsReply(answer: StatsAnswer, locale: Locale): StatsMessage | { text: string } {
  const t = statsTexts[locale];
  if (answer.kind === "badPeriod")
    return {
      text: [
        t.badPeriod(answer.text, answer.error),
        t.formats,
        t.segmentsList(answer.segments),
        t.usage,
      ].join("\n"),
    };
  if (answer.kind === "unknownSegment")
    return { text: [t.unknownSegment(answer.segment, answer.valid), t.formats, t.usage].join("\n") };
  const message = statsMessage({ ...answer, locale });
  // Within Slack's 50 blocks: the note about the chart is the first thing to go.
  const blocks = message.blocks.length < 50 ? [...message.blocks, context(t.chartFollows)] : message.blocks;
  return { ...message, blocks };
}
