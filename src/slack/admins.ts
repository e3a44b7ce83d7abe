import type { WebClient } from "@slack/web-api";
import type { RoleConfig } from "../config/env.js";
import type { Directory } from "./kit/directory.js";

// Who the app's admins are, for telling them about problems nobody asked about (a digest that
// could not be posted). The same rule as permissions: the configured admins (user IDs and user
// group members); with no role configuration, the workspace's Slack admins and owners.

export async function listAdmins(
  client: WebClient,
  directory: Directory,
  roles: RoleConfig,
): Promise<string[]> {
  const ids = new Set<string>();
  for (const entry of roles.admins) {
    if (entry.startsWith("@")) for (const id of await directory.usergroupMembers(client, entry)) ids.add(id);
    else ids.add(entry);
  }
  if (ids.size > 0) return [...ids];
  // Roles configured without an admin (or an empty admin group): someone must still hear that a
  // meeting went without its digest, and the Slack admins are who can fix the app's setup.
  return slackAdmins(client);
}

async function slackAdmins(client: WebClient): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.users.list({ limit: 200, ...(cursor ? { cursor } : {}) });
    for (const u of page.members ?? []) {
      if (!u.id || u.deleted || u.is_bot || u.id === "USLACKBOT") continue;
      if (u.is_admin || u.is_owner || u.is_primary_owner) ids.push(u.id);
    }
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return ids;
}
