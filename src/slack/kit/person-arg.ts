import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import { SLACK_USER_ID } from "../../domain/forgetting.js";

// Who `/cx forget <words>` (or the person of `/cx owner`) names. The command is registered
// without escaping, so a mention arrives as the typed "@handle"; an escaped "<@U123|name>", a bare
// user id and an e-mail address (a contact who is not a member: the database stores no addresses,
// Slack knows whose it is) too.

const ZEmail = z.email();

export type PersonArg = { ok: true; userId: string } | { ok: false; reason: "unknown" | "ambiguous" };

export async function resolvePersonArg(client: WebClient, text: string): Promise<PersonArg> {
  const t = text.trim();
  const escaped = /^<@([UW][A-Z0-9]+)(\|[^>]*)?>$/.exec(t);
  if (escaped?.[1]) return { ok: true, userId: escaped[1] };
  if (SLACK_USER_ID.test(t)) return { ok: true, userId: t };
  const email = ZEmail.safeParse(t.replace(/^<mailto:([^|>]+)(\|[^>]*)?>$/, "$1"));
  if (email.success) return byEmail(client, email.data);
  const handle = t.replace(/^@/, "").toLowerCase();
  if (!handle) return { ok: false, reason: "unknown" };
  const found = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await client.users.list({ limit: 200, ...(cursor ? { cursor } : {}) });
    for (const u of page.members ?? []) {
      if (!u.id || u.is_bot) continue;
      const names = [u.name, u.profile?.display_name, u.profile?.display_name_normalized, u.real_name];
      if (names.some((n) => n && n.toLowerCase() === handle)) found.add(u.id);
    }
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  if (found.size === 1) return { ok: true, userId: [...found][0] as string };
  return { ok: false, reason: found.size ? "ambiguous" : "unknown" };
}

async function byEmail(client: WebClient, email: string): Promise<PersonArg> {
  try {
    const found = await client.users.lookupByEmail({ email });
    return found.user?.id ? { ok: true, userId: found.user.id } : { ok: false, reason: "unknown" };
  } catch (error) {
    if ((error as { data?: { error?: string } }).data?.error === "users_not_found")
      return { ok: false, reason: "unknown" };
    throw error;
  }
}
