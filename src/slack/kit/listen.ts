import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackOptionsMiddlewareArgs,
  SlackShortcut,
  SlackShortcutMiddlewareArgs,
  SlackViewAction,
  SlackViewMiddlewareArgs,
  ViewResponseAction,
} from "@slack/bolt";
import type { Locale } from "../../domain/locale.js";
import type { Action } from "../../domain/permissions.js";
import { commonTexts } from "./common-texts.js";
import type { RequestContext, SlackDeps, Subcommand, SubcommandArgs } from "./deps.js";
import { AnsweredFailure, NotSavedError, requirePermission, UserFacingError } from "./guards.js";
import { privateReply } from "./private-reply.js";
import { contextOf } from "./request-context.js";

// The listener kit: every listener is `ack → context → guard → one service → one view → reply`,
// and this file holds everything around the middle two. Each kind of request is acknowledged
// and answered privately the way Slack expects for it; a refusal (UserFacingError) is answered
// in the person's language and stops there; any other error is answered "something went wrong"
// (in the person's language when known) and rethrown to app.error, which logs it.

type Reply = (text: string) => Promise<unknown>;

/** What every kit listener gets besides Bolt's own arguments. */
export interface Asked {
  ctx: RequestContext;
  /** A private answer to the person, the way this kind of request is answered. */
  reply: Reply;
}

interface Guarded {
  /** The action the person must be allowed (domain/permissions.ts); checked before the handler. */
  allow?: Action;
}

type Fallback = "somethingWrong" | "notSaved";

/**
 * Answers an error privately; rethrows what is not a refusal so that app.error logs it. Once the
 * request was acknowledged (`acked`), what the ack said stands (a modal saved, an answer stored):
 * a failure is only logged, never answered "not saved".
 */
async function answer(
  error: unknown,
  locale: Locale,
  reply: Reply,
  fallback: Fallback,
  acked?: () => boolean,
) {
  if (error instanceof UserFacingError) {
    await reply(error.textFor(locale));
    return;
  }
  if (error instanceof AnsweredFailure) {
    const text = error.textFor?.(locale);
    if (text) await reply(text).catch(() => undefined);
    throw error.failure;
  }
  const text = commonTexts[locale][error instanceof NotSavedError ? "notSaved" : fallback];
  if (!acked?.()) await reply(text).catch(() => undefined);
  throw error;
}

async function run(
  deps: SlackDeps,
  context: AllMiddlewareArgs["context"],
  guard: Guarded,
  reply: Reply,
  handle: (ctx: RequestContext) => Promise<void>,
  fallback: Fallback = "somethingWrong",
  acked?: () => boolean,
): Promise<void> {
  let locale = deps.config.defaultLocale;
  try {
    const ctx = await contextOf(context);
    locale = ctx.locale;
    if (guard.allow) requirePermission(ctx, guard.allow);
    await handle(ctx);
  } catch (error) {
    await answer(error, locale, reply, fallback, acked);
  }
}

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** How a button or menu is answered, besides its guard. */
export interface ActionOptions {
  /**
   * Acknowledge only once the handler is done (or calls `ack`, or replies): for a click that
   * changes something, answered once the change is kept. Default: acknowledged at once.
   */
  ackLate?: boolean;
  /** What a failure says: "nothing was changed" (default) or "that was not saved". */
  failure?: "somethingWrong" | "notSaved";
}

/**
 * A button or menu: acknowledged at once (see ackLate), answered with an ephemeral reply (by DM
 * where Slack gives no response_url, as in App Home).
 */
export function onAction(
  app: App,
  deps: SlackDeps,
  actionId: string | RegExp,
  guard: Guarded & ActionOptions,
  handle: (a: ActionArgs & Asked) => Promise<void>,
): void {
  app.action<BlockAction>(actionId, async (args) => {
    let acked = false;
    // Acked by the handler itself (not by a reply): what that ack said stands.
    let ackedByHandler = false;
    const ackOnce = async () => {
      if (acked) return;
      acked = true;
      await args.ack();
    };
    const ack = (async () => {
      if (guard.ackLate) ackedByHandler = true;
      await ackOnce();
    }) as ActionArgs["ack"];
    if (!guard.ackLate) await ackOnce();
    const send = privateReply(args);
    const reply: Reply = async (text) => {
      await ackOnce();
      return send(text);
    };
    const handler = (ctx: RequestContext) => handle({ ...args, ack, ctx, reply });
    await run(deps, args.context, guard, reply, handler, guard.failure, () => ackedByHandler);
    await ackOnce();
  });
}

/**
 * A button whose ack must say the work is done (an answer stored): the handler acks when it is;
 * the kit awaits nothing before it but the request's context, as a hand-written listener would.
 * A refusal, or a failure before the ack, is acknowledged then answered privately (`fallback`,
 * default "something went wrong"); after the ack a failure is only logged. A handler that
 * returns without acking is acknowledged by the kit.
 */
export function onActionAckedLate(
  app: App,
  deps: SlackDeps,
  actionId: string | RegExp,
  guard: Guarded & { fallback?: Fallback },
  handle: (a: ActionArgs & Asked) => Promise<void>,
): void {
  onAction(app, deps, actionId, { allow: guard.allow, ackLate: true, failure: guard.fallback }, handle);
}

type ViewArgs = SlackViewMiddlewareArgs<SlackViewAction> & AllMiddlewareArgs;

/**
 * A modal submission: not acknowledged by the kit (the handler acks with field errors, a new
 * view or nothing); a refusal or failure before the ack shows under `errorBlock`. After the ack
 * a failure is only logged: the submission was taken, so "not saved" would be false.
 */
export function onView(
  app: App,
  deps: SlackDeps,
  callbackId: string | RegExp,
  guard: Guarded & { errorBlock: string | ((view: ViewArgs["view"]) => string); fallback?: Fallback },
  handle: (a: ViewArgs & Asked) => Promise<void>,
): void {
  app.view<SlackViewAction>(callbackId, async (args) => {
    let acked = false;
    const ack = ((response?: ViewResponseAction) => {
      acked = true;
      return (args.ack as (r?: ViewResponseAction) => Promise<void>)(response);
    }) as ViewArgs["ack"];
    const block = typeof guard.errorBlock === "string" ? guard.errorBlock : guard.errorBlock(args.view);
    // Errors show as plain text under an input: no mrkdwn there.
    const reply: Reply = (text) =>
      acked
        ? args.client.chat.postMessage({ channel: args.body.user.id, text })
        : (ack as (r: ViewResponseAction) => Promise<void>)({
            response_action: "errors",
            errors: { [block]: text.replace(/\*/g, "") },
          });
    const handler = (ctx: RequestContext) => handle({ ...args, ack, ctx, reply });
    await run(deps, args.context, guard, reply, handler, guard.fallback ?? "notSaved", () => acked);
  });
}

/**
 * A modal submission whose work may outlast Slack's 3 s: acknowledged (closed) at once, before
 * anything else; the result, a refusal or a failure is answered by DM.
 */
export function onViewClosed(
  app: App,
  deps: SlackDeps,
  callbackId: string | RegExp,
  guard: Guarded,
  handle: (a: Omit<ViewArgs, "ack"> & Asked) => Promise<void>,
): void {
  app.view<SlackViewAction>(callbackId, async (args) => {
    await args.ack();
    const reply: Reply = (text) => args.client.chat.postMessage({ channel: args.body.user.id, text });
    await run(deps, args.context, guard, reply, (ctx) => handle({ ...args, ctx, reply }));
  });
}

type ShortcutArgs = SlackShortcutMiddlewareArgs<SlackShortcut> & AllMiddlewareArgs;

/** A global or message shortcut: acknowledged at once; answered in the thread's reply or by DM. */
export function onShortcut(
  app: App,
  deps: SlackDeps,
  constraint: string | { callback_id: string; type: "shortcut" | "message_action" },
  guard: Guarded,
  handle: (a: ShortcutArgs & Asked) => Promise<void>,
): void {
  app.shortcut<SlackShortcut>(constraint as string, async (args) => {
    await args.ack();
    const hasResponseUrl = "response_url" in args.shortcut && Boolean(args.shortcut.response_url);
    const reply: Reply = (text) =>
      hasResponseUrl
        ? args.respond({ response_type: "ephemeral", text })
        : args.client.chat.postMessage({ channel: args.shortcut.user.id, text });
    await run(deps, args.context, guard, reply, (ctx) => handle({ ...args, ctx, reply }));
  });
}

type OptionsArgs = SlackOptionsMiddlewareArgs<"block_suggestion"> & AllMiddlewareArgs;

/** A searchable select's options: a failure offers nothing rather than Slack's error. */
export function onOptions(
  app: App,
  deps: SlackDeps,
  actionId: string | RegExp,
  handle: (a: OptionsArgs & { ctx: RequestContext }) => Promise<void>,
): void {
  app.options<"block_suggestion">(actionId, async (args) => {
    let acked = false;
    const ack: OptionsArgs["ack"] = (response) => {
      acked = true;
      return args.ack(response);
    };
    const reply: Reply = async () => {
      if (!acked) await ack({ options: [] });
    };
    await run(deps, args.context, {}, reply, (ctx) => handle({ ...args, ack, ctx }));
  });
}

type HomeArgs = SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs;

/** The Home tab (not the Messages tab) being opened: nothing to answer, so errors are only logged. */
export function onHomeTabOpened(
  app: App,
  deps: SlackDeps,
  handle: (a: HomeArgs & { ctx: RequestContext }) => Promise<void>,
): void {
  app.event("app_home_opened", async (args) => {
    if (args.event.tab !== "home") return;
    await run(
      deps,
      args.context,
      {},
      async () => undefined,
      (ctx) => handle({ ...args, ctx }),
    );
  });
}

/**
 * A `/cx <word>` handler: the router resolved the context; a refusal or failure is the private
 * reply (the ack when it was not given yet, else a follow-up through the response_url).
 */
export function subcommand(
  guard: Guarded,
  handle: (a: SubcommandArgs & { reply: Reply }) => Promise<void>,
): Subcommand {
  return async (a) => {
    let acked = false;
    const ack: SubcommandArgs["ack"] = (response) => {
      acked = true;
      return a.ack(response);
    };
    const reply: Reply = (text) =>
      acked ? a.respond({ response_type: "ephemeral", text }) : ack({ response_type: "ephemeral", text });
    try {
      if (guard.allow) requirePermission(a.ctx, guard.allow);
      await handle({ ...a, ack, reply });
    } catch (error) {
      await answer(error, a.ctx.locale, reply, "somethingWrong");
    }
  };
}

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * A slash command: the handler acknowledges it (with its reply, or empty) and gets the context;
 * when the context cannot be worked out the command is answered "something went wrong" and the
 * error goes to app.error. Errors the handler lets through go to app.error unanswered (a
 * `subcommand` answers its own).
 */
export function onCommand(
  app: App,
  deps: SlackDeps,
  name: string,
  handle: (a: CommandArgs & Asked) => Promise<void>,
): void {
  app.command(name, async (args) => {
    let acked = false;
    const ack: CommandArgs["ack"] = (response) => {
      acked = true;
      return args.ack(response as never);
    };
    const reply: Reply = (text) =>
      acked ? args.respond({ response_type: "ephemeral", text }) : ack({ response_type: "ephemeral", text });
    let ctx: RequestContext;
    try {
      ctx = await contextOf(args.context);
    } catch (error) {
      await answer(error, deps.config.defaultLocale, reply, "somethingWrong");
      return;
    }
    await handle({ ...args, ack, ctx, reply });
  });
}

/** The workspace (or org) an installation event is about, as Bolt's context names it. */
export interface InstallationRef {
  teamId?: string;
  enterpriseId?: string;
  isEnterpriseInstall: boolean;
}

/**
 * The app's bot token is gone from a workspace: app_uninstalled, or tokens_revoked naming a bot
 * token (the installer's own token being revoked is not this). Bolt delivers both without
 * authorizing them and with nobody asking, so there is no request context; errors go to app.error.
 */
export function onInstallationEvent(
  app: App,
  handle: (a: { why: "app_uninstalled" | "tokens_revoked"; installation: InstallationRef }) => Promise<void>,
): void {
  const of = (context: AllMiddlewareArgs["context"]): InstallationRef => ({
    teamId: context.teamId,
    enterpriseId: context.enterpriseId,
    isEnterpriseInstall: Boolean(context.isEnterpriseInstall),
  });
  app.event("app_uninstalled", async ({ context }) => {
    await handle({ why: "app_uninstalled", installation: of(context) });
  });
  app.event("tokens_revoked", async ({ event, context }) => {
    if ((event.tokens.bot ?? []).length > 0)
      await handle({ why: "tokens_revoked", installation: of(context) });
  });
}
