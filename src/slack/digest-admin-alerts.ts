import type { WebClient } from "@slack/web-api";
import type { RoleConfig } from "../config/env.js";
import { digestDeliveryTexts, explainRunReason } from "../i18n/digest-delivery.js";
import { meetingTime } from "../render/meeting-time.js";
import type { DigestRunEvent } from "../services/run-due-digests.js";
import { listAdmins } from "./admins.js";
import type { Directory } from "./kit/directory.js";

// Tells the app's admins, by DM in each one's Slack language, that a meeting's digest will not
// be posted: the channel is gone or closed to the app (failed), or the meeting started first
// (missed). runDueDigests calls these once per occurrence, whichever instance decided.

export interface DigestAdminAlertsDeps {
  client: WebClient;
  directory: Directory;
  roles: RoleConfig;
}

export function digestAdminMessage(
  kind: "failed" | "missed",
  event: DigestRunEvent,
  locale: "en" | "es",
): string {
  const t = digestDeliveryTexts[locale];
  const { meeting, run } = event;
  const when = meetingTime(run.occurrenceAt, meeting.timezone, locale);
  const channel = run.channelId ?? meeting.channelId;
  const head =
    kind === "failed" ? t.failed(meeting.name, when, channel) : t.missed(meeting.name, when, channel);
  return `${head}\n${explainRunReason(locale, event.reason)}\n${t.nextOne}`;
}

export function createDigestAdminAlerts(deps: DigestAdminAlertsDeps) {
  const tell = (kind: "failed" | "missed") => async (event: DigestRunEvent) => {
    const admins = await listAdmins(deps.client, deps.directory, deps.roles);
    if (admins.length === 0) throw new Error(`no admin to tell that a digest was ${kind}`);
    const problems: string[] = [];
    // One admin Slack cannot reach must not keep the others from hearing about it.
    for (const admin of admins) {
      try {
        const person = await deps.directory.person(deps.client, admin);
        await deps.client.chat.postMessage({
          channel: admin,
          text: digestAdminMessage(kind, event, person.locale),
          unfurl_links: false,
        });
      } catch (error) {
        problems.push(`${admin}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (problems.length) throw new Error(`could not tell ${problems.join("; ")}`);
  };
  /** The digests cannot be posted exactly once until the app is reinstalled with the history scopes. */
  const onReinstallNeeded = async () => {
    const admins = await listAdmins(deps.client, deps.directory, deps.roles);
    for (const admin of admins) {
      const person = await deps.directory.person(deps.client, admin);
      await deps.client.chat.postMessage({
        channel: admin,
        text: digestDeliveryTexts[person.locale].reinstallForExactlyOnce,
        unfurl_links: false,
      });
    }
  };
  return { onFailed: tell("failed"), onMissed: tell("missed"), onReinstallNeeded };
}
