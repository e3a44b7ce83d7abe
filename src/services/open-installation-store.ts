import type { Config, OAuthConfig } from "../config/env.js";
import type { Database } from "../data/database.js";
import { createInstallationStore, type PrismaInstallationStore } from "../data/installations.js";
import { createTokenCipher } from "../data/token-cipher.js";

// The Slack layer holds installations only through this store (Bolt's InstallationStore
// interface, implemented in data/installations.ts), opened here with the configured key.

export type { PrismaInstallationStore };

/** The installation store of an app in OAuth mode, encrypting with TOKEN_ENCRYPTION_KEY. */
export function openInstallationStore(
  db: Database,
  config: Config,
  oauth: OAuthConfig,
  onChange?: (workspaceId: string) => void,
): PrismaInstallationStore {
  return createInstallationStore({
    db: db.prisma,
    cipher: createTokenCipher(oauth.encryptionKey, oauth.encryptionKeyId, oauth.previousKeys),
    workspaceDefaults: {
      reportingCurrency: config.reportingCurrency,
      defaultLocale: config.defaultLocale,
      timezone: config.defaultTimezone,
    },
    onChange,
  });
}
