import type { App, MessageShortcut } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Locale } from "../../../domain/locale.js";
import type { VoiceSource } from "../../../domain/voice-notes.js";
import { saveVoiceNote } from "../../../services/save-voice-note.js";
import type { Feature, SlackDeps } from "../../kit/deps.js";
import { expiredForm } from "../../kit/guards.js";
import { VOICE } from "../../kit/ids.js";
import { onAction, onShortcut, onView, subcommand } from "../../kit/listen.js";
import { subjectGoneErrors, voiceConfirmation, voiceFormErrors, voiceModal } from "./blocks.js";
import { parseVoiceForm, parseVoiceMetadata } from "./form.js";
import { VOICE_BLOCK } from "./ids.js";
import { registerTriage } from "./triage.js";

// Voice notes (VoE / VoP / VoC): four ways into one modal and one submission handler; triage
// by executives is in triage.ts. Every entry point is guarded by "voice.submit", on the server.

const blankModal = (locale: Locale) => voiceModal({ locale, source: "employee", text: "", permalink: null });

/** The message's permalink; null without access to its channel (the note is still worth saving). */
const permalinkOf = (client: WebClient, shortcut: MessageShortcut) =>
  client.chat
    .getPermalink({ channel: shortcut.channel.id, message_ts: shortcut.message.ts })
    .then((r) => r.permalink ?? null)
    .catch(() => null);

const openFrom = (source: VoiceSource) =>
  subcommand({ allow: "voice.submit" }, async ({ args, ack, command, ctx, client }) => {
    await ack();
    // `/cx voe the onboarding call went badly` starts the note with those words.
    const view = voiceModal({ locale: ctx.locale, source, text: args.join(" "), permalink: null });
    await client.views.open({ trigger_id: command.trigger_id, view });
  });

function register(app: App, deps: SlackDeps): void {
  onShortcut(app, deps, VOICE.shortcut, { allow: "voice.submit" }, async ({ shortcut, client, ctx }) => {
    await client.views.open({ trigger_id: shortcut.trigger_id, view: blankModal(ctx.locale) });
  });

  const messageShortcut = { callback_id: VOICE.messageShortcut, type: "message_action" } as const;
  onShortcut(app, deps, messageShortcut, { allow: "voice.submit" }, async ({ shortcut, client, ctx }) => {
    const message = shortcut as MessageShortcut;
    const permalink = await permalinkOf(client, message);
    const text = message.message.text ?? "";
    const view = voiceModal({ locale: ctx.locale, source: "employee", text, permalink });
    await client.views.open({ trigger_id: message.trigger_id, view });
  });

  onAction(app, deps, VOICE.open, { allow: "voice.submit" }, async ({ body, client, ctx }) => {
    await client.views.open({ trigger_id: body.trigger_id, view: blankModal(ctx.locale) });
  });

  const guard = { allow: "voice.submit", errorBlock: VOICE_BLOCK.text } as const;
  onView(app, deps, VOICE.modal, guard, async ({ ack, view, ctx, reply }) => {
    const metadata = parseVoiceMetadata(view.private_metadata);
    if (!metadata) throw expiredForm();
    const parsed = parseVoiceForm(view.state.values);
    if (!parsed.ok)
      return ack({ response_action: "errors", errors: voiceFormErrors(parsed.errors, ctx.locale) });
    const { form } = parsed;
    // Stored before the ack: closing the modal means the note is kept. A failure keeps the
    // modal open with the text in it ("not saved"), so the person can simply try again.
    const result = await saveVoiceNote(
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
    if (result.status === "unknown_subject")
      return ack({ response_action: "errors", errors: subjectGoneErrors(ctx.locale) });
    await ack();
    // A retried submission of the same view was confirmed the first time.
    if (result.status === "created") await reply(voiceConfirmation(form, ctx.locale));
  });

  registerTriage(app, deps);
}

export const voicesFeature: Feature = {
  name: "voices",
  register,
  subcommands: { voe: openFrom("employee"), vop: openFrom("partner"), voc: openFrom("customer") },
};
