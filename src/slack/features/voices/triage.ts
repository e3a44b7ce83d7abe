import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
} from "@slack/bolt";
import { z } from "zod";
import { type TriageStatus, triageVoiceNote } from "../../../services/triage-voice-note.js";
import { commonTexts } from "../../kit/common-texts.js";
import type { RequestContext, SlackDeps } from "../../kit/deps.js";
import { VOICE } from "../../kit/ids.js";
import { deniedText, requestContext } from "../../kit/request-context.js";
import { excerpt } from "../../kit/voice-note-texts.js";
import { publishHome } from "../home/publish.js";
import { dm } from "./private.js";
import { voicesTexts } from "./texts.js";

// Executives mark notes discussed or actioned, from any message or page that shows the buttons
// (value: the note id). The author of a signed note is told when it is actioned.

const ZButtonValue = z.uuid();

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function registerTriage(app: App, deps: SlackDeps): void {
  const triage = (to: TriageStatus) => async (args: ButtonArgs) => {
    const { ack, body, action, client, respond, logger } = args;
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    let ctx: RequestContext;
    try {
      ctx = await requestContext(deps, client, teamId, body.user.id);
    } catch (error) {
      await ack();
      throw error;
    }
    const t = voicesTexts[ctx.locale];
    const fromHome = body.view?.type === "home";
    // Buttons in messages have a response_url; in App Home the private reply is a DM.
    const tell = (text: string) =>
      body.response_url
        ? respond({ response_type: "ephemeral", replace_original: false, text })
        : dm(client, ctx.userId, text);
    if (!ctx.can("note.triage")) {
      await ack();
      await tell(deniedText(ctx, "note.triage"));
      return;
    }
    const noteId = ZButtonValue.safeParse(action.value);
    if (!noteId.success) {
      await ack();
      await tell(t.badButton);
      return;
    }
    let result: Awaited<ReturnType<typeof triageVoiceNote>>;
    try {
      result = await triageVoiceNote(
        deps.db.prisma,
        { workspaceId: ctx.workspace.id, noteId: noteId.data, to, by: ctx.userId },
        deps.clock(),
      );
    } catch (error) {
      logger.error("Triaging a voice note failed", error);
      await ack();
      await tell(commonTexts[ctx.locale].notSaved);
      return;
    }
    await ack();
    if (result.status === "not_found") {
      await tell(t.noteNotFound);
    } else if (result.status === "unchanged") {
      await tell(t.alreadyStatus(t.statuses[result.current]));
    } else {
      if (result.notifyAuthor) {
        const author = await deps.directory.person(client, result.notifyAuthor);
        await dm(
          client,
          result.notifyAuthor,
          voicesTexts[author.locale].actionedDm(excerpt(result.text), ctx.userId),
        );
      }
      if (!fromHome) await tell(t.marked(t.statuses[result.to]));
    }
    // The page the executive clicked on should stop offering a note that is no longer open.
    if (fromHome) await publishHome(deps, client, ctx);
  };
  app.action<BlockAction<ButtonAction>>(VOICE.markDiscussed, triage("discussed"));
  app.action<BlockAction<ButtonAction>>(VOICE.markActioned, triage("actioned"));
}
