import type { App, ButtonAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import {
  type TriageResult,
  type TriageStatus,
  triageVoiceNote,
} from "../../../services/triage-voice-note.js";
import { commonTexts } from "../../kit/common-texts.js";
import type { RequestContext, SlackDeps } from "../../kit/deps.js";
import { failingWith } from "../../kit/guards.js";
import { VOICE } from "../../kit/ids.js";
import { onAction } from "../../kit/listen.js";
import { publishHome } from "../home/publish.js";
import { actionedDm, triageReply } from "./blocks.js";
import { dm } from "./private.js";
import { voicesTexts } from "./texts.js";

// Executives mark notes discussed or actioned, from any message or page that shows the buttons
// (value: the note id). The author of a signed note is told when it is actioned.

const ZButtonValue = z.uuid();

interface Clicked {
  client: WebClient;
  ctx: RequestContext;
  fromHome: boolean;
  reply: (text: string) => Promise<unknown>;
}

/** After the change: the author told, the executive answered, their App Home refreshed. */
async function tellOutcome(deps: SlackDeps, { client, ctx, fromHome, reply }: Clicked, result: TriageResult) {
  if (result.status === "changed" && result.notifyAuthor) {
    const author = await deps.directory.person(client, result.notifyAuthor);
    await dm(client, result.notifyAuthor, actionedDm(result.text, ctx.userId, author.locale));
  }
  // In App Home the refreshed page shows the change; "not found" and "already" still need words.
  if (!(fromHome && result.status === "changed")) await reply(triageReply(result, ctx.locale));
  // The page the executive clicked on should stop offering a note that is no longer open.
  if (fromHome) await publishHome(deps, client, ctx);
}

export function registerTriage(app: App, deps: SlackDeps): void {
  const triage = (actionId: string, to: TriageStatus) =>
    onAction(app, deps, actionId, { allow: "note.triage" }, async ({ action, body, client, ctx, reply }) => {
      const noteId = ZButtonValue.safeParse((action as ButtonAction).value);
      if (!noteId.success) return void (await reply(voicesTexts[ctx.locale].badButton));
      const result = await failingWith(
        triageVoiceNote(
          deps.db.prisma,
          { workspaceId: ctx.workspace.id, noteId: noteId.data, to, by: ctx.userId },
          deps.clock(),
        ),
        (locale) => commonTexts[locale].notSaved,
      );
      const fromHome = body.view?.type === "home";
      // Done already: a later failure is logged, not answered "not saved".
      await failingWith(tellOutcome(deps, { client, ctx, fromHome, reply }, result), null);
    });
  triage(VOICE.markDiscussed, "discussed");
  triage(VOICE.markActioned, "actioned");
}
