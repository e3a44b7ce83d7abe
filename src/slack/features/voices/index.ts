import type { App, BlockAction, ButtonAction, MessageShortcut } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { VoiceSource } from "../../../domain/voice-notes.js";
import { saveVoiceNote } from "../../../services/save-voice-note.js";
import { commonTexts } from "../../kit/common-texts.js";
import type { Feature, RequestContext, SlackDeps, Subcommand } from "../../kit/deps.js";
import { VOICE } from "../../kit/ids.js";
import { deniedText, requestContext } from "../../kit/request-context.js";
import { excerpt } from "../../kit/voice-note-texts.js";
import { voiceModal } from "./blocks.js";
import { type FieldError, MAX_NOTE_LENGTH, parseVoiceForm, parseVoiceMetadata } from "./form.js";
import { VOICE_BLOCK } from "./ids.js";
import { dm } from "./private.js";
import { voicesTexts } from "./texts.js";
import { registerTriage } from "./triage.js";

// Voice notes (VoE / VoP / VoC): four ways into one modal and one submission handler; triage
// by executives is in triage.ts. Permissions are checked here, on the server, for every entry point.

function errorText(e: FieldError, t: (typeof voicesTexts)["en"]): string {
  return e.key === "textTooLong" ? t.errors.textTooLong(e.length, MAX_NOTE_LENGTH) : t.errors[e.key];
}

/** Opens the modal, or tells the person privately why it could not open. */
async function openVoiceModal(
  client: WebClient,
  ctx: RequestContext,
  triggerId: string,
  prefill: { source: VoiceSource; text: string; permalink: string | null },
  tell: (text: string) => Promise<unknown>,
): Promise<void> {
  if (!ctx.can("voice.submit")) {
    await tell(deniedText(ctx, "voice.submit"));
    return;
  }
  await client.views.open({ trigger_id: triggerId, view: voiceModal({ locale: ctx.locale, ...prefill }) });
}

const subcommand =
  (source: VoiceSource): Subcommand =>
  async ({ args, ack, command, ctx, client }) => {
    if (!ctx.can("voice.submit")) {
      await ack({ response_type: "ephemeral", text: deniedText(ctx, "voice.submit") });
      return;
    }
    await ack();
    // `/cx voe the onboarding call went badly` starts the note with those words.
    await client.views.open({
      trigger_id: command.trigger_id,
      view: voiceModal({ locale: ctx.locale, source, text: args.join(" "), permalink: null }),
    });
  };

function register(app: App, deps: SlackDeps): void {
  app.shortcut(VOICE.shortcut, async ({ shortcut, ack, client }) => {
    await ack();
    const teamId = shortcut.team?.id ?? shortcut.user.team_id ?? "";
    const ctx = await requestContext(deps, client, teamId, shortcut.user.id);
    await openVoiceModal(
      client,
      ctx,
      shortcut.trigger_id,
      { source: "employee", text: "", permalink: null },
      (text) => dm(client, ctx.userId, text),
    );
  });

  app.shortcut<MessageShortcut>(
    { callback_id: VOICE.messageShortcut, type: "message_action" },
    async ({ shortcut, ack, client, respond }) => {
      await ack();
      const teamId = shortcut.team?.id ?? shortcut.user.team_id ?? "";
      const [ctx, permalink] = await Promise.all([
        requestContext(deps, client, teamId, shortcut.user.id),
        // Without access to the channel (a private one the bot is not in) there is no permalink;
        // the note is still worth saving.
        client.chat
          .getPermalink({ channel: shortcut.channel.id, message_ts: shortcut.message.ts })
          .then((r) => r.permalink ?? null)
          .catch(() => null),
      ]);
      await openVoiceModal(
        client,
        ctx,
        shortcut.trigger_id,
        { source: "employee", text: shortcut.message.text ?? "", permalink },
        (text) => respond({ response_type: "ephemeral", text }),
      );
    },
  );

  app.action<BlockAction<ButtonAction>>(VOICE.open, async ({ ack, body, client }) => {
    await ack();
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const ctx = await requestContext(deps, client, teamId, body.user.id);
    await openVoiceModal(
      client,
      ctx,
      body.trigger_id,
      { source: "employee", text: "", permalink: null },
      (text) => dm(client, ctx.userId, text),
    );
  });

  app.view(VOICE.modal, async ({ ack, body, view, client, logger }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    const fail = (block: string, message: string) =>
      ack({ response_action: "errors", errors: { [block]: message } });
    let ctx: RequestContext;
    try {
      ctx = await requestContext(deps, client, teamId, body.user.id);
    } catch (error) {
      await fail(VOICE_BLOCK.text, commonTexts[deps.config.defaultLocale].somethingWrong);
      throw error;
    }
    const t = voicesTexts[ctx.locale];
    if (!ctx.can("voice.submit")) return fail(VOICE_BLOCK.text, deniedText(ctx, "voice.submit"));
    const metadata = parseVoiceMetadata(view.private_metadata);
    if (!metadata) return fail(VOICE_BLOCK.text, commonTexts[ctx.locale].expired);
    const parsed = parseVoiceForm(view.state.values);
    if (!parsed.ok) {
      const errors = Object.fromEntries(
        Object.entries(parsed.errors).map(([block, e]) => [block, errorText(e as FieldError, t)]),
      );
      return ack({ response_action: "errors", errors });
    }
    const { form } = parsed;
    let result: Awaited<ReturnType<typeof saveVoiceNote>>;
    try {
      // Stored before the ack: closing the modal means the note is kept.
      result = await saveVoiceNote(
        deps.db.prisma,
        {
          workspaceId: ctx.workspace.id,
          ...form,
          authorSlackId: ctx.userId,
          permalink: metadata.permalink,
          idempotencyKey: `slack:view:${view.id}`,
        },
        deps.clock(),
      );
    } catch (error) {
      logger.error("Saving a voice note failed", error);
      // The modal stays open with the text in it, so the person can simply try again.
      return fail(VOICE_BLOCK.text, commonTexts[ctx.locale].notSaved);
    }
    if (result.status === "unknown_subject") return fail(VOICE_BLOCK.subject, t.errors.unknownSubject);
    await ack();
    // A retried submission of the same view was confirmed the first time.
    if (result.status === "created") {
      const short = excerpt(form.text);
      await dm(client, ctx.userId, form.anonymous ? t.confirmAnonymous(short) : t.confirm(short));
    }
  });

  registerTriage(app, deps);
}

export const voicesFeature: Feature = {
  name: "voices",
  register,
  subcommands: { voe: subcommand("employee"), vop: subcommand("partner"), voc: subcommand("customer") },
};
