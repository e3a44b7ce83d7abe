import type { App } from "@slack/bolt";
import { searchSubjects } from "../../../services/search-subjects.js";
import type { Feature, SlackDeps } from "../../kit/deps.js";
import { LOOKUP } from "../../kit/ids.js";
import { onOptions } from "../../kit/listen.js";
import { subjectOptions } from "./blocks.js";

// Options for the searchable selects in modals (lookup/blocks.ts). Option values are
// "customer:<id>" and "segment:<id>"; parse them with parseSubject().

export type Subject = { kind: "customer"; id: string } | { kind: "segment"; id: string };

export function parseSubject(value: string | undefined | null): Subject | null {
  const m = /^(customer|segment):([0-9a-f-]{36})$/.exec(value ?? "");
  return m ? { kind: m[1] as Subject["kind"], id: m[2] as string } : null;
}

function register(app: App, deps: SlackDeps): void {
  const offer = (actionId: string, include: { customers: boolean; segments: boolean }) =>
    onOptions(app, deps, actionId, async ({ ack, body, ctx }) => {
      const found = await searchSubjects(deps.db.prisma, ctx.workspace.id, body.value ?? "", include);
      // Bolt types ack() for block, message and dialog menus at once; ours are block menus.
      await (ack as unknown as (body: object) => Promise<void>)(subjectOptions(found, include, ctx.locale));
    });
  offer(LOOKUP.customer, { customers: true, segments: false });
  offer(LOOKUP.segment, { customers: false, segments: true });
  offer(LOOKUP.subject, { customers: true, segments: true });
}

export const lookupFeature: Feature = { name: "lookup", register };
