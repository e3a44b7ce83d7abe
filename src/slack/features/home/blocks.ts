import type { types } from "@slack/bolt";
import type { Locale } from "../../../domain/locale.js";
import { formatMoney, signedMoney } from "../../../domain/money.js";
import { verdictOf } from "../../../domain/verdict.js";
import type { HomeModel, HomeNumbers } from "../../../services/get-home.js";
import { VOICE } from "../../kit/ids.js";
import { escapeMrkdwn } from "../../kit/mrkdwn.js";
import { excerpt, voiceNoteLabels } from "../../kit/voice-note-texts.js";
import { HOME } from "./ids.js";
import { homeTexts } from "./texts.js";

// The App Home tab: a view of the HomeModel. Pure; publishing it twice gives the same page.

type Block = types.KnownBlock;

const plain = (text: string) => ({ type: "plain_text" as const, text, emoji: true });
const mrkdwn = (text: string) => ({ type: "mrkdwn" as const, text });
const section = (text: string): Block => ({ type: "section", text: mrkdwn(text) });
const header = (text: string): Block => ({ type: "header", text: plain(text) });
const context = (...lines: string[]): Block => ({ type: "context", elements: lines.map(mrkdwn) });

const STATUS_ICON = { open: "🟡", discussed: "💬", actioned: "✅", archived: "🗄️" } as const;

const signedCount = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "0");

function formatters(model: HomeModel, locale: Locale) {
  const t = homeTexts[locale];
  const cur = model.currency;
  const number = (n: number, places: number) =>
    n
      .toLocaleString(locale === "es" ? "es-ES" : "en-GB", {
        minimumFractionDigits: places,
        maximumFractionDigits: places,
      })
      .replace("-", "−");
  const pct = (n: number | null) => (n === null ? "–" : `${number(n, 1)}${locale === "es" ? " %" : "%"}`);
  const day = (d: Date) =>
    d.toLocaleDateString(locale === "es" ? "es-ES" : "en-GB", {
      timeZone: model.timeZone,
      day: "numeric",
      month: "short",
    });
  return {
    day,
    flow: (f: { count: number; value: string }) => `${f.count} (${formatMoney(f.value, cur, locale)})`,
    money: (v: string) => signedMoney(v, cur, locale),
    nps: (nps: HomeNumbers["nps"]) =>
      nps.score === null
        ? t.noAnswers
        : nps.tooFew
          ? t.tooFew(nps.n)
          : `${number(nps.score, 1)} (n=${nps.n}${nps.ci ? `, ${t.interval(number(nps.ci.low, 1), number(nps.ci.high, 1))}` : ""})`,
    nrr: (r: HomeNumbers["retention"]) => (r.nrr === null ? t.emptyCohort : pct(r.nrr)),
    retention: (r: HomeNumbers["retention"]) =>
      r.nrr === null ? t.emptyCohort : t.retentionLine(pct(r.nrr), pct(r.grr), pct(r.logo)),
    quick: (q: number | null) => (q === null ? t.noLosses : number(q, 2)),
  };
}

function companyBlocks(model: HomeModel, locale: Locale): Block[] {
  const t = homeTexts[locale];
  const f = formatters(model, locale);
  const c = model.company;
  const verdict = t.verdicts[verdictOf(c.netCustomers, c.netValue)];
  return [
    section(
      `${t.question}\n${t.period(model.period.days, f.day(model.period.from), f.day(model.period.to))}`,
    ),
    {
      type: "section",
      text: mrkdwn(`*${t.company}* — ${verdict}`),
      fields: [
        mrkdwn(`*${t.gained}*\n${f.flow(c.gained)}`),
        mrkdwn(`*${t.lost}*\n${f.flow(c.lost)}`),
        mrkdwn(`*${t.reactivated}*\n${f.flow(c.reactivated)}`),
        mrkdwn(
          `*${t.netCustomers}*\n${signedCount(c.netCustomers)} (${t.before(signedCount(c.previousNetCustomers))})`,
        ),
        mrkdwn(`*${t.netValue}*\n${f.money(c.netValue)} (${t.before(f.money(c.previousNetValue))})`),
        mrkdwn(`*${t.nps}*\n${f.nps(c.nps)}`),
        mrkdwn(`*${t.retention}*\n${f.retention(c.retention)}`),
        mrkdwn(`*${t.quickRatio}*\n${f.quick(c.quickRatio)}`),
      ],
    },
  ];
}

function segmentBlocks(model: HomeModel, locale: Locale): Block[] {
  const t = homeTexts[locale];
  if (model.segments === null) return [context(t.employeeScope)];
  const f = formatters(model, locale);
  const lines = model.segments.map((s) =>
    section(
      t.segmentLine({
        name: s.name,
        gained: f.flow(s.gained),
        reactivated: f.flow(s.reactivated),
        lost: f.flow(s.lost),
        netCustomers: signedCount(s.netCustomers),
        netValue: f.money(s.netValue),
        nrr: f.nrr(s.retention),
        quick: f.quick(s.quickRatio),
        nps: f.nps(s.nps),
      }),
    ),
  );
  return [
    header(t.bySegment),
    ...(lines.length > 0 ? lines : [section(t.noSegments)]),
    ...(model.moreSegments > 0 ? [context(t.moreSegments(model.moreSegments))] : []),
  ];
}

function accountBlocks(model: HomeModel, locale: Locale): Block[] {
  if (model.accounts.length === 0) return [];
  const t = homeTexts[locale];
  const f = formatters(model, locale);
  const lines = model.accounts.map((a) =>
    t.account(
      escapeMrkdwn(excerpt(a.name, 80)),
      escapeMrkdwn(excerpt(a.segmentName, 40)),
      a.latest ? t.latest(t.kinds[a.latest.kind], a.latest.score, f.day(a.latest.respondedAt)) : t.noLatest,
      a.openAlerts > 0 ? t.openAlerts(a.openAlerts) : "",
    ),
  );
  return [
    { type: "divider" },
    header(t.accounts),
    section(lines.join("\n")),
    context(...(model.moreAccounts > 0 ? [t.moreAccounts(model.moreAccounts)] : []), t.accountsHint),
  ];
}

function personalBlocks(model: HomeModel, locale: Locale): Block[] {
  const t = homeTexts[locale];
  const v = voiceNoteLabels[locale];
  const f = formatters(model, locale);
  const notes = model.myNotes.map(
    (n) =>
      `${STATUS_ICON[n.status]} “${excerpt(n.text, 100)}” — _${v.statuses[n.status]}_ · ${f.day(n.createdAt)}`,
  );
  const surveys = model.pendingSurveys.map(
    (s) =>
      `• *${t.kinds[s.kind]}* — ${excerpt(s.question, 100)} (${t.sent(f.day(s.sentAt))})${t.pendingWhere(s.channelId)}`,
  );
  return [
    header(t.myNotes),
    section(notes.length > 0 ? notes.join("\n") : t.noNotes),
    context(t.anonymousNotListed),
    header(t.pending),
    section(surveys.length > 0 ? surveys.join("\n") : t.noPending),
  ];
}

function actionBlocks(model: HomeModel, locale: Locale): Block[] {
  const t = homeTexts[locale];
  const blocks: Block[] = [header(t.actions)];
  if (model.allowed["voice.submit"]) {
    blocks.push({
      type: "actions",
      block_id: HOME.actionsBlock,
      elements: [{ type: "button", action_id: VOICE.open, text: plain(t.shareVoice), style: "primary" }],
    });
  }
  const hints = model.allowed["ledger.write"] || model.allowed["survey.send"] ? t.managerHints : [];
  blocks.push(context(...hints, t.helpHint));
  return blocks;
}

function triageBlocks(model: HomeModel, locale: Locale): Block[] {
  if (model.openNotes === null) return [];
  const t = homeTexts[locale];
  const v = voiceNoteLabels[locale];
  const f = formatters(model, locale);
  const blocks: Block[] = [{ type: "divider" }, header(t.triage)];
  if (model.openNotes.length === 0) blocks.push(section(t.noOpenNotes));
  for (const n of model.openNotes) {
    const about = [
      v.sources[n.source],
      n.stage ? v.stages[n.stage] : null,
      n.sentiment ? v.sentiments[n.sentiment] : null,
      n.subjectName,
      n.authorSlackId ? `<@${n.authorSlackId}>` : `_${t.anonymous}_`,
      f.day(n.createdAt),
    ].filter((x): x is string => Boolean(x));
    blocks.push(section(`“${excerpt(n.text, 280)}”\n${about.join(" · ")}`), {
      type: "actions",
      block_id: `${HOME.triageBlockPrefix}${n.id}`,
      elements: [
        { type: "button", action_id: VOICE.markDiscussed, text: plain(t.markDiscussed), value: n.id },
        {
          type: "button",
          action_id: VOICE.markActioned,
          text: plain(t.markActioned),
          value: n.id,
          style: "primary",
        },
      ],
    });
  }
  return blocks;
}

export function homeView(model: HomeModel, locale: Locale): types.HomeView {
  return {
    type: "home",
    callback_id: HOME.view,
    blocks: [
      header(homeTexts[locale].header),
      ...companyBlocks(model, locale),
      ...segmentBlocks(model, locale),
      ...accountBlocks(model, locale),
      { type: "divider" },
      ...personalBlocks(model, locale),
      { type: "divider" },
      ...actionBlocks(model, locale),
      ...triageBlocks(model, locale),
    ],
  };
}
