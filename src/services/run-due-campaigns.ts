import { existingSurveyIds, gainsBetween, listActiveCampaigns } from "../data/campaigns.js";
import type { DbClient } from "../data/client.js";
import { contactsOf } from "../data/customer-contacts.js";
import { findCustomers } from "../data/customers.js";
import {
  type CampaignFacts,
  campaignSurveyId,
  DEFAULT_CAMPAIGN_LOOKBACK_MS,
  type DueSend,
  dueSends,
  gainWindow,
} from "../domain/campaign-triggers.js";
import { type CampaignAudience, type CampaignRecord, ZCampaignAudience } from "../domain/campaigns.js";
import type { Locale } from "../domain/locale.js";
import { defaultQuestion, TOUCHPOINTS, type Touchpoint } from "../domain/survey-questions.js";
import {
  createSurvey,
  type DeliverOptions,
  deliverSurvey,
  type SurveyAudience,
  type SurveyOutbox,
} from "./send-survey.js";

// Survey campaigns ("moments of truth") on the scheduler's tick: for each active campaign, the
// surveys it owes now (domain/campaign-triggers.ts), minus those already created, each created
// with its deterministic id and sent through send-survey, so fatigue throttling applies and two
// instances never send one twice (the second createSurvey is a "duplicate" and sends nothing).
//
// Known gap: an instance that dies between creating a survey and posting it leaves that survey
// unsent; nobody retries it, because telling "died" from "still posting" would need a lease.

export interface RunDueCampaignsOptions {
  db: DbClient;
  now: Date;
  /**
   * Where surveys go: one outbox, or one per workspace (many installed workspaces), null for a
   * workspace Slack cannot be reached in (uninstalled): its campaigns wait, creating nothing.
   */
  outbox: SurveyOutbox | ((workspaceId: string) => Promise<SurveyOutbox | null>);
  deliver: Omit<DeliverOptions, "defaultLocale">;
  lookbackMs?: number;
  /** Surveys a campaign creates per tick at most; the rest wait for the next minute (default 25). */
  perTick?: number;
}

export interface CampaignReport {
  campaignId: string;
  name: string;
  /** Surveys this run created (and sent). */
  created: number;
  /** People and channels asked. */
  sent: number;
  /** Spared by fatigue throttling. */
  throttled: number;
  failed: number;
  /** Due sends another instance created first. */
  duplicates: number;
  /** Due sends left for the next tick (over the per-tick limit). */
  deferred: number;
  /** Customers whose check-in was due with nobody linked to ask (recorded once, nothing sent). */
  noContacts: string[];
  error?: string;
}

export interface CampaignRunSummary {
  campaigns: CampaignReport[];
}

const DEFAULT_PER_TICK = 25;

export async function runDueCampaigns(options: RunDueCampaignsOptions): Promise<CampaignRunSummary> {
  const campaigns = await listActiveCampaigns(options.db);
  const reports: CampaignReport[] = [];
  for (const campaign of campaigns) {
    const report: CampaignReport = {
      campaignId: campaign.id,
      name: campaign.name,
      created: 0,
      sent: 0,
      throttled: 0,
      failed: 0,
      duplicates: 0,
      deferred: 0,
      noContacts: [],
    };
    try {
      const outbox =
        typeof options.outbox === "function" ? await options.outbox(campaign.workspaceId) : options.outbox;
      if (!outbox) continue;
      await runCampaign({ ...options, outbox }, campaign, report);
    } catch (error) {
      // One broken campaign (a bad schedule, a Slack outage mid-way) must not hold up the others.
      report.error = (error instanceof Error ? error.message : String(error)).slice(0, 300);
    }
    if (report.created + report.duplicates + report.deferred > 0 || report.error) reports.push(report);
  }
  return { campaigns: reports };
}

async function runCampaign(
  o: RunDueCampaignsOptions & { outbox: SurveyOutbox },
  campaign: CampaignRecord & { defaultLocale: Locale },
  report: CampaignReport,
): Promise<void> {
  const lookbackMs = o.lookbackMs ?? DEFAULT_CAMPAIGN_LOOKBACK_MS;
  const facts = await factsFor(o.db, campaign, o.now, lookbackMs);
  const due = dueSends(campaign, facts, o.now, lookbackMs);
  if (due.length === 0) return;
  const withIds = due.map((send) => ({ send, id: campaignSurveyId(campaign.id, send.key) }));
  const existing = await existingSurveyIds(
    o.db,
    withIds.map((d) => d.id),
  );
  const pending = withIds.filter((d) => !existing.has(d.id));
  const perTick = o.perTick ?? DEFAULT_PER_TICK;
  report.deferred = Math.max(0, pending.length - perTick);
  const batch = pending.slice(0, perTick);

  const contactsByCustomer = new Map<string, string[]>();
  for (const c of facts.contacts ?? []) {
    contactsByCustomer.set(c.customerId, [...(contactsByCustomer.get(c.customerId) ?? []), c.slackUserId]);
  }
  const recurringAudience =
    campaign.trigger === "recurring" ? ZCampaignAudience.parse(campaign.audience) : null;
  const ids = batch.flatMap((d) => ("customerId" in d.send ? [d.send.customerId] : []));
  const names = new Map(
    (await findCustomers(o.db, campaign.workspaceId, { ids })).map((c) => [c.id, c.name] as const),
  );

  for (const { send, id } of batch) {
    const audience = audienceFor(send, contactsByCustomer, recurringAudience);
    const created = await createSurvey(
      o.db,
      {
        id,
        workspaceId: campaign.workspaceId,
        kind: campaign.kind,
        question: campaign.question ?? defaultQuestion(campaign.kind, campaign.defaultLocale),
        touchpoint: touchpointOf(campaign.touchpoint),
        anonymous: campaign.anonymous,
        subject: "customerId" in send ? { kind: "customer", id: send.customerId } : null,
        audience,
        // The admin who set the campaign up hears about detractors when the customer has no owner.
        createdBy: campaign.createdBy,
        campaignId: campaign.id,
      },
      o.now,
    );
    if (created.status === "duplicate") {
      report.duplicates++;
      continue;
    }
    if (created.status === "unknown_subject") continue;
    report.created++;
    if (audience.users.length + audience.channels.length === 0 && !audience.usergroup) {
      // Recorded all the same, so it is reported once rather than every minute for a week.
      report.noContacts.push("customerId" in send ? (names.get(send.customerId) ?? send.customerId) : "");
      continue;
    }
    const delivery = await deliverSurvey(
      o.db,
      created.survey,
      audience,
      o.outbox,
      { ...o.deliver, defaultLocale: campaign.defaultLocale },
      o.now,
    );
    report.sent += delivery.sent.length;
    report.throttled += delivery.throttled.length;
    report.failed += delivery.failed.length;
  }
}

async function factsFor(
  db: DbClient,
  campaign: CampaignRecord,
  now: Date,
  lookbackMs: number,
): Promise<CampaignFacts> {
  if (campaign.trigger === "after_gained") {
    const window = gainWindow(campaign.offsetsDays, now, lookbackMs);
    if (!window) return {};
    const gains = await gainsBetween(db, campaign.workspaceId, window.from, window.to);
    const customers = [...new Set(gains.map((g) => g.customerId))];
    return { gains, contacts: customers.length ? await contactsOf(db, campaign.workspaceId, customers) : [] };
  }
  if (campaign.trigger === "relationship") return { contacts: await contactsOf(db, campaign.workspaceId) };
  return {};
}

function audienceFor(
  send: DueSend,
  contactsByCustomer: Map<string, string[]>,
  recurring: CampaignAudience | null,
): SurveyAudience {
  if (send.trigger === "recurring") {
    return recurring ?? { channels: [], users: [], usergroup: null, mode: "dm" };
  }
  const users =
    send.trigger === "relationship" ? [send.slackUserId] : (contactsByCustomer.get(send.customerId) ?? []);
  return { channels: [], users, usergroup: null, mode: "dm" };
}

const touchpointOf = (t: string): Touchpoint =>
  (TOUCHPOINTS as readonly string[]).includes(t) ? (t as Touchpoint) : "relationship";

/** One log line per campaign that did something: "campaigns: 30-day check-in: 2 surveys, 3 asked, …". */
export function describeCampaignRun(summary: CampaignRunSummary): string[] {
  return summary.campaigns.map((r) => {
    const parts = [
      `${r.created} surveys`,
      `${r.sent} asked`,
      `${r.throttled} throttled`,
      `${r.failed} failed`,
      ...(r.duplicates ? [`${r.duplicates} already sent by another instance`] : []),
      ...(r.deferred ? [`${r.deferred} left for the next minute`] : []),
      ...(r.noContacts.length
        ? [`no contacts to ask at ${r.noContacts.join(", ")} (link them with /cx contacts)`]
        : []),
      ...(r.error ? [`error: ${r.error}`] : []),
    ];
    return `campaigns: ${r.name}: ${parts.join(", ")}`;
  });
}
