import type { App } from "@slack/bolt";
import { z } from "zod";
import { previousOccurrence } from "../../../domain/occurrences.js";
import { buildMeetingDigest } from "../../../services/build-meeting-digest.js";
import { explainChange } from "../../../services/explain-change.js";
import { commonTexts } from "../../kit/common-texts.js";
import type { Feature, RequestContext, SlackDeps } from "../../kit/deps.js";
import { deniedText, requestContext } from "../../kit/request-context.js";
import { digestMessages } from "./blocks.js";
import { DIGEST } from "./ids.js";
import { whyBlocks } from "./why-blocks.js";

const PREVIEW_DAYS = 7;

const ZWhy = z.object({
  s: z.uuid().nullable(),
  f: z.iso.datetime(),
  t: z.iso.datetime(),
});

function register(app: App, deps: SlackDeps): void {
  app.action(new RegExp(`^${DIGEST.why}:`), async ({ ack, body, client, respond }) => {
    await ack();
    const b = body as {
      user: { id: string };
      team?: { id: string } | null;
      actions: Array<{ value?: string }>;
    };
    const ctx = await requestContext(deps, client, b.team?.id ?? "", b.user.id);
    if (!ctx.can("stats.view")) {
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        text: deniedText(ctx, "stats.view"),
      });
      return;
    }
    let value: z.infer<typeof ZWhy>;
    try {
      value = ZWhy.parse(JSON.parse(b.actions[0]?.value ?? ""));
    } catch {
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        text: commonTexts[ctx.locale].expired,
      });
      return;
    }
    const explanation = await explainChange(deps.db.prisma, {
      workspaceId: ctx.workspace.id,
      segmentId: value.s,
      from: new Date(value.f),
      to: new Date(value.t),
    });
    await respond({
      response_type: "ephemeral",
      replace_original: false,
      text: explanation.segmentName ?? "Total",
      blocks: whyBlocks(explanation, {
        locale: ctx.locale,
        currency: ctx.workspace.reportingCurrency,
        timeZone: ctx.workspace.timezone,
      }) as never,
    });
  });
}

/**
 * The private preview of a meeting's digest (by name, case-insensitive), or of a default one for
 * the last seven days when no name is given. Shared by `/cx digest preview` and the meetings list.
 */
export async function digestPreview(
  deps: SlackDeps,
  ctx: RequestContext,
  name: string,
): Promise<{ text: string; blocks?: unknown[] }> {
  const meeting = name
    ? await deps.db.prisma.meeting.findFirst({
        where: { workspaceId: ctx.workspace.id, name: { equals: name, mode: "insensitive" } },
      })
    : null;
  if (name && !meeting) {
    const meetings = await deps.db.prisma.meeting.findMany({
      where: { workspaceId: ctx.workspace.id },
      select: { name: true },
      orderBy: { name: "asc" },
    });
    return {
      text:
        ctx.locale === "es"
          ? `No hay ninguna reunión «${name}». Reuniones: ${meetings.map((m) => m.name).join(", ") || "(ninguna)"}.`
          : `There is no meeting "${name}". Meetings: ${meetings.map((m) => m.name).join(", ") || "(none yet)"}.`,
    };
  }
  const now = deps.clock();
  const model = await buildMeetingDigest(deps.db, {
    workspaceId: ctx.workspace.id,
    meeting,
    to: now,
    // As the scheduler will post it: since the previous meeting, or the meeting's fixed period.
    previousOccurrenceAt: meeting ? safePreviousOccurrence(meeting, now) : null,
    locale: ctx.locale,
    defaultDays: PREVIEW_DAYS,
  });
  return digestMessages(model);
}

/** The meeting before now; null when its schedule cannot be read (the preview still works). */
function safePreviousOccurrence(meeting: { schedule: string; timezone: string }, now: Date): Date | null {
  try {
    return previousOccurrence(meeting, now);
  } catch {
    return null;
  }
}

export const digestFeature: Feature = {
  name: "digest",
  register,
  subcommands: {
    digest: async ({ args, ack, ctx, deps }) => {
      if (!ctx.can("digest.view")) {
        await ack({ response_type: "ephemeral", text: deniedText(ctx, "digest.view") });
        return;
      }
      const [verb = "preview", ...rest] = args;
      if (verb.toLowerCase() !== "preview") {
        await ack({ response_type: "ephemeral", text: "`/cx digest preview [meeting]`" });
        return;
      }
      const message = await digestPreview(deps, ctx, rest.join(" ").trim());
      await ack({ response_type: "ephemeral", text: message.text, blocks: message.blocks as never });
    },
  },
};
