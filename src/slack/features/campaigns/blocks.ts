import type { CampaignRecord } from "../../../domain/campaigns.js";
import type { Locale } from "../../../domain/locale.js";
import { TOUCHPOINTS } from "../../../domain/survey-questions.js";
import type { CampaignChangeOutcome } from "../../../services/change-campaign.js";
import type { ContactsToEdit } from "../../../services/find-contacts-to-edit.js";
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
import type { CampaignMetadata } from "./form.js";
import { CAMPAIGN_BLOCK as B, CAMPAIGNS, CONTACTS_BLOCK, CAMPAIGN_INPUT as I } from "./ids.js";
import { campaignsTexts } from "./texts.js";

// `/cx campaigns` (the list and the add modal) and `/cx contacts` (the contacts modal). Pure:
// records in, Block Kit out.

/** Names are typed by people: keep them from formatting or mentioning anyone. */
export const escapeText = escapeMrkdwn;

/** A message holds at most 50 blocks: two on top, three per campaign, two at the bottom. */
export const MAX_LISTED = 15;
export const MAX_CONTACTS = 50;

/** The campaign in one line of words: what, when, to whom. */
export function campaignSummary(c: CampaignRecord, locale: Locale): string {
  const t = campaignsTexts[locale];
  const kind = t.kinds[c.kind];
  let when: string;
  if (c.trigger === "after_gained") when = t.describe.afterGained(c.offsetsDays.join(", "));
  else if (c.trigger === "relationship") when = t.describe.relationship(c.everyDays ?? 0);
  else {
    const a = (c.audience ?? {}) as { channels?: string[]; users?: string[] };
    const who = [...(a.channels ?? []).map((id) => `<#${id}>`), ...(a.users ?? []).map((id) => `<@${id}>`)];
    when = t.describe.recurring(
      c.schedule ?? "",
      c.timezone ?? "",
      who.length ? who.join(", ") : t.describe.nobody,
    );
  }
  const extras = [c.anonymous ? t.describe.anonymous : null, c.paused ? t.describe.paused : null].filter(
    Boolean,
  );
  return `${kind} · ${t.touchpoints[c.touchpoint as keyof typeof t.touchpoints] ?? c.touchpoint} · ${when}${extras.length ? ` · ${extras.join(" · ")}` : ""}`;
}

export function campaignsList(m: { locale: Locale; campaigns: CampaignRecord[]; notice?: string }): {
  text: string;
  blocks: KnownBlock[];
} {
  const t = campaignsTexts[m.locale];
  const blocks: KnownBlock[] = [];
  if (m.notice) blocks.push(section(m.notice));
  blocks.push(section(t.listTitle));
  if (m.campaigns.length === 0) blocks.push(context(t.empty));
  for (const c of m.campaigns.slice(0, MAX_LISTED)) {
    blocks.push(divider());
    blocks.push(section(cut(`*${escapeText(c.name)}*\n${campaignSummary(c, m.locale)}`, 3000)));
    blocks.push({
      type: "actions",
      block_id: `campaign_${c.id}`,
      elements: [
        c.paused
          ? button(t.buttons.resume, CAMPAIGNS.resume, { value: c.id })
          : button(t.buttons.pause, CAMPAIGNS.pause, { value: c.id }),
        {
          ...button(t.buttons.remove, CAMPAIGNS.remove, { value: c.id, style: "danger" }),
          confirm: {
            title: plain(t.confirmRemove.title),
            text: plain(cut(t.confirmRemove.text(c.name), 300)),
            confirm: plain(t.confirmRemove.confirm),
            deny: plain(t.confirmRemove.deny),
            style: "danger",
          },
        },
      ],
    });
  }
  if (m.campaigns.length > MAX_LISTED) blocks.push(context(t.more(m.campaigns.length - MAX_LISTED)));
  blocks.push(divider());
  blocks.push({
    type: "actions",
    block_id: "campaigns_list_add",
    elements: [button(t.buttons.add, CAMPAIGNS.add, { style: "primary" })],
  });
  const text = [
    m.notice,
    t.listTitle,
    ...m.campaigns.map((c) => `${c.name}: ${campaignSummary(c, m.locale)}`),
  ]
    .filter(Boolean)
    .join("\n");
  return { text, blocks };
}

export function campaignModal(m: {
  locale: Locale;
  timezone: string;
  metadata: CampaignMetadata;
}): ModalView {
  const t = campaignsTexts[m.locale].modal;
  const tt = campaignsTexts[m.locale];
  const option = (value: string, text: string) => ({ value, text: plain(cut(text, 75)) });
  const kindOptions = (["nps", "csat", "ces"] as const).map((k) => option(k, tt.kinds[k]));
  const triggerOptions = (["after_gained", "relationship", "recurring"] as const).map((k) =>
    option(k, tt.triggers[k]),
  );
  const touchpointOptions = TOUCHPOINTS.map((k) => option(k, tt.touchpoints[k]));
  const modeOptions = (["channel", "dm"] as const).map((k) => option(k, t.modes[k]));
  const text = (
    blockId: string,
    label: string,
    o: {
      initial?: string;
      optional?: boolean;
      hint?: string;
      placeholder?: string;
      max: number;
      multiline?: boolean;
    },
  ): KnownBlock => ({
    type: "input",
    block_id: blockId,
    optional: o.optional ?? false,
    label: plain(label),
    ...(o.hint ? { hint: plain(o.hint) } : {}),
    element: {
      type: "plain_text_input",
      action_id: I,
      max_length: o.max,
      ...(o.multiline ? { multiline: true } : {}),
      ...(o.initial ? { initial_value: o.initial } : {}),
      ...(o.placeholder ? { placeholder: plain(o.placeholder) } : {}),
    },
  });
  const blocks: KnownBlock[] = [
    section(t.intro),
    text(B.name, t.name, { placeholder: t.namePlaceholder, max: 80 }),
    {
      type: "input",
      block_id: B.kind,
      label: plain(t.kind),
      element: { type: "radio_buttons", action_id: I, options: kindOptions, initial_option: kindOptions[1] },
    },
    {
      type: "input",
      block_id: B.trigger,
      label: plain(t.trigger),
      element: {
        type: "static_select",
        action_id: I,
        options: triggerOptions,
        initial_option: triggerOptions[0],
      },
    },
    text(B.offsets, t.offsets, { initial: "30, 60, 90", optional: true, hint: t.offsetsHint, max: 40 }),
    text(B.every, t.every, { initial: "90", optional: true, hint: t.everyHint, max: 4 }),
    text(B.schedule, t.schedule, {
      optional: true,
      hint: t.scheduleHint,
      placeholder: "0 10 * * 1",
      max: 100,
    }),
    text(B.timezone, t.timezone, { initial: m.timezone, optional: true, max: 64 }),
    {
      type: "input",
      block_id: B.channels,
      optional: true,
      label: plain(t.channels),
      element: {
        type: "multi_conversations_select",
        action_id: I,
        max_selected_items: 20,
        filter: { include: ["public", "private"], exclude_bot_users: true },
      },
    },
    {
      type: "input",
      block_id: B.users,
      optional: true,
      label: plain(t.users),
      element: { type: "multi_users_select", action_id: I, max_selected_items: 100 },
    },
    {
      type: "input",
      block_id: B.mode,
      label: plain(t.mode),
      element: { type: "radio_buttons", action_id: I, options: modeOptions, initial_option: modeOptions[0] },
    },
    {
      type: "input",
      block_id: B.touchpoint,
      label: plain(t.touchpoint),
      element: {
        type: "static_select",
        action_id: I,
        options: touchpointOptions,
        // The form starts on "after a customer is gained": those check-ins are about onboarding.
        initial_option: touchpointOptions.find((o) => o.value === "onboarding") ?? touchpointOptions[0],
      },
    },
    text(B.question, t.question, { optional: true, hint: t.questionHint, max: 300, multiline: true }),
    {
      type: "input",
      block_id: B.anonymous,
      optional: true,
      label: plain(t.anonymous),
      element: { type: "checkboxes", action_id: I, options: [option("anonymous", t.anonymousOption)] },
    },
  ];
  return {
    type: "modal",
    callback_id: CAMPAIGNS.modal,
    private_metadata: JSON.stringify(m.metadata),
    title: plain(t.title),
    submit: plain(t.submit),
    close: plain(t.close),
    blocks,
  };
}

export function contactsModal(m: {
  locale: Locale;
  customer: { id: string; name: string };
  contacts: string[];
}): ModalView {
  const t = campaignsTexts[m.locale].contacts;
  return {
    type: "modal",
    callback_id: CAMPAIGNS.contactsModal,
    private_metadata: JSON.stringify({ v: 1, customerId: m.customer.id }),
    title: plain(t.title),
    submit: plain(t.submit),
    close: plain(campaignsTexts[m.locale].modal.close),
    blocks: [
      section(cut(t.intro(escapeText(m.customer.name)), 3000)),
      {
        type: "input",
        block_id: CONTACTS_BLOCK.users,
        optional: true,
        label: plain(t.label),
        element: {
          type: "multi_users_select",
          action_id: I,
          max_selected_items: MAX_CONTACTS,
          ...(m.contacts.length ? { initial_users: m.contacts.slice(0, MAX_CONTACTS) } : {}),
        },
      },
    ],
  };
}

/** What a click in the list changed, shown on top of the redrawn list. */
export function campaignNotice(outcome: CampaignChangeOutcome, locale: Locale): string {
  const t = campaignsTexts[locale].notices;
  return outcome.status === "gone" ? t.gone : t[outcome.status](outcome.name);
}

/** Why `/cx contacts <text>` opens nothing: no customer matches, or several do. */
export function noContactsText(
  found: Exclude<ContactsToEdit, { status: "found" }>,
  query: string,
  locale: Locale,
) {
  const t = campaignsTexts[locale].contacts;
  if (found.status === "none") return t.notFound(escapeText(query));
  const names = found.customers.map((c) => `${escapeText(c.name)} (${escapeText(c.externalId)})`);
  return t.several(escapeText(query), names.join(", "));
}
