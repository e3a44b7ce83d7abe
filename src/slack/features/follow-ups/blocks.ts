import type { DigestModel } from "../../../domain/digest.js";
import { MAX_OPEN_SHOWN } from "../../../domain/follow-ups.js";
import type { Locale } from "../../../domain/locale.js";
import {
  type Block,
  context,
  cut,
  divider,
  type KnownBlock,
  overflow,
  plain,
  section,
} from "../../kit/blocks.js";
import { FOLLOW_UP, FOLLOW_UP_BLOCK, FOLLOW_UP_INPUT } from "./ids.js";
import { followUpTexts } from "./texts.js";
import { actionValue, type FormMetadata, subjectValue } from "./values.js";

// Block Kit for follow-ups: the menus on the digest's loss reasons and notes, the section the
// next digest opens with, and the "Open an action" form. Pure.

/** The menu on a loss reason or a quoted note: mark it discussed, or open an action about it. */
export function subjectMenu(model: DigestModel, type: "reason" | "note", id: string): Block {
  const t = followUpTexts[model.locale];
  const base = { t: type, i: id, m: model.meetingId, p: model.period.from.slice(0, 10) };
  return overflow(FOLLOW_UP.subjectMenu, [
    { text: t.markDiscussed, value: subjectValue({ o: "d", ...base }) },
    { text: t.openAction, value: subjectValue({ o: "a", ...base }) },
  ]);
}

/** What the digest opens with: last meetings' open actions, and what was closed since. */
export function followUpBlocks(model: DigestModel, withButtons: boolean): Block[] {
  const followUps = model.followUps;
  if (!followUps) return [];
  const t = followUpTexts[model.locale];
  const blocks: KnownBlock[] = [];
  if (followUps.open.length > 0) {
    blocks.push(section(`*${t.openActions}*`));
    for (const a of followUps.open.slice(0, MAX_OPEN_SHOWN)) {
      const facts = [
        a.ownerSlackId ? `<@${a.ownerSlackId}>` : t.noOwner,
        t.openFor(a.openDays),
        ...(a.dueOn ? [t.due(a.dueOn, a.overdue)] : []),
      ].join(" · ");
      const menu = overflow(FOLLOW_UP.actionMenu, [
        { text: t.done, value: actionValue({ o: "done", i: a.id }) },
        { text: t.drop, value: actionValue({ o: "drop", i: a.id }) },
      ]);
      blocks.push(section(cut(`• ${a.title}\n${facts}`, 2900), withButtons ? menu : undefined));
    }
    if (followUps.open.length > MAX_OPEN_SHOWN) {
      blocks.push(context(t.moreOpen(followUps.open.length - MAX_OPEN_SHOWN)));
    }
  }
  const closed = followUps.closedSince.map(
    (c) =>
      `${c.status === "done" ? "✓" : "✗"} ${c.title} (${c.status === "done" ? t.doneMark : t.droppedMark})`,
  );
  const since = [
    ...(closed.length ? [`*${t.closedSince}:* ${closed.join(" · ")}`] : []),
    ...(followUps.discussedSince ? [t.discussedSince(followUps.discussedSince)] : []),
  ];
  if (since.length) blocks.push(context(cut(since.join("\n"), 2900)));
  if (blocks.length) blocks.push(divider());
  // The digest assembles its blocks as plain JSON.
  return blocks as unknown as Block[];
}

/** The form to open an action; `about` is shown as the default text. */
export function actionModal(locale: Locale, metadata: FormMetadata, about: string): Block {
  const t = followUpTexts[locale];
  return {
    type: "modal",
    callback_id: FOLLOW_UP.modal,
    private_metadata: JSON.stringify(metadata),
    title: plain(t.modalTitle),
    submit: plain(t.submit),
    close: plain(t.cancel),
    blocks: [
      {
        type: "input",
        block_id: FOLLOW_UP_BLOCK.title,
        label: plain(t.titleLabel),
        element: {
          type: "plain_text_input",
          action_id: FOLLOW_UP_INPUT.title,
          multiline: true,
          max_length: 300,
          ...(about ? { initial_value: cut(about, 300) } : {}),
        },
      },
      {
        type: "input",
        block_id: FOLLOW_UP_BLOCK.owner,
        optional: true,
        label: plain(t.ownerLabel),
        element: { type: "users_select", action_id: FOLLOW_UP_INPUT.owner },
      },
      {
        type: "input",
        block_id: FOLLOW_UP_BLOCK.due,
        optional: true,
        label: plain(t.dueLabel),
        element: { type: "datepicker", action_id: FOLLOW_UP_INPUT.due },
      },
    ],
  };
}
