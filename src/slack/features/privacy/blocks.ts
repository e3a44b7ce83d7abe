import type { ForgetCounts } from "../../../domain/forgetting.js";
import { totalDeleted, totalPseudonymised } from "../../../domain/forgetting.js";
import type { Locale } from "../../../domain/locale.js";
import { FORGET_MODAL } from "./ids.js";
import { privacyTexts } from "./texts.js";

// Block Kit for `/cx forget`: the confirmation modal (what will go, what stays) and the result.

const plain = (text: string) => ({ type: "plain_text" as const, text, emoji: true });
const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });

export interface ForgetMetadata {
  v: 1;
  userId: string;
}

function countLines(locale: Locale, counts: ForgetCounts): string {
  const t = privacyTexts[locale];
  return [
    ...(Object.keys(t.tables) as Array<keyof ForgetCounts["deleted"]>)
      .filter((table) => counts.deleted[table] > 0)
      .map((table) => `• ${counts.deleted[table]} ${t.tables[table]}`),
    ...(counts.slackMessages.length ? [t.slackMessages(counts.slackMessages.length)] : []),
  ].join("\n");
}

export function forgetModal(locale: Locale, userId: string, counts: ForgetCounts) {
  const t = privacyTexts[locale];
  const metadata: ForgetMetadata = { v: 1, userId };
  const replaced = totalPseudonymised(counts);
  return {
    type: "modal" as const,
    callback_id: FORGET_MODAL,
    private_metadata: JSON.stringify(metadata),
    title: plain(t.modalTitle),
    submit: plain(t.modalSubmit),
    close: plain(t.modalClose),
    blocks: [
      section(t.modalIntro(userId)),
      ...(totalDeleted(counts) > 0 ? [section(`${t.willDelete}\n${countLines(locale, counts)}`)] : []),
      ...(replaced > 0 ? [section(t.willReplace(replaced))] : []),
      { type: "context", elements: [{ type: "mrkdwn", text: t.anonymousStay }] },
    ],
  };
}

/** What the modal shows while the person is found and counted, or why it cannot go on. */
export function forgetNoticeModal(locale: Locale, text: string) {
  const t = privacyTexts[locale];
  return {
    type: "modal" as const,
    title: plain(t.modalTitle),
    close: plain(t.modalClose),
    blocks: [section(text)],
  };
}

/** The result, for the DM the admin gets once the deletion is done. */
export function forgetResultText(
  locale: Locale,
  userId: string,
  counts: ForgetCounts,
  slackFailed: number,
): string {
  const t = privacyTexts[locale];
  const replaced = totalPseudonymised(counts);
  return [
    t.done(userId),
    totalDeleted(counts) > 0 ? `${t.deleted}:\n${countLines(locale, counts)}` : "",
    slackFailed > 0 ? t.slackNotDeleted(slackFailed) : "",
    replaced > 0 ? t.willReplace(replaced) : "",
    t.anonymousStay,
  ]
    .filter(Boolean)
    .join("\n");
}
