import type { AnyMiddlewareArgs, App } from "@slack/bolt";
import { plain, section } from "./kit/blocks.js";
import { commonTexts } from "./kit/common-texts.js";

// Records every listener's constraint as features register them, so that (1) a click on a
// button this version no longer knows gets a polite private answer instead of Slack's error
// icon after 3 s, and (2) a test can check the manifest against what the code listens to.

type Constraint = string | RegExp | Record<string, unknown>;

export interface ListenerRegistry {
  commands: string[];
  events: string[];
  actions: Constraint[];
  views: Constraint[];
  shortcuts: Constraint[];
  options: Constraint[];
  knowsAction(actionId: string, blockId?: string): boolean;
  knowsView(callbackId: string): boolean;
}

function matches(c: Constraint, key: "action_id" | "callback_id", id: string, blockId?: string): boolean {
  if (typeof c === "string") return c === id;
  if (c instanceof RegExp) return c.test(id);
  const value = c[key];
  if (value !== undefined && !matches(value as Constraint, key, id)) return false;
  const block = c.block_id;
  if (block !== undefined && blockId !== undefined && !matches(block as Constraint, "action_id", blockId))
    return false;
  return true;
}

export function trackListeners(app: App): ListenerRegistry {
  const registry: ListenerRegistry = {
    commands: [],
    events: [],
    actions: [],
    views: [],
    shortcuts: [],
    options: [],
    knowsAction: (id, blockId) => registry.actions.some((c) => matches(c, "action_id", id, blockId)),
    knowsView: (id) => registry.views.some((c) => matches(c, "callback_id", id)),
  };
  const wrap = <K extends "command" | "event" | "action" | "view" | "shortcut" | "options">(
    method: K,
    into: Constraint[],
  ) => {
    const original = app[method].bind(app) as (...args: unknown[]) => unknown;
    (app as unknown as Record<string, unknown>)[method] = (constraint: Constraint, ...rest: unknown[]) => {
      into.push(constraint);
      return original(constraint, ...rest);
    };
  };
  wrap("command", registry.commands as Constraint[]);
  wrap("event", registry.events as Constraint[]);
  wrap("action", registry.actions);
  wrap("view", registry.views);
  wrap("shortcut", registry.shortcuts);
  wrap("options", registry.options);
  return registry;
}

/**
 * Global middleware: answers clicks and submissions that no listener handles. Must be added
 * before the listeners are registered; it checks the registry when a request arrives.
 */
export function unknownInteractionGuard(registry: ListenerRegistry, defaultLocale: "en" | "es") {
  return async (args: AnyMiddlewareArgs & { next: () => Promise<void> }) => {
    const body = args.body as {
      type?: string;
      actions?: Array<{ action_id: string; block_id?: string }>;
      view?: { callback_id?: string };
      user?: { id: string; locale?: string };
      channel?: { id: string };
    };
    const locale = body.user?.locale?.startsWith("es") ? "es" : defaultLocale;
    const ack = (args as { ack?: (r?: unknown) => Promise<void> }).ack;
    if (body.type === "block_actions" && body.actions?.length) {
      const known = body.actions.every((a) => registry.knowsAction(a.action_id, a.block_id));
      if (!known && ack) {
        await ack();
        const respond = (args as { respond?: (m: unknown) => Promise<unknown> }).respond;
        if (respond)
          await respond({
            response_type: "ephemeral",
            replace_original: false,
            text: commonTexts[locale].staleButton,
          });
        return;
      }
    }
    if (
      body.type === "view_submission" &&
      body.view?.callback_id &&
      !registry.knowsView(body.view.callback_id) &&
      ack
    ) {
      await ack({
        response_action: "update",
        view: {
          type: "modal",
          title: plain("RightToGrow"),
          blocks: [section(commonTexts[locale].staleButton)],
        },
      });
      return;
    }
    await args.next();
  };
}
