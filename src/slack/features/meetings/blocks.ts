import type { Locale } from "../../../domain/locale.js";
import { cronToWeekly, WEEKDAYS } from "../../../domain/occurrences.js";
import type { MeetingChangeOutcome } from "../../../services/change-meeting.js";
import type { SaveMeetingOutcome } from "../../../services/save-meeting.js";
import {
  button,
  context,
  cut,
  divider,
  escapeMrkdwn,
  type KnownBlock,
  type ModalView,
  plain,
  section,
} from "../../kit/blocks.js";
import { type MeetingMetadata, PERIOD_CHOICES, segmentValue } from "./form.js";
import { MEETING_BLOCK as B, MEETING_INPUT as I, MEETINGS } from "./ids.js";
import { meetingsTexts } from "./texts.js";
import type { MeetingLine, UpcomingDigest } from "./words.js";
import { durationInWords, formatInstant } from "./words.js";

// `/cx meetings`: the list (a private message with buttons), the add / edit modal and the modal's
// "saved" page. Pure: view models in, Block Kit out.

/** Names are typed by people: keep them from formatting or mentioning anyone. */
export const escapeText = escapeMrkdwn;

/** A message holds at most 50 blocks: two on top, four per meeting, three at the bottom. */
export const MAX_LISTED = 11;

export interface MeetingsListModel {
  locale: Locale;
  meetings: MeetingLine[];
  /** Admins get the buttons; executives see the list only. */
  canManage: boolean;
  /** What just changed, shown on top ("Paused Board weekly."). */
  notice?: string;
}

export function meetingsList(m: MeetingsListModel): { text: string; blocks: KnownBlock[] } {
  const t = meetingsTexts[m.locale];
  const blocks: KnownBlock[] = [];
  if (m.notice) blocks.push(section(m.notice));
  blocks.push(section(t.listTitle));
  if (m.meetings.length === 0) blocks.push(context(m.canManage ? t.empty : t.emptyViewer));
  for (const line of m.meetings.slice(0, MAX_LISTED)) {
    blocks.push(divider());
    blocks.push(section(`*${escapeText(line.name)}* · <#${line.channelId}>\n${escapeText(line.summary)}`));
    const when = line.paused
      ? t.pausedNote
      : [
          line.nextDigest ? t.nextDigest(line.nextDigest) : null,
          line.nextMeetings.length > 0 ? t.nextMeetings(line.nextMeetings.join(" · ")) : null,
        ]
          .filter((s): s is string => s !== null)
          .join(" — ");
    if (when) blocks.push(context(when));
    blocks.push(meetingButtons(line, m.locale, m.canManage));
  }
  if (m.meetings.length > MAX_LISTED) blocks.push(context(t.more(m.meetings.length - MAX_LISTED)));
  blocks.push(divider());
  if (m.canManage) {
    const add = button(t.buttons.add, MEETINGS.add, { style: "primary" });
    blocks.push({ type: "actions", block_id: "meetings_list_add", elements: [add] });
  }
  const text = [m.notice, t.listTitle, ...m.meetings.map((l) => `${escapeText(l.name)}: ${l.summary}`)]
    .filter(Boolean)
    .join("\n");
  return { text, blocks };
}

function meetingButtons(line: MeetingLine, locale: Locale, canManage: boolean): KnownBlock {
  const t = meetingsTexts[locale];
  const preview = button(t.buttons.preview, MEETINGS.preview, { value: line.id });
  if (!canManage) return { type: "actions", block_id: `meeting_${line.id}`, elements: [preview] };
  return {
    type: "actions",
    block_id: `meeting_${line.id}`,
    elements: [
      button(t.buttons.edit, MEETINGS.edit, { value: line.id }),
      line.paused
        ? button(t.buttons.resume, MEETINGS.resume, { value: line.id })
        : button(t.buttons.pause, MEETINGS.pause, { value: line.id }),
      {
        ...button(t.buttons.remove, MEETINGS.remove, { value: line.id, style: "danger" }),
        // Slack asks before sending the click: nothing is removed by a slip of the mouse.
        confirm: {
          title: plain(t.confirmRemove.title),
          text: plain(cut(t.confirmRemove.text(line.name), 300)),
          confirm: plain(t.confirmRemove.confirm),
          deny: plain(t.confirmRemove.deny),
          style: "danger",
        },
      },
      preview,
    ],
  };
}

/** The values the modal starts with: a meeting being edited, or sensible defaults. */
export interface MeetingFormValues {
  name: string;
  channelId: string | null;
  schedule: string | null;
  timezone: string;
  leadMinutes: number;
  segmentIds: string[];
  locale: Locale;
  periodDays: number | null;
}

export interface MeetingModalModel {
  locale: Locale;
  editing: boolean;
  values: MeetingFormValues;
  /** Segments to choose from (Slack allows 100 options). */
  segments: Array<{ id: string; name: string }>;
  metadata: MeetingMetadata;
}

export function meetingModal(m: MeetingModalModel): ModalView {
  const t = meetingsTexts[m.locale];
  const v = m.values;
  const weekly = v.schedule ? cronToWeekly(v.schedule) : { day: "mon" as const, time: "09:00" };
  const option = (value: string, text: string) => ({ value, text: plain(cut(text, 75)) });
  const dayOptions = WEEKDAYS.map((d) => option(d, t.weekdays[d]));
  const localeOptions = (["en", "es"] as const).map((l) => option(l, meetingsTexts[l].localeNames[l]));
  const periodOptions = PERIOD_CHOICES.map((p) =>
    option(p, p === "previous" ? t.modal.periods.previous : t.modal.periods.days(Number(p))),
  );
  const segmentOptions = m.segments.slice(0, 100).map((s) => option(segmentValue(s.id), s.name));
  const chosenSegments = segmentOptions.filter((o) =>
    v.segmentIds.some((id) => o.value === segmentValue(id)),
  );
  const periodValue = v.periodDays === null ? "previous" : String(v.periodDays);
  const textInput = (
    blockId: string,
    actionId: string,
    label: string,
    o: { initial?: string; optional?: boolean; hint?: string; placeholder?: string; max: number },
  ): KnownBlock => ({
    type: "input",
    block_id: blockId,
    optional: o.optional ?? false,
    label: plain(label),
    ...(o.hint ? { hint: plain(o.hint) } : {}),
    element: {
      type: "plain_text_input",
      action_id: actionId,
      max_length: o.max,
      ...(o.initial ? { initial_value: o.initial } : {}),
      ...(o.placeholder ? { placeholder: plain(o.placeholder) } : {}),
    },
  });

  const blocks: KnownBlock[] = [
    section(t.modal.intro),
    textInput(B.name, I.name, t.modal.nameLabel, {
      initial: v.name,
      placeholder: t.modal.namePlaceholder,
      max: 80,
    }),
    {
      type: "input",
      block_id: B.channel,
      label: plain(t.modal.channelLabel),
      hint: plain(t.modal.channelHint),
      element: {
        type: "conversations_select",
        action_id: I.channel,
        filter: { include: ["public", "private"], exclude_bot_users: true },
        ...(v.channelId ? { initial_conversation: v.channelId } : {}),
      },
    },
    {
      type: "input",
      block_id: B.day,
      optional: true,
      label: plain(t.modal.dayLabel),
      element: {
        type: "static_select",
        action_id: I.day,
        options: dayOptions,
        ...(weekly ? { initial_option: dayOptions.find((o) => o.value === weekly.day) } : {}),
      },
    },
    {
      type: "input",
      block_id: B.time,
      optional: true,
      label: plain(t.modal.timeLabel),
      element: { type: "timepicker", action_id: I.time, ...(weekly ? { initial_time: weekly.time } : {}) },
    },
    textInput(B.cron, I.cron, t.modal.cronLabel, {
      // A schedule that is not one day and time a week can only be shown, and kept, as cron.
      initial: v.schedule && !weekly ? v.schedule : "",
      optional: true,
      hint: t.modal.cronHint,
      placeholder: "0 9 * * 1",
      max: 100,
    }),
    textInput(B.timezone, I.timezone, t.modal.timezoneLabel, {
      initial: v.timezone,
      hint: t.modal.timezoneHint,
      max: 64,
    }),
    textInput(B.lead, I.lead, t.modal.leadLabel, {
      initial: durationInWords(v.leadMinutes, m.locale),
      hint: t.modal.leadHint,
      max: 40,
    }),
  ];
  if (segmentOptions.length > 0) {
    blocks.push({
      type: "input",
      block_id: B.segments,
      optional: true,
      label: plain(t.modal.segmentsLabel),
      hint: plain(t.modal.segmentsHint),
      element: {
        type: "multi_static_select",
        action_id: I.segments,
        placeholder: plain(t.modal.segmentsPlaceholder),
        options: segmentOptions,
        ...(chosenSegments.length > 0 ? { initial_options: chosenSegments } : {}),
      },
    });
  }
  blocks.push(
    {
      type: "input",
      block_id: B.locale,
      label: plain(t.modal.localeLabel),
      element: {
        type: "radio_buttons",
        action_id: I.locale,
        options: localeOptions,
        initial_option: localeOptions.find((o) => o.value === v.locale),
      },
    },
    {
      type: "input",
      block_id: B.period,
      label: plain(t.modal.periodLabel),
      element: {
        type: "static_select",
        action_id: I.period,
        options: periodOptions,
        initial_option: periodOptions.find((o) => o.value === periodValue) ?? periodOptions[0],
      },
    },
  );
  return {
    type: "modal",
    callback_id: MEETINGS.modal,
    private_metadata: JSON.stringify(m.metadata),
    title: plain(m.editing ? t.modal.titleEdit : t.modal.titleAdd),
    submit: plain(t.modal.submit),
    close: plain(t.modal.close),
    blocks,
  };
}

/** What the modal turns into once saved: the meeting in words and its next three digests. */
export function savedModal(m: {
  locale: Locale;
  added: boolean;
  line: MeetingLine;
  upcoming: UpcomingDigest[];
  timezone: string;
}): ModalView {
  const t = meetingsTexts[m.locale];
  const name = escapeText(m.line.name);
  const lines = [
    m.added ? t.saved.added(name) : t.saved.updated(name),
    `<#${m.line.channelId}> · ${escapeText(m.line.summary)}`,
    "",
  ];
  if (m.line.paused) lines.push(t.saved.paused);
  else if (m.upcoming.length > 0) {
    lines.push(t.saved.nextDigests);
    for (const u of m.upcoming) {
      lines.push(
        t.saved.digestFor(
          formatInstant(u.digestAt, m.timezone, m.locale),
          formatInstant(u.meetingAt, m.timezone, m.locale),
        ),
      );
    }
  }
  return {
    type: "modal",
    title: plain(t.saved.title),
    close: plain(t.saved.done),
    blocks: [section(lines.join("\n"))],
  };
}

/** What a click in the list changed, shown on top of the redrawn list. */
export function meetingNotice(outcome: MeetingChangeOutcome, locale: Locale): string {
  const t = meetingsTexts[locale].notices;
  return outcome.status === "gone" ? t.gone : t[outcome.status](escapeText(outcome.name));
}

/** Why a filled-in modal was not saved, on the input to fix. */
export function saveRefusal(
  result: Exclude<SaveMeetingOutcome, { status: "saved" }>,
  locale: Locale,
): Record<string, string> {
  const t = meetingsTexts[locale].errors;
  if (result.status === "segment_gone") return { [B.segments]: t.segmentGone };
  if (result.status === "channel_unreachable") return { [B.channel]: t.channelNoAccess };
  if (result.status === "duplicate_name") return { [B.name]: t.duplicateName(result.name) };
  return { [B.name]: t.notFound };
}
