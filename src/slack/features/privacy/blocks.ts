import type { ForgetCounts } from "../../../domain/forgetting.js";
import { totalDeleted, totalPseudonymised } from "../../../domain/forgetting.js";
import type { Locale } from "../../../domain/locale.js";
import { context, type ModalView, plain, section } from "../../kit/blocks.js";
import { commonTexts } from "../../kit/common-texts.js";
import { FORGET_MODAL } from "./ids.js";
import { privacyTexts } from "./texts.js";

// Block Kit for `/cx forget`: the confirmation modal (what will go, what stays) and the result.

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

export function forgetModal(locale: Locale, userId: string, counts: ForgetCounts): ModalView {
  const t = privacyTexts[locale];
  const metadata: ForgetMetadata = { v: 1, userId };
  const replaced = totalPseudonymised(counts);
  return {
    type: "modal",
    callback_id: FORGET_MODAL,
    private_metadata: JSON.stringify(metadata),
    title: plain(t.modalTitle),
    submit: plain(t.modalSubmit),
    close: plain(t.modalClose),
    blocks: [
      section(t.modalIntro(userId)),
      ...(totalDeleted(counts) > 0 ? [section(`${t.willDelete}\n${countLines(locale, counts)}`)] : []),
      ...(replaced > 0 ? [section(t.willReplace(replaced))] : []),
      context(t.anonymousStay),
    ],
  };
}

/** What the modal shows while the person is found and counted, or why it cannot go on. */
export function forgetNoticeModal(locale: Locale, text: string): ModalView {
  const t = privacyTexts[locale];
  return {
    type: "modal",
    title: plain(t.modalTitle),
    close: plain(t.modalClose),
    blocks: [section(text)],
  };
}

/** Shown while the person is found and counted. */
export const forgetCountingModal = (locale: Locale): ModalView =>
  forgetNoticeModal(locale, privacyTexts[locale].counting);

/** Shown when finding or counting failed. */
export const forgetFailedModal = (locale: Locale): ModalView =>
  forgetNoticeModal(locale, commonTexts[locale].somethingWrong);

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
