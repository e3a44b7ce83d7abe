import type { App } from "@slack/bolt";
import { searchSubjects } from "../../../services/search-subjects.js";
import type { Feature, SlackDeps } from "../../kit/deps.js";
import { LOOKUP } from "../../kit/ids.js";
import { requestContext } from "../../kit/request-context.js";

// Options for the searchable selects in modals. Option values are "customer:<id>" and
// "segment:<id>", so one select can offer both (the voice-note subject) and the submission
// handler knows which it got. Parse them with parseSubject().

const truncate = (s: string, n = 75) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export type Subject = { kind: "customer"; id: string } | { kind: "segment"; id: string };

export function parseSubject(value: string | undefined | null): Subject | null {
  const m = /^(customer|segment):([0-9a-f-]{36})$/.exec(value ?? "");
  return m ? { kind: m[1] as Subject["kind"], id: m[2] as string } : null;
}

function register(app: App, deps: SlackDeps): void {
  const handler =
    (include: { customers: boolean; segments: boolean }) =>
    async ({ ack, body, client }: Parameters<Parameters<App["options"]>[1]>[0]) => {
      const teamId = body.team?.id ?? body.user.team_id ?? "";
      const ctx = await requestContext(deps, client, teamId, body.user.id);
      const query = body.value ?? "";
      const { customers, segments } = await searchSubjects(deps.db.prisma, ctx.workspace.id, query, include);
      const es = ctx.locale === "es";
      // Bolt types ack() for block, message and dialog menus at once; ours are block menus.
      const reply = ack as unknown as (body: object) => Promise<void>;
      const customerOptions = customers.map((c) => ({
        text: { type: "plain_text" as const, text: truncate(`${c.name} · ${c.segmentName}`) },
        value: `customer:${c.id}`,
      }));
      const segmentOptions = segments.map((s) => ({
        text: { type: "plain_text" as const, text: truncate(s.name) },
        value: `segment:${s.id}`,
      }));
      if (include.customers && include.segments) {
        await reply({
          option_groups: [
            { label: { type: "plain_text", text: es ? "Segmentos" : "Segments" }, options: segmentOptions },
            { label: { type: "plain_text", text: es ? "Clientes" : "Customers" }, options: customerOptions },
          ].filter((g) => g.options.length > 0),
        });
      } else {
        await reply({ options: include.customers ? customerOptions : segmentOptions });
      }
    };
  app.options(LOOKUP.customer, handler({ customers: true, segments: false }));
  app.options(LOOKUP.segment, handler({ customers: false, segments: true }));
  app.options(LOOKUP.subject, handler({ customers: true, segments: true }));
}

export const lookupFeature: Feature = { name: "lookup", register };
