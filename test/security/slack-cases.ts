import { createHmac } from "node:crypto";
import type { Logger } from "@slack/bolt";
import { LogLevel } from "@slack/bolt";
import { expect } from "vitest";
import { LEDGER, LEDGER_BLOCK, LEDGER_INPUT } from "../../src/slack/features/ledger/ids.js";
import { VOICE_BLOCK, VOICE_INPUT } from "../../src/slack/features/voices/ids.js";
import { LOOKUP, VOICE } from "../../src/slack/kit/ids.js";
import type { SlackHarness } from "../helpers/slack-app.js";
import { SIGNING_SECRET } from "../helpers/slack-app.js";
import {
  blockAction,
  eventCallback,
  field,
  globalShortcut,
  nowSeconds,
  type SlackHttpResponse,
  type StateValues,
  slashCommand,
  stateValues,
  viewSubmission,
} from "../helpers/slack-requests.js";
import { ACCEPTED_AS_TEXT, type BadCase, INJECTIONS, NUL, rawPost } from "./kit.js";

// Bad input to /slack/events on the real Bolt app. Slack's protocol answers a refused request
// with a bare status; the reason goes to the operator's log, so each refusal is checked by its
// status and the log line that names what was wrong. Forms answer with field errors.

export interface SlackEnv {
  h: SlackHarness;
  /** Warnings and errors Bolt and the app logged, newest last. */
  logs: string[];
  manager: string;
  employee: string;
  /** An existing segment's id, for ledger forms. */
  segmentId: string;
}

/** A Bolt logger that keeps warnings and errors for the cases to read. */
export function capturingLogger(logs: string[]): Logger {
  let level = LogLevel.WARN;
  let name = "test";
  const keep = (...msg: unknown[]) => {
    logs.push(msg.map((m) => (m instanceof Error ? m.message : String(m))).join(" "));
  };
  return {
    debug: () => {},
    info: () => {},
    warn: keep,
    error: keep,
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n) => {
      name = n;
      void name;
    },
  };
}

const FORM = "application/x-www-form-urlencoded";

type Kind = "command" | "block action" | "view submission" | "event" | "shortcut";

/** A well-formed body of each kind, as Slack would send it. */
function bodyOf(kind: Kind, env: SlackEnv): { body: string; type: string } {
  const teamId = env.h.fake.teamId;
  const form = (payload: unknown) => `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  switch (kind) {
    case "command":
      return {
        body: new URLSearchParams(
          Object.entries(
            slashCommand({ command: "/cx", text: "help", user_id: env.employee, team_id: teamId }),
          ).map(([k, v]) => [k, String(v)]),
        ).toString(),
        type: FORM,
      };
    case "block action":
      return {
        body: form(blockAction({ actionId: "voice_note_open", userId: env.employee, teamId })),
        type: FORM,
      };
    case "view submission":
      return {
        body: form(viewSubmission({ callbackId: LEDGER.modal, userId: env.manager, teamId })),
        type: FORM,
      };
    case "shortcut":
      return {
        body: form(globalShortcut({ callbackId: VOICE.shortcut, userId: env.employee, teamId })),
        type: FORM,
      };
    case "event":
      return {
        body: JSON.stringify(
          eventCallback(
            { type: "app_home_opened", user: env.employee, channel: "D1", tab: "home" },
            { teamId },
          ),
        ),
        type: "application/json",
      };
  }
}

const signature = (secret: string, ts: number | string, body: string | Buffer) =>
  `v0=${createHmac("sha256", secret)
    .update(Buffer.concat([Buffer.from(`v0:${ts}:`), Buffer.isBuffer(body) ? body : Buffer.from(body)]))
    .digest("hex")}`;

async function post(
  env: SlackEnv,
  body: string | Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  env.logs.length = 0;
  const res = await rawPost(env.h.port, "/slack/events", body, headers);
  return { status: res.status, text: res.text };
}

/** A bare status (Slack's protocol) and a log line naming the reason. */
function expectRefused(env: SlackEnv, res: { status: number; text: string }, status: number, log: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.text).toBe("");
  expect(env.logs.join("\n")).toContain(log);
}

const refusal = (
  category: string,
  name: string,
  run: (env: SlackEnv) => Promise<void>,
): BadCase<SlackEnv> => ({
  entry: "Slack /slack/events",
  category,
  name,
  run: async (env) => {
    await run(env);
    return undefined;
  },
});

const MISMATCH = "Failed to verify authenticity: signature mismatch";
const STALE = "x-slack-request-timestamp must differ from system time by no more than 5 minutes";

function signatureCases(): Array<BadCase<SlackEnv>> {
  const kinds: Kind[] = ["command", "block action", "view submission", "event", "shortcut"];
  const cases: Array<BadCase<SlackEnv>> = [];
  for (const kind of kinds) {
    const forged: Array<[string, (b: string, ts: number) => Record<string, string>, string]> = [
      [
        "signed with another secret",
        (b, ts) => ({ "x-slack-signature": signature("not-the-secret", ts, b) }),
        MISMATCH,
      ],
      ["a random signature", () => ({ "x-slack-signature": `v0=${"ab".repeat(32)}` }), MISMATCH],
      ["an empty v0= signature", () => ({ "x-slack-signature": "v0=" }), MISMATCH],
      [
        "a v1= signature",
        (b, ts) => ({ "x-slack-signature": signature(SIGNING_SECRET, ts, b).replace("v0=", "v1=") }),
        "unknown signature version",
      ],
      ["no signature header", () => ({}), "header x-slack-signature did not have the expected type"],
    ];
    for (const [label, headers, log] of forged) {
      cases.push(
        refusal("forged signature", `${kind}, ${label} → 401, log "${log}"`, async (env) => {
          const { body, type } = bodyOf(kind, env);
          const ts = nowSeconds();
          const res = await post(env, body, {
            "content-type": type,
            "x-slack-request-timestamp": String(ts),
            ...headers(body, ts),
          });
          expectRefused(env, res, 401, log);
        }),
      );
    }
    cases.push(
      refusal(
        "forged signature",
        `${kind}, body changed after signing → 401, log "${MISMATCH}"`,
        async (env) => {
          const { body, type } = bodyOf(kind, env);
          const ts = nowSeconds();
          const tampered = body.replace(env.employee, "UADMIN").replace(env.manager, "UADMIN");
          expect(tampered).not.toBe(body);
          const res = await post(env, tampered, {
            "content-type": type,
            "x-slack-request-timestamp": String(ts),
            "x-slack-signature": signature(SIGNING_SECRET, ts, body),
          });
          expectRefused(env, res, 401, MISMATCH);
        },
      ),
    );
  }
  // Old, replayed and malformed timestamps, correctly signed over them.
  const stamps: Array<[string, () => string, string]> = [
    ["301 s old", () => String(nowSeconds() - 301), STALE],
    ["a day old", () => String(nowSeconds() - 86_400), STALE],
    ["zero", () => "0", STALE],
    ["not a number", () => "yesterday", "x-slack-request-timestamp did not have the expected type"],
  ];
  for (const kind of ["command", "view submission", "event"] as Kind[]) {
    for (const [label, ts, log] of stamps) {
      cases.push(
        refusal(
          "replayed / old timestamp",
          `${kind}, timestamp ${label} → 401, log "${log}"`,
          async (env) => {
            const { body, type } = bodyOf(kind, env);
            const stamp = ts();
            const res = await post(env, body, {
              "content-type": type,
              "x-slack-request-timestamp": stamp,
              "x-slack-signature": signature(SIGNING_SECRET, stamp, body),
            });
            expectRefused(env, res, 401, log);
          },
        ),
      );
    }
  }
  return cases;
}

/** Correctly signed, so only the body itself is wrong. */
async function signedPost(env: SlackEnv, body: string | Buffer, type: string) {
  const ts = nowSeconds();
  return post(env, body, {
    "content-type": type,
    "x-slack-request-timestamp": String(ts),
    "x-slack-signature": signature(SIGNING_SECRET, ts, body),
  });
}

function transportCases(): Array<BadCase<SlackEnv>> {
  const big = () => `payload=${"x".repeat(4 * 1024 * 1024 + 1)}`;
  return [
    refusal(
      "oversized body",
      'signed body over 4 MB → 413, log "exceeded the maximum allowed size"',
      async (env) => {
        expectRefused(
          env,
          await signedPost(env, big(), FORM),
          413,
          "Request body exceeded the maximum allowed size",
        );
      },
    ),
    refusal("oversized body", "unsigned body over 4 MB → 413 before any parsing", async (env) => {
      expectRefused(
        env,
        await post(env, big(), { "content-type": FORM }),
        413,
        "exceeded the maximum allowed size",
      );
    }),
    refusal(
      "wrong content type",
      'a form body sent as text/plain → 400, log "Malformed request body"',
      async (env) => {
        const { body } = bodyOf("command", env);
        expectRefused(env, await signedPost(env, body, "text/plain"), 400, "Malformed request body");
      },
    ),
    refusal(
      "wrong content type",
      'a payload sent as multipart/form-data → 400, log "Malformed request body"',
      async (env) => {
        const { body } = bodyOf("block action", env);
        expectRefused(
          env,
          await signedPost(env, body, "multipart/form-data; boundary=x"),
          400,
          "Malformed request body",
        );
      },
    ),
    refusal("malformed body", 'payload that is not JSON → 400, log "Malformed request body"', async (env) => {
      expectRefused(env, await signedPost(env, "payload=%7Bnot-json", FORM), 400, "Malformed request body");
    }),
    refusal("malformed body", 'a JSON body cut short → 400, log "Malformed request body"', async (env) => {
      expectRefused(
        env,
        await signedPost(env, '{"type":"event_callback","event":', "application/json"),
        400,
        "Malformed request body",
      );
    }),
    refusal("malformed body", 'an empty JSON body → 400, log "Malformed request body"', async (env) => {
      expectRefused(env, await signedPost(env, "", "application/json"), 400, "Malformed request body");
    }),
    refusal(
      "invalid UTF-8",
      'a command with the byte 0xFF, signed over its bytes → 401 "signature mismatch"',
      async (env) => {
        const { body } = bodyOf("command", env);
        const bytes = Buffer.from(body.replace("text=help", "text=hXlp"));
        bytes[bytes.indexOf("hXlp") + 1] = 0xff;
        expectRefused(env, await signedPost(env, bytes, FORM), 401, MISMATCH);
      },
    ),
    refusal(
      "invalid UTF-8",
      'an event with an overlong "/" (C0 AF), signed over its bytes → 401',
      async (env) => {
        const { body } = bodyOf("event", env);
        const bytes = Buffer.from(body.replace('"tab":"home"', '"tab":"hoXX"'));
        const at = bytes.indexOf("XX");
        bytes[at] = 0xc0;
        bytes[at + 1] = 0xaf;
        expectRefused(env, await signedPost(env, bytes, "application/json"), 401, MISMATCH);
      },
    ),
  ];
}

// --- Forms ----------------------------------------------------------------------------------

const WON = JSON.stringify({ v: 1, direction: "won" });

function ledgerValues(
  env: SlackEnv,
  over: Partial<Record<"newName" | "value" | "date" | "note" | "reason", string | null>>,
): StateValues {
  const o = { newName: "Acme", value: "1200", date: "2026-03-28", note: null, reason: "referral", ...over };
  return stateValues({
    [LEDGER_BLOCK.customer]: { [LOOKUP.customer]: field.externalSelect(null) },
    [LEDGER_BLOCK.newName]: { [LEDGER_INPUT.newName]: field.text(o.newName) },
    [LEDGER_BLOCK.newExternalId]: { [LEDGER_INPUT.newExternalId]: field.text(null) },
    [LEDGER_BLOCK.segment]: { [LOOKUP.segment]: field.externalSelect(`segment:${env.segmentId}`) },
    [LEDGER_BLOCK.newSegment]: { [LEDGER_INPUT.newSegment]: field.text(null) },
    [LEDGER_BLOCK.value]: { [LEDGER_INPUT.value]: field.text(o.value) },
    [LEDGER_BLOCK.reason]: { [LEDGER_INPUT.reason]: field.select(o.reason) },
    [LEDGER_BLOCK.date]: { [LEDGER_INPUT.date]: field.date(o.date) },
    [LEDGER_BLOCK.note]: { [LEDGER_INPUT.note]: field.text(o.note) },
  });
}

let views = 0;
const viewId = () => `VBAD${String(++views).padStart(6, "0")}`;

function submitLedger(
  env: SlackEnv,
  values: unknown,
  opts: { userId?: string; metadata?: string; id?: string } = {},
) {
  return env.h.slack.viewSubmission({
    callbackId: LEDGER.modal,
    privateMetadata: opts.metadata ?? WON,
    userId: opts.userId ?? env.manager,
    viewId: opts.id ?? viewId(),
    values: values as StateValues,
  });
}

/** The modal stays open with this error under this block; nothing stored. */
function expectFieldError(res: SlackHttpResponse, block: string, message: string) {
  expect(res.status, res.body).toBe(200);
  expect(res.json, res.body).toMatchObject({ response_action: "errors" });
  const errors = (res.json as { errors: Record<string, string> }).errors;
  expect(errors[block], res.body).toContain(message);
}

const formCase = (
  category: string,
  name: string,
  run: (env: SlackEnv) => Promise<void>,
): BadCase<SlackEnv> => ({
  entry: "Slack /slack/events",
  category,
  name,
  run: async (env) => {
    await run(env);
    return undefined;
  },
});

function ledgerCases(): Array<BadCase<SlackEnv>> {
  const cases: Array<BadCase<SlackEnv>> = [];
  const bad = "is not an amount";
  const values: Array<[string, string, string]> = [
    ["-5", "-5", bad],
    ["1e21", "1e21", bad],
    ["NaN", "NaN", bad],
    ["Infinity", "Infinity", bad],
    ["15 digits", "123456789012345", bad],
    ["1,200.50", "1,200.50", bad],
    ["SQL", INJECTIONS.SQL, bad],
  ];
  for (const [label, value, message] of values) {
    cases.push(
      formCase(
        "huge numbers / NaN / negative",
        `ledger form value ${label} → field error "${message}"`,
        async (env) => {
          expectFieldError(
            await submitLedger(env, ledgerValues(env, { value })),
            LEDGER_BLOCK.value,
            message,
          );
        },
      ),
    );
  }
  const dates: Array<[string, string, string]> = [
    ["9999-12-31", "9999-12-31", "The date cannot be in the future"],
    ["2026-03-31 (tomorrow)", "2026-03-31", "The date cannot be in the future"],
    ["2026-02-30", "2026-02-30", "That is not a date."],
    ["a path", "../../etc", "That is not a date."],
  ];
  for (const [label, date, message] of dates) {
    cases.push(
      formCase(
        "far-future / impossible dates",
        `ledger form date ${label} → field error "${message}"`,
        async (env) => {
          expectFieldError(await submitLedger(env, ledgerValues(env, { date })), LEDGER_BLOCK.date, message);
        },
      ),
    );
  }
  cases.push(
    formCase(
      "injection strings",
      'ledger form reason "<!channel>" → field error "That is not a reason"',
      async (env) => {
        expectFieldError(
          await submitLedger(env, ledgerValues(env, { reason: INJECTIONS["Slack mention"] })),
          LEDGER_BLOCK.reason,
          "That is not a reason for a customer won",
        );
      },
    ),
    formCase(
      "injection strings",
      'ledger form note with a NUL byte → field error "contains a NUL character"',
      async (env) => {
        expectFieldError(
          await submitLedger(env, ledgerValues(env, { note: NUL })),
          LEDGER_BLOCK.note,
          "contains a NUL character",
        );
      },
    ),
    formCase(
      "injection strings",
      'ledger form customer name with a NUL byte → field error "contains a NUL character"',
      async (env) => {
        expectFieldError(
          await submitLedger(env, ledgerValues(env, { newName: NUL })),
          LEDGER_BLOCK.newName,
          "contains a NUL character",
        );
      },
    ),
    formCase(
      "wrong types",
      'ledger form value as a number, not text → field error "not understood"',
      async (env) => {
        const values = ledgerValues(env, { newName: "Typed" }) as unknown as Record<
          string,
          Record<string, Record<string, unknown>>
        >;
        (values[LEDGER_BLOCK.value] as Record<string, Record<string, unknown>>)[LEDGER_INPUT.value] = {
          type: "plain_text_input",
          value: 1200,
        };
        expectFieldError(
          await submitLedger(env, values),
          LEDGER_BLOCK.value,
          "This value was not understood",
        );
      },
    ),
    formCase(
      "wrong types",
      "ledger form state.values as a string → field error, nothing stored",
      async (env) => {
        const res = await submitLedger(env, "DROP TABLE customer");
        expect(res.status, res.body).toBe(200);
        expect(res.json).toMatchObject({ response_action: "errors" });
      },
    ),
    formCase(
      "wrong types",
      'ledger form customer "segment:<id>" in the customer picker → "not understood"',
      async (env) => {
        const values = ledgerValues(env, { newName: null }) as Record<string, Record<string, unknown>>;
        (values[LEDGER_BLOCK.customer] as Record<string, unknown>)[LOOKUP.customer] = field.externalSelect(
          `segment:${env.segmentId}`,
        );
        expectFieldError(
          await submitLedger(env, values),
          LEDGER_BLOCK.customer,
          "This value was not understood",
        );
      },
    ),
    formCase(
      "wrong types",
      'ledger form for a customer id that does not exist → "no longer exists"',
      async (env) => {
        const values = ledgerValues(env, { newName: null }) as Record<string, Record<string, unknown>>;
        (values[LEDGER_BLOCK.customer] as Record<string, unknown>)[LOOKUP.customer] = field.externalSelect(
          "customer:00000000-0000-0000-0000-000000000000",
        );
        expectFieldError(
          await submitLedger(env, values),
          LEDGER_BLOCK.customer,
          "That customer no longer exists",
        );
      },
    ),
    formCase("missing fields", 'ledger form without a value → "Give the annual value"', async (env) => {
      expectFieldError(
        await submitLedger(env, ledgerValues(env, { value: null })),
        LEDGER_BLOCK.value,
        "Give the annual value",
      );
    }),
    formCase("missing fields", 'ledger form without a date → "Pick the date."', async (env) => {
      expectFieldError(
        await submitLedger(env, ledgerValues(env, { date: null })),
        LEDGER_BLOCK.date,
        "Pick the date.",
      );
    }),
    formCase("missing fields", 'ledger form with no values at all → "Pick a customer"', async (env) => {
      expectFieldError(await submitLedger(env, {}), LEDGER_BLOCK.customer, "Pick a customer");
    }),
    formCase(
      "forged / outdated form",
      'ledger form with forged private_metadata → "expired"',
      async (env) => {
        const res = await submitLedger(env, ledgerValues(env, {}), {
          metadata: '{"v":1,"direction":"stolen"}',
        });
        expect(res.status).toBe(200);
        expect(res.json).toMatchObject({ response_action: "errors" });
        expect(JSON.stringify(res.json)).toMatch(/expired|open it again|out of date/i);
      },
    ),
    formCase(
      "missing auth",
      'ledger form submitted by an employee → "needs the manager role"',
      async (env) => {
        const res = await submitLedger(env, ledgerValues(env, {}), { userId: env.employee });
        expect(res.status).toBe(200);
        expect(res.json).toMatchObject({ response_action: "errors" });
        expect(JSON.stringify(res.json)).toMatch(/manager/i);
      },
    ),
  );
  // Free text accepted verbatim: the customer's name and the note.
  for (const [label, text] of Object.entries(INJECTIONS)) {
    for (const column of ["newName", "note"] as const) {
      cases.push({
        entry: "Slack /slack/events",
        category: ACCEPTED_AS_TEXT,
        name: `ledger form ${column === "newName" ? "new customer name" : "note"} = ${label} is stored verbatim`,
        run: async (env) => {
          const value = `${text} ${viewId()}`;
          const id = viewId();
          // A new customer each time: a second "Acme" would be refused as already existing.
          const values = ledgerValues(env, { newName: `Customer ${id}`, [column]: value });
          const res = await submitLedger(env, values, { id });
          expect(res.status, res.body).toBe(200);
          expect(res.body).toBe("");
          const m = await env.h.db.prisma.customerMovement.findFirstOrThrow({
            where: { idempotencyKey: `slack:${id}` },
            include: { customer: true },
          });
          expect(column === "newName" ? m.customer.name : m.note).toBe(value);
          return { customer_movement: 1, customer: 1, audit_event: 1 };
        },
      });
    }
  }
  // A submission replayed (same view id): stored once.
  cases.push({
    entry: "Slack /slack/events",
    category: "replayed request",
    name: "the same ledger submission twice (same view id) → both 200, stored once",
    run: async (env) => {
      const id = viewId();
      const values = ledgerValues(env, { newName: `Replay ${id}` });
      expect((await submitLedger(env, values, { id })).status).toBe(200);
      const count = await env.h.db.prisma.customerMovement.count();
      const again = await submitLedger(env, values, { id });
      expect(again.status).toBe(200);
      expect(await env.h.db.prisma.customerMovement.count()).toBe(count);
      return { customer_movement: 1, customer: 1, audit_event: 1 };
    },
  });
  return cases;
}

function voiceValues(text: string | null, over: Record<string, unknown> = {}): StateValues {
  return stateValues({
    [VOICE_BLOCK.source]: { [VOICE_INPUT.source]: field.select("employee") },
    [VOICE_BLOCK.text]: { [VOICE_INPUT.text]: field.text(text) },
    [VOICE_BLOCK.stage]: { [VOICE_INPUT.stage]: field.select(null) },
    [VOICE_BLOCK.subject]: { [LOOKUP.subject]: field.externalSelect(null) },
    [VOICE_BLOCK.sentiment]: { [VOICE_INPUT.sentiment]: field.radio(null) },
    [VOICE_BLOCK.anonymous]: { [VOICE_INPUT.anonymous]: field.checkboxes([]) },
    ...over,
  });
}

function submitVoice(env: SlackEnv, values: StateValues, id = viewId()) {
  return env.h.slack.viewSubmission({
    callbackId: VOICE.modal,
    privateMetadata: JSON.stringify({ v: 1, permalink: null }),
    userId: env.employee,
    viewId: id,
    values,
  });
}

function voiceCases(): Array<BadCase<SlackEnv>> {
  const cases: Array<BadCase<SlackEnv>> = [];
  for (const [label, text] of Object.entries(INJECTIONS)) {
    cases.push({
      entry: "Slack /slack/events",
      category: ACCEPTED_AS_TEXT,
      name: `voice note text = ${label} is stored verbatim`,
      run: async (env) => {
        const value = `${text} ${viewId()}`;
        const res = await submitVoice(env, voiceValues(value));
        expect(res.status, res.body).toBe(200);
        const note = await env.h.db.prisma.voiceNote.findFirstOrThrow({ where: { text: value } });
        expect(note.text).toBe(value);
        return { voice_note: 1 };
      },
    });
  }
  cases.push(
    formCase(
      "injection strings",
      'voice note text with a NUL byte → field error "contains a NUL character"',
      async (env) => {
        expectFieldError(
          await submitVoice(env, voiceValues(NUL)),
          VOICE_BLOCK.text,
          "contains a NUL character",
        );
      },
    ),
    formCase("oversized body", 'voice note of 3001 characters → field error "3000"', async (env) => {
      expectFieldError(await submitVoice(env, voiceValues("v".repeat(3001))), VOICE_BLOCK.text, "3000");
    }),
    formCase("missing fields", "voice note without text → field error", async (env) => {
      const res = await submitVoice(env, voiceValues(null));
      expect(res.json, res.body).toMatchObject({
        response_action: "errors",
        errors: { [VOICE_BLOCK.text]: expect.any(String) },
      });
    }),
    formCase("wrong types", 'voice note sentiment "<script>" → field error', async (env) => {
      const res = await submitVoice(
        env,
        voiceValues("fine", {
          [VOICE_BLOCK.sentiment]: { [VOICE_INPUT.sentiment]: field.radio(INJECTIONS["script/HTML"]) },
        }),
      );
      expect(res.json, res.body).toMatchObject({
        response_action: "errors",
        errors: { [VOICE_BLOCK.sentiment]: expect.any(String) },
      });
    }),
    formCase("wrong types", "voice note text as an object → field error", async (env) => {
      const res = await submitVoice(
        env,
        voiceValues(null, {
          [VOICE_BLOCK.text]: { [VOICE_INPUT.text]: { type: "plain_text_input", value: { $ne: 1 } } },
        }),
      );
      expect(res.json, res.body).toMatchObject({ response_action: "errors" });
    }),
  );
  return cases;
}

/** Stored text carrying mention syntax is shown escaped where the bot posts it to a channel. */
function mentionCases(): Array<BadCase<SlackEnv>> {
  return [
    {
      entry: "Slack /slack/events",
      category: "injection: mention in stored text",
      name: "a segment named <!channel> from the ledger form is shown in the digest preview as text, not as a mention",
      run: async (env) => {
        const id = viewId();
        const segment = `<!channel> <@U0ADMIN> team ${id}`;
        const values = ledgerValues(env, { newName: `Customer ${id}` }) as unknown as Record<
          string,
          Record<string, unknown>
        >;
        (values[LEDGER_BLOCK.segment] as Record<string, unknown>)[LOOKUP.segment] =
          field.externalSelect(null);
        (values[LEDGER_BLOCK.newSegment] as Record<string, unknown>)[LEDGER_INPUT.newSegment] =
          field.text(segment);
        const saved = await submitLedger(env, values, { id });
        expect(saved.body).toBe("");
        const stored = await env.h.db.prisma.segment.findFirstOrThrow({ where: { name: segment } });
        expect(stored.name).toBe(segment);
        const res = await env.h.slack.command({ command: "/cx", text: "digest preview", user_id: "UEXEC" });
        expect(res.status, res.body).toBe(200);
        expect(res.body).toContain(`&lt;!channel&gt; &lt;@U0ADMIN&gt; team ${id}`);
        expect(res.body).not.toMatch(/<!channel>|<@U0ADMIN>/);
        return { customer_movement: 1, customer: 1, segment: 1, audit_event: 1 };
      },
    },
  ];
}

/**
 * Signed payloads whose shape is wrong: the app answers without failing and stores nothing.
 * (A view submission without `user` or `view` gets a 500 from inside Bolt, whose own code reads
 * body.user.id and body.view.callback_id; only Slack could sign one, so it is reported rather
 * than worked around here.)
 */
function shapeCases(): Array<BadCase<SlackEnv>> {
  const form = (payload: unknown) => `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const shapes: Array<[string, (env: SlackEnv) => string, string]> = [
    [
      "a block action without actions",
      (env) => form({ ...blockAction({ actionId: "x", userId: env.employee }), actions: undefined }),
      FORM,
    ],
    [
      "a block action whose actions is a string",
      (env) => form({ ...blockAction({ actionId: "x", userId: env.employee }), actions: "DROP" }),
      FORM,
    ],
    [
      "a payload of an unknown type",
      () => form({ type: "'; DROP TABLE voice_note; --", team: { id: "T0001" } }),
      FORM,
    ],
    ["a payload that is a JSON array", () => form([1, 2, 3]), FORM],
    ["a command without user_id", () => "command=%2Fcx&text=won&team_id=T0001", FORM],
    [
      "an event without its event",
      () => JSON.stringify({ type: "event_callback", team_id: "T0001", event_id: "Ev1" }),
      "application/json",
    ],
    [
      "an event of an unknown type",
      (env) => JSON.stringify(eventCallback({ type: "<script>", user: env.employee })),
      "application/json",
    ],
  ];
  return shapes.map(([label, body, type]) =>
    refusal("wrong types", `${label} → answered (2xx or 4xx), no 500, nothing stored`, async (env) => {
      const res = await signedPost(env, body(env), type);
      expect(res.status, `${res.status} ${res.text}`).toBeLessThan(500);
    }),
  );
}

/** Searches typed into the customer and segment pickers: plain text to match, never SQL. */
function searchCases(): Array<BadCase<SlackEnv>> {
  const searches: Record<string, string> = {
    ...INJECTIONS,
    "LIKE wildcards": "%_%",
    "a backslash": "\\",
    "a NUL byte": NUL,
    "500 characters": "q".repeat(500),
  };
  return Object.entries(searches).flatMap(([label, value]) =>
    [LOOKUP.customer, LOOKUP.subject].map((actionId) =>
      refusal(
        "injection strings",
        `picker ${actionId} search = ${label} → 200, only literal matches`,
        async (env) => {
          const res = await env.h.slack.options({ actionId, blockId: "b", value, userId: env.manager });
          expect(res.status, res.body).toBe(200);
          // Whatever is listed holds the search literally (earlier cases stored such names); a
          // wildcard or injected SQL would list rows that do not.
          const ids = [...res.body.matchAll(/"(customer|segment):([0-9a-f-]{36})"/g)];
          const needle = value.trim().toLowerCase();
          for (const [, kind, id] of ids) {
            const texts =
              kind === "customer"
                ? await env.h.db.prisma.customer
                    .findUniqueOrThrow({ where: { id } })
                    .then((c) => [c.name, c.externalId])
                : await env.h.db.prisma.segment.findUniqueOrThrow({ where: { id } }).then((g) => [g.name]);
            expect(
              texts.some((t) => t.toLowerCase().includes(needle)),
              `${kind} ${texts.join(" / ")}`,
            ).toBe(true);
          }
          if (label === "a NUL byte" || label === "500 characters" || label === "LIKE wildcards")
            expect(ids).toEqual([]);
        },
      ),
    ),
  );
}

function commandCases(): Array<BadCase<SlackEnv>> {
  const cases: Array<BadCase<SlackEnv>> = [];
  for (const [label, text] of Object.entries({ ...INJECTIONS, "NUL byte": NUL })) {
    cases.push(
      formCase(
        "injection strings",
        `/cx ${label} → a private "did you mean" reply that pings nobody`,
        async (env) => {
          const res = await env.h.slack.command({ command: "/cx", text, user_id: env.employee });
          expect(res.status, res.body).toBe(200);
          const reply = JSON.stringify(res.json ?? (await env.h.fake.waitForResponse()));
          expect(reply).not.toContain("in_channel");
          // An echo of <!channel> or <@U…> into mrkdwn would notify people.
          expect(reply).not.toMatch(/<!channel>|<!here|<@U0ADMIN>/);
        },
      ),
    );
  }
  cases.push(
    formCase(
      "wrong types",
      'a block action with an unknown action id → private "older version" reply',
      async (env) => {
        const res = await env.h.slack.blockAction({
          actionId: "'; DROP TABLE alert; --",
          userId: env.employee,
          value: "x",
        });
        expect(res.status).toBe(200);
        expect(JSON.stringify(await env.h.fake.waitForResponse())).toContain("older version of RightToGrow");
      },
    ),
    formCase(
      "forged / outdated form",
      'a view submission with an unknown callback id → "older version"',
      async (env) => {
        const res = await env.h.slack.viewSubmission({
          callbackId: "<script>x</script>",
          userId: env.employee,
        });
        expect(res.status).toBe(200);
        expect(JSON.stringify(res.json)).toContain("older version");
      },
    ),
  );
  return cases;
}

export function slackCases(): Array<BadCase<SlackEnv>> {
  return [
    ...signatureCases(),
    ...transportCases(),
    ...ledgerCases(),
    ...voiceCases(),
    ...mentionCases(),
    ...shapeCases(),
    ...searchCases(),
    ...commandCases(),
  ];
}
