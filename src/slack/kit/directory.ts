import type { WebClient } from "@slack/web-api";
import type { RoleConfig } from "../../config/env.js";
import type { Locale } from "../../domain/locale.js";
import { type Role, resolveRole } from "../../domain/permissions.js";

// What the app needs to know about people, read from Slack and cached for a few minutes:
// their language, whether Slack calls them an admin, and which user groups they are in.

export interface Person {
  id: string;
  locale: Locale;
  isSlackAdmin: boolean;
  tz: string | null;
  name: string;
}

const TTL_MS = 5 * 60 * 1000;

class TtlCache<V> {
  private readonly entries = new Map<string, { at: number; value: Promise<V> }>();
  constructor(private readonly now: () => number) {}
  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < TTL_MS) return hit.value;
    const value = load();
    this.entries.set(key, { at: this.now(), value });
    value.catch(() => this.entries.delete(key));
    return value;
  }
  clear(): void {
    this.entries.clear();
  }
}

export function localeFromSlack(slackLocale: string | undefined, fallback: Locale): Locale {
  if (!slackLocale) return fallback;
  return slackLocale.toLowerCase().startsWith("es")
    ? "es"
    : slackLocale.toLowerCase().startsWith("en")
      ? "en"
      : fallback;
}

export interface Directory {
  person(client: WebClient, userId: string): Promise<Person>;
  role(client: WebClient, userId: string): Promise<Role>;
  /** Members of a user group given by ID (S…) or handle. */
  usergroupMembers(client: WebClient, usergroup: string): Promise<string[]>;
  clear(): void;
}

export function createDirectory(opts: {
  roles: RoleConfig;
  defaultLocale: Locale;
  now?: () => number;
}): Directory {
  const now = opts.now ?? Date.now;
  const people = new TtlCache<Person>(now);
  const groupsByHandle = new TtlCache<Map<string, string>>(now);
  const members = new TtlCache<string[]>(now);
  const configuredHandles = [...opts.roles.admins, ...opts.roles.executives, ...opts.roles.managers]
    .filter((e) => e.startsWith("@"))
    .map((e) => e.slice(1));

  // Caches are per bot token: with the OAuth install each workspace has its own, and a user
  // group handle, or whether someone is a Slack admin, is a fact about one workspace.
  const scope = (client: WebClient, key: string) => `${client.token ?? ""}\u0000${key}`;

  const person = (client: WebClient, userId: string) =>
    people.get(scope(client, userId), async () => {
      const res = await client.users.info({ user: userId, include_locale: true });
      const u = res.user;
      return {
        id: userId,
        locale: localeFromSlack(u?.locale, opts.defaultLocale),
        isSlackAdmin: Boolean(u?.is_admin || u?.is_owner || u?.is_primary_owner),
        tz: u?.tz ?? null,
        name: u?.profile?.display_name || u?.real_name || u?.name || userId,
      };
    });

  const handles = (client: WebClient) =>
    groupsByHandle.get(scope(client, "all"), async () => {
      const res = await client.usergroups.list({});
      return new Map((res.usergroups ?? []).map((g) => [g.handle ?? "", g.id ?? ""]));
    });

  const usergroupMembers = async (client: WebClient, usergroup: string) => {
    const id = /^S[A-Z0-9]+$/.test(usergroup)
      ? usergroup
      : (await handles(client)).get(usergroup.replace(/^@/, ""));
    if (!id) return [];
    return members.get(
      scope(client, id),
      async () => (await client.usergroups.users.list({ usergroup: id })).users ?? [],
    );
  };

  return {
    person,
    usergroupMembers,
    role: async (client, userId) => {
      const groups: string[] = [];
      for (const handle of configuredHandles) {
        if ((await usergroupMembers(client, handle)).includes(userId)) groups.push(handle);
      }
      const unconfigured =
        opts.roles.admins.length + opts.roles.executives.length + opts.roles.managers.length === 0;
      const isSlackAdmin = unconfigured ? (await person(client, userId)).isSlackAdmin : false;
      return resolveRole(opts.roles, { id: userId, groups, isSlackAdmin });
    },
    clear: () => {
      people.clear();
      groupsByHandle.clear();
      members.clear();
    },
  };
}
