import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Database, openDatabase } from "../../src/data/database.js";
import { resolveWorkspace } from "../../src/data/workspaces.js";
import { type FakeSlack, startFakeSlack } from "../helpers/fake-slack.js";
import { databaseUrl, ident, withAdmin } from "../helpers/postgres-admin.js";

// `npm run cli -- export …` and `forget …` as an admin runs them: child processes on a fresh
// embedded database, and on a fresh PostgreSQL database when TEST_DATABASE_URL is set.

const exec = promisify(execFile);
const root = join(import.meta.dirname, "../..");
const tsx = join(root, "node_modules/.bin/tsx");
const fixture = (name: string) => join(root, "test/fixtures", name);

/** A fresh, empty database for the CLI: its DATA_DIR / DATABASE_URL, and how to drop it. */
interface Target {
  name: string;
  fresh(dir: string): Promise<{ env: { DATA_DIR: string; DATABASE_URL: string }; cleanup(): Promise<void> }>;
}

const targets: Target[] = [
  {
    name: "pglite",
    fresh: async (dir) => ({ env: { DATA_DIR: dir, DATABASE_URL: "" }, cleanup: async () => {} }),
  },
];
if (process.env.TEST_DATABASE_URL) {
  targets.push({
    name: "postgres",
    fresh: async (dir) => {
      const server = process.env.TEST_DATABASE_URL as string;
      const name = `${inject("rtgPostgres")?.clonePrefix ?? "rtg_clone_"}${randomBytes(6).toString("hex")}`;
      // An empty database: the CLI applies the migrations itself, as it would in production.
      await withAdmin(server, (admin) => admin.query(`CREATE DATABASE ${ident(name)}`));
      return {
        env: { DATA_DIR: dir, DATABASE_URL: databaseUrl(server, name) },
        cleanup: async () => {
          await withAdmin(server, (admin) =>
            admin.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`),
          );
        },
      };
    },
  });
}

const HEADER = "id,occurred_at,customer_id,customer_name,segment,type,value,currency,reason,note,source";

describe.each(targets)("export and forget on the command line ($name)", (target) => {
  let dir: string;
  let db: { DATA_DIR: string; DATABASE_URL: string };
  const cleanups: Array<() => Promise<void>> = [];
  let fake: FakeSlack;
  const fresh = async (subdir: string) => {
    const made = await target.fresh(join(dir, subdir));
    cleanups.push(made.cleanup);
    return made.env;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "rtg-e2e-privacy-"));
    db = await fresh("main");
    fake = await startFakeSlack();
  });
  afterAll(async () => {
    await fake.close();
    for (const cleanup of cleanups) await cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  async function cli(args: string[], extraEnv: Record<string, string> = {}) {
    try {
      const { stdout, stderr } = await exec(tsx, [join(root, "src/cli/main.ts"), ...args], {
        cwd: dir,
        env: { ...process.env, SLACK_BOT_TOKEN: "", DEFAULT_LOCALE: "en", ...db, ...extraEnv },
        maxBuffer: 64 * 1024 * 1024,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  /** The database the CLI uses, opened while no CLI runs (the embedded one allows one process). */
  async function withDb<T>(use: (db: Database) => Promise<T>): Promise<T> {
    const opened = await openDatabase(
      db.DATABASE_URL ? { kind: "postgres", url: db.DATABASE_URL } : { kind: "pglite", dataDir: db.DATA_DIR },
    );
    try {
      await opened.migrate();
      return await use(opened);
    } finally {
      await opened.close();
    }
  }

  it("exports the ledger to stdout or a file, header only when empty, and the file imports back", async () => {
    const empty = await cli(["export", "ledger"]);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toBe(`${HEADER}\r\n`);
    expect(empty.stderr).toContain("Exported 0 movements.");

    expect((await cli(["import", "movements", fixture("movements.csv")])).code).toBe(0);
    const out = await cli(["export", "ledger"]);
    expect(out.code).toBe(0);
    const lines = out.stdout.trimEnd().split("\r\n");
    expect(lines[0]).toBe(HEADER);
    expect(lines).toHaveLength(17);
    expect(out.stdout).toContain(
      'm2,2026-01-15T08:00:00.000Z,c2,"Beta, S.L.",SMB,gained,2000.00,EUR,outbound,,csv',
    );
    expect(out.stderr).toContain("Exported 16 movements.");

    const file = join(dir, "ledger.csv");
    const toFile = await cli(["export", "ledger", "--out", file]);
    expect(toFile).toMatchObject({ code: 0, stdout: "" });
    expect(toFile.stderr).toContain(`Exported 16 movements to ${file}.`);
    expect(await readFile(file, "utf8")).toBe(out.stdout);
    // Into an empty database, the export lands the same ledger: exported again, it is the same file.
    const copy = await fresh("copy");
    expect((await cli(["import", "movements", file], copy)).stdout).toContain("Imported: 16");
    expect((await cli(["export", "ledger"], copy)).stdout).toBe(out.stdout);

    const smb = await cli([
      "export",
      "ledger",
      "--segment",
      "enterprise",
      "--from",
      "2026-01-01",
      "--to",
      "2026-02-01",
    ]);
    expect(smb.code).toBe(0);
    const rows = smb.stdout.trimEnd().split("\r\n").slice(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.includes(",Enterprise,") && r.includes(",2026-01-"))).toBe(true);

    const answers = await cli(["export", "responses"]);
    expect(answers.stdout.split("\r\n")[0]).toBe(
      "id,responded_at,kind,score,customer_id,segment,touchpoint,comment,respondent,source",
    );
    const audit = await withDb((db) => db.prisma.auditEvent.findMany({ where: { action: "data.exported" } }));
    expect(audit.map((a) => [a.actor, a.subjectId])).toContainEqual(["cli", "ledger"]);
    expect(audit.map((a) => (a.data as { rows: number }).rows)).toContain(16);
  });

  it("refuses bad arguments with the usage and changes nothing", async () => {
    const kind = await cli(["export", "customers"]);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain("export needs what to export: export ledger or export responses");
    expect(kind.stderr).toContain("Usage:");
    const segment = await cli(["export", "ledger", "--segment", "Nowhere"]);
    expect(segment.code).toBe(2);
    expect(segment.stderr).toContain('No segment is named "Nowhere"');
    const user = await cli(["forget", "--user", "robert'); drop table"]);
    expect(user.code).toBe(2);
    expect(user.stderr).toContain("--user must be a Slack user id such as U0123ABCD");
    expect((await cli(["forget"])).stderr).toContain("forget needs --user U123");
    const email = await cli(["forget", "--email", "ana@example.com"]);
    expect(email.code).toBe(2);
    expect(email.stderr).toContain("--email needs SLACK_BOT_TOKEN");
  });

  it("forget shows what it would do, does it only with --yes, and finds a person by e-mail", async () => {
    await withDb(async (db) => {
      const ws = await resolveWorkspace(db.prisma, {
        reportingCurrency: "EUR",
        defaultLocale: "en",
        timezone: "UTC",
      });
      const segment = await db.prisma.segment.upsert({
        where: { workspaceId_key: { workspaceId: ws.id, key: "smb" } },
        create: { workspaceId: ws.id, key: "smb", name: "SMB" },
        update: {},
      });
      for (const [key, who] of [
        ["a1", "UANA"],
        ["a2", null],
        ["a3", "UBOB"],
      ] as const) {
        const answer = await db.prisma.surveyResponse.create({
          data: {
            workspaceId: ws.id,
            kind: "csat",
            score: 4,
            segmentId: segment.id,
            respondentSlackId: who,
            respondedAt: new Date("2026-03-01T00:00:00Z"),
            source: "slack",
            idempotencyKey: `slack:${key}`,
            contentHash: key,
          },
        });
        if (who === "UANA")
          await db.prisma.alert.create({
            data: {
              workspaceId: ws.id,
              responseId: answer.id,
              channelId: "CALERTS",
              messageTs: "1700000000.000200",
            },
          });
      }
      await db.prisma.voiceNote.create({
        data: {
          workspaceId: ws.id,
          source: "employee",
          text: "hi",
          authorSlackId: "UANA",
          idempotencyKey: "n1",
        },
      });
    });
    const count = () => withDb((db) => db.prisma.surveyResponse.count({ where: { source: "slack" } }));

    const dry = await cli(["forget", "--user", "UANA"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("Would forget UANA (nothing has changed yet)");
    expect(dry.stdout).toMatch(/1 {2}survey_response/);
    expect(dry.stdout).toMatch(/1 {2}voice_note/);
    expect(dry.stdout).toContain("1 Slack messages the app posted about them");
    expect(dry.stdout).toContain("Anonymous answers and notes store no identity");
    expect(dry.stdout).toContain("npm run cli -- forget --user UANA --yes");
    expect(await count()).toBe(3);

    fake.setUser("UANA", { profile: { email: "ana@example.com" } });
    const done = await cli(["forget", "--email", "ana@example.com", "--yes"], {
      SLACK_BOT_TOKEN: "xoxb-fake",
      SLACK_API_URL: fake.url,
      SLACK_SIGNING_SECRET: "test-signing-secret",
    });
    expect(done.code).toBe(0);
    expect(done.stdout).toContain("Forgot UANA:");
    expect(done.stdout).toContain("deleted 3 rows");
    // The alert the app had posted about her answer is deleted in Slack as well.
    expect(done.stdout).toContain("deleted 1 of the 1 Slack messages");
    expect(fake.callsTo("chat.delete").map((c) => c.args)).toMatchObject([
      { channel: "CALERTS", ts: "1700000000.000200" },
    ]);
    expect(await count()).toBe(2);
    const left = await withDb((db) =>
      db.prisma.surveyResponse.findMany({ where: { source: "slack" }, orderBy: { idempotencyKey: "asc" } }),
    );
    expect(left.map((r) => r.respondentSlackId)).toEqual([null, "UBOB"]);
    const event = await withDb((db) =>
      db.prisma.auditEvent.findFirstOrThrow({ where: { action: "person.forgotten" } }),
    );
    expect(event.actor).toBe("cli");
    expect(JSON.stringify(event.data)).not.toContain("UANA");

    const nobody = await cli(["forget", "--email", "nobody@example.com"], {
      SLACK_BOT_TOKEN: "xoxb-fake",
      SLACK_API_URL: fake.url,
      SLACK_SIGNING_SECRET: "test-signing-secret",
    });
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toContain(
      "No Slack user in this workspace has the e-mail address nobody@example.com",
    );
  });
});
