import type { ReasonLine } from "../domain/customer-math.js";
import type {
  BiggestMove,
  DigestModel,
  DigestSegmentLine,
  SaidSegment,
  ScoreLine,
} from "../domain/digest.js";
import { formatMoney, signedMoney, subMoney, ZERO } from "../domain/money.js";
import { digestTexts } from "../i18n/digest.js";

// Formatting shared by the digest's views (Slack blocks, terminal text): one wording, whatever
// the medium.

export function digestFormat(model: DigestModel) {
  const { locale, currency } = model;
  const t = digestTexts[locale];
  const money = (v: string) => formatMoney(v, currency, locale);
  const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : "0");
  const num = (n: number | null, places: number) =>
    n === null
      ? "–"
      : n
          .toLocaleString(locale === "es" ? "es-ES" : "en-GB", {
            minimumFractionDigits: places,
            maximumFractionDigits: places,
          })
          .replace("-", "−");
  const pct = (n: number | null) => (n === null ? "–" : `${num(n, 1)}${locale === "es" ? " %" : "%"}`);
  const share = (part: number, whole: number) => (whole === 0 ? "–" : `${Math.round((100 * part) / whole)}%`);
  const date = (iso: string) =>
    new Date(iso).toLocaleDateString(locale === "es" ? "es-ES" : "en-GB", {
      timeZone: model.timeZone,
      day: "numeric",
      month: "short",
      year: "numeric",
    });
  const scoreName = { nps: "NPS", csat: "CSAT", ces: "CES" } as const;
  const scoreValue = (s: ScoreLine) =>
    s.kind === "csat" ? pct(s.score) : s.kind === "ces" ? num(s.score, 2) : num(s.score, 1);
  const scoreDelta = (s: ScoreLine) => {
    if (s.delta === null) return null;
    const places = s.kind === "ces" ? 2 : 1;
    return `${s.delta > 0 ? "+" : s.delta < 0 ? "−" : "±"}${num(Math.abs(s.delta), places)}${s.kind === "csat" ? " pts" : ""}`;
  };
  return {
    t,
    money,
    signed,
    signedMoney: (v: string) => signedMoney(v, currency, locale),
    num,
    pct,
    share,
    date,
    periodText: () => t.period(date(model.period.from), date(model.period.to)),
    /** Three lines: customers and value each add up to the net they show; then retention. */
    segmentText: (s: DigestSegmentLine) =>
      [
        t.customersLine({
          gained: s.gained.count,
          reactivated: s.reactivated.count,
          lost: s.lost.count,
          net: signed(s.net.customers),
          prevNet: signed(s.previousNet.customers),
        }),
        t.valueLine({
          new: money(s.gained.value),
          reactivation: money(s.reactivated.value),
          expansion: money(s.expanded.value),
          contraction: money(s.contracted.value),
          churned: money(s.lost.value),
          net: signedMoney(s.net.value, currency, locale),
        }),
        t.retentionLine({
          nrr: s.retention.nrr === null ? t.emptyCohort : pct(s.retention.nrr),
          grr: s.retention.grr === null ? t.emptyCohort : pct(s.retention.grr),
          logo: s.retention.logo === null ? t.emptyCohort : pct(s.retention.logo),
          quick: s.quickRatio === null ? t.noLosses : num(s.quickRatio, 2),
          churn: pct(s.churn.logo),
          valueChurn: pct(s.churn.value),
        }),
      ].join("\n"),
    reasonText: (r: ReasonLine) =>
      `${r.label[locale]} — ${r.count} (${money(r.value)})${r.stage ? ` · ${t.stages[r.stage] ?? r.stage}` : ""}`,
    scoreText: (s: ScoreLine) => {
      if (s.n === 0) return t.noAnswers(scoreName[s.kind]);
      if (s.tooFew) return t.tooFew(scoreName[s.kind], s.n);
      const unit = s.kind === "csat" ? (locale === "es" ? " %" : "%") : "";
      const parts = [t.scoreLine(scoreName[s.kind], scoreValue(s), s.n, scoreDelta(s))];
      if (s.ci) parts.push(t.interval(`${num(s.ci.low, 1)}${unit}`, `${num(s.ci.high, 1)}${unit}`));
      if (s.change !== null) parts.push(t.change[s.change] ?? "");
      if (s.kind === "ces") parts.push(t.cesScale);
      const line = parts.join(" · ");
      return s.smallSample ? `${line} ⚠️ ${t.smallN}` : line;
    },
    trendText: (s: ScoreLine) =>
      s.trend
        .map((p) =>
          p.n === 0
            ? "·"
            : s.kind === "csat"
              ? `${num(p.score, 0)}%`
              : num(p.score, s.kind === "ces" ? 1 : 0),
        )
        .join(" → "),
    sayVersusDoText: () => {
      const s = model.sayVersusDo;
      if (s.lost === 0) return t.sayVsDoNone;
      return t.sayVsDoLine(
        s.lost,
        share(s.detractors, s.lost),
        share(s.passives, s.lost),
        share(s.promoters, s.lost),
        share(s.never, s.lost),
      );
    },
    valueAtRiskText: () => {
      const v = model.valueAtRisk;
      if (v.count === 0) return t.atRiskNone;
      const segs = v.segments.map((s) => `${s.name} ${s.count} (${money(s.value)})`).join(" · ");
      return `${t.atRiskLine(money(v.value), v.count)}\n${segs}`;
    },
    /** A segment's "What people said": one line per theme, then the quote (raw, for the view to escape). */
    saidLines: (g: SaidSegment) =>
      g.themes.map((th) => t.saidTheme(th.label, th.mentions, th.change === 0 ? "±0" : signed(th.change))),
    /** One of the biggest moves; `esc` escapes people's own text (names, notes) for mrkdwn. */
    moveText: (m: BiggestMove, esc: (s: string) => string = (s) => s) =>
      t.moveLine({
        customer: esc(m.customer),
        segment: esc(m.segment),
        value: signedMoney(
          m.type === "lost" || m.type === "contracted" ? subMoney(ZERO, m.value) : m.value,
          currency,
          locale,
        ),
        type: t.moveType[m.type],
        reason: m.reason ? m.reason[locale] : null,
        note: m.note ? esc(m.note) : null,
      }),
    themesText: () => {
      const th = model.themes;
      if (th.n === 0) return t.voicesNone;
      const parts = [
        th.bySource.map((g) => `${t.sources[g.source] ?? g.source} ${g.count}`).join(", "),
        th.byStage.map((g) => `${t.stages[g.stage] ?? g.stage} ${g.count}`).join(", "),
        th.bySentiment.map((g) => `${t.sentiments[g.sentiment] ?? g.sentiment} ${g.count}`).join(", "),
      ].filter(Boolean);
      return `${t.voicesLine(th.n)}: ${parts.join(" · ")}${th.other ? ` · ${t.other} ${th.other}` : ""}`;
    },
  };
}
