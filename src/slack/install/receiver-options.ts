import type { HTTPReceiverOptions } from "@slack/bolt";
import type { WebClientOptions } from "@slack/web-api";
import type { OAuthConfig } from "../../config/env.js";
import type { Locale } from "../../domain/locale.js";
import type { PrismaInstallationStore } from "../../services/open-installation-store.js";
import { browserLocale, type FailureReason, renderInstallFailure, renderInstallSuccess } from "./pages.js";
import { BOT_SCOPES } from "./scopes.js";

// Bolt's built-in OAuth installer on the HTTP receiver: GET /slack/install sends the browser
// straight to Slack's authorize page (state signed with SLACK_STATE_SECRET and pinned to the
// browser by a cookie); GET /slack/oauth_redirect checks that state, exchanges the code
// (oauth.v2.access), stores the installation encrypted and shows a page in the browser's language.

export const INSTALL_PATH = "/slack/install";
export const REDIRECT_PATH = "/slack/oauth_redirect";

const failureReason = (code: string | undefined): FailureReason => {
  if (code === "slack_oauth_installer_authorization_error") return "cancelled";
  if (
    code === "slack_oauth_invalid_state" ||
    code === "slack_oauth_missing_state" ||
    code === "slack_oauth_missing_code"
  ) {
    return "state";
  }
  return "other";
};

export function oauthReceiverOptions(opts: {
  oauth: OAuthConfig;
  store: PrismaInstallationStore;
  clientOptions: WebClientOptions;
  defaultLocale: Locale;
  /** Why an install failed, for the operator (the browser gets a page without details). */
  log: (line: string) => void;
}): Pick<
  HTTPReceiverOptions,
  "clientId" | "clientSecret" | "stateSecret" | "scopes" | "installationStore" | "installerOptions"
> {
  return {
    clientId: opts.oauth.clientId,
    clientSecret: opts.oauth.clientSecret,
    stateSecret: opts.oauth.stateSecret,
    scopes: [...BOT_SCOPES],
    installationStore: opts.store,
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      directInstall: true,
      stateVerification: true,
      // The code exchange and auth.test go where every other Web API call goes (a fake in tests).
      clientOptions: opts.clientOptions,
      callbackOptions: {
        success: (installation, _options, req, res) => {
          const team =
            installation.team?.name ?? installation.enterprise?.name ?? installation.team?.id ?? "Slack";
          opts.log(`Installed in ${installation.team?.id ?? installation.enterprise?.id} (${team}).`);
          renderInstallSuccess(res, browserLocale(req, opts.defaultLocale), {
            teamName: team,
            teamId: installation.team?.id,
            appId: installation.appId,
          });
        },
        failure: (error, _options, req, res) => {
          opts.log(`An install did not finish: ${error.code ?? "error"}: ${error.message}`);
          renderInstallFailure(
            res,
            browserLocale(req, opts.defaultLocale),
            failureReason(error.code),
            INSTALL_PATH,
          );
        },
      },
    },
  };
}
