import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { Database } from "../../src/data/database.js";
import { resolveWorkspace } from "../../src/data/workspaces.js";
import { createApiRouter } from "../../src/http/api.js";
import { type ApiServer, startApiServer } from "../../src/http/server.js";
import { createApiToken, revokeApiToken } from "../../src/services/api-tokens.js";
import { testDatabases } from "../helpers/db.js";
import { type ApiEnv, apiCases, validMovement, validResponse } from "./api-cases.js";
import { createRecorder, rawPost, renderReport } from "./kit.js";

// The bad-input suite: hostile input to every external entry point, each case its own test, each
// checked to be refused with a clear answer and to change no table (or, for free text accepted
// as data, to store it verbatim and nothing else). One database and one server per entry point
// per database; the summary goes to stdout and out/bad-input-report.md.

const recorder = createRecorder();
const NOW = new Date("2026-03-10T12:00:00Z");
const DEFAULTS = { reportingCurrency: "EUR", defaultLocale: "en" as const, timezone: "UTC" };

describe.each(testDatabases())("bad input on $name", ({ name, open }) => {
  describe("HTTP API", () => {
    let db: Database;
    let server: ApiServer;
    const env = {} as ApiEnv;
    beforeAll(async () => {
      db = await open();
      const workspaceId = (await resolveWorkspace(db.prisma, DEFAULTS)).id;
      const { secret } = await createApiToken(db.prisma, { workspaceId, name: "crm", createdBy: "cli" });
      const revoked = await createApiToken(db.prisma, { workspaceId, name: "old", createdBy: "cli" });
      await revokeApiToken(db.prisma, { workspaceId, which: "old", revokedBy: "cli" }, NOW);
      const maxBodyBytes = 64 * 1024;
      const router = createApiRouter({
        db,
        maxBodyBytes,
        rateLimitPerMinute: 1_000_000,
        // A fixed clock: a token's last use is written once, not on every case.
        clock: () => NOW,
        logError: (message, error) => console.error(message, error),
      });
      server = await startApiServer(router, 0, "127.0.0.1");
      Object.assign(env, {
        db,
        port: server.port,
        secret,
        revokedSecret: revoked.secret,
        workspaceId,
        maxBodyBytes,
      });
      // One good write of each kind first: the segment and the token's last use exist before the cases.
      for (const [path, item] of [
        ["/api/v1/movements", validMovement()],
        ["/api/v1/responses", validResponse()],
      ] as const) {
        const res = await rawPost(server.port, path, JSON.stringify(item), {
          authorization: `Bearer ${secret}`,
          "content-type": "application/json",
        });
        if (res.status !== 201) throw new Error(`warm-up write failed: ${res.status} ${res.text}`);
      }
    });
    afterAll(async () => {
      await server?.close();
      await db?.close();
    });
    for (const c of apiCases()) {
      it(`${c.category}: ${c.name}`, () => recorder.run(c, env, db, name));
    }
  });
});

afterAll(async () => {
  const report = renderReport(recorder.outcomes);
  console.log(`\n${report}\n`);
  const dir = join(import.meta.dirname, "../../out");
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "bad-input-report.md"), `# Bad-input suite\n\n${report}\n`);
});
