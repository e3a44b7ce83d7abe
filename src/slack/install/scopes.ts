// The bot scopes the install asks for. They must equal manifests/manifest.json's
// oauth_config.scopes.bot (test/unit/install/scopes.test.ts checks), so an app created from the
// manifest and one installed through /slack/install hold the same permissions.
export const BOT_SCOPES = [
  "commands",
  "chat:write",
  "chat:write.public",
  "im:write",
  "files:write",
  "users:read",
  // forget --email: the database stores no addresses, so Slack says whose address it is.
  "users:read.email",
  "usergroups:read",
  "channels:read",
  "groups:read",
  // The digest looks in its channel for a message Slack took but whose answer was lost, before
  // posting it again (src/slack/posted-lookup.ts): exactly-once posting needs these two.
  "channels:history",
  "groups:history",
] as const;
