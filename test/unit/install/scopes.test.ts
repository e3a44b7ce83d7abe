import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BOT_SCOPES } from "../../../src/slack/install/scopes.js";

// /slack/install asks for BOT_SCOPES; an app created from the manifest gets the manifest's. They
// must be the same list, or an installed workspace would lack a permission the code relies on.

const manifest = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../../manifests/manifest.json"), "utf8"),
) as {
  oauth_config: { scopes: { bot: string[] }; redirect_urls?: string[] };
};

describe("the OAuth install's scopes", () => {
  it("are exactly the manifest's bot scopes", () => {
    expect([...BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
  });

  it("come back to /slack/oauth_redirect", () => {
    expect(manifest.oauth_config.redirect_urls).toEqual([expect.stringMatching(/\/slack\/oauth_redirect$/)]);
  });
});
