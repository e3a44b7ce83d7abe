import { expect } from "vitest";
import type { Database } from "../../src/data/database.js";
import { MOVEMENT_COLUMNS, RESPONSE_COLUMNS } from "../../src/import/csv-rows.js";
import {
  ACCEPTED_AS_TEXT,
  type Added,
  type BadCase,
  expectOnly,
  INJECTIONS,
  NUL,
  type RawResponse,
  rawPost,
  snapshot,
} from "./kit.js";

// Bad input to the HTTP ingestion API (POST /api/v1/movements and /api/v1/responses), generated
// from its fields: every field × wrong types, every required field left out, every constrained
// field × injection strings, every free-text field × injection strings (stored verbatim), plus
// the envelope: auth, content type, size, malformed JSON, duplicate keys, invalid UTF-8, replays.

export interface ApiEnv {
  db: Database;
  port: number;
  secret: string;
  revokedSecret: string;
  workspaceId: string;
  /** Body limit the router was started with. */
  maxBodyBytes: number;
}

type Kind = "movements" | "responses";
const PATH: Record<Kind, string> = { movements: "/api/v1/movements", responses: "/api/v1/responses" };

let serial = 0;
const unique = (prefix: string) => `${prefix}-${++serial}`;

export const validMovement = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: unique("bad-m"),
  occurred_at: "2026-03-02T10:00:00Z",
  customer_id: unique("cust"),
  customer_name: "Acme",
  segment: "SMB",
  type: "gained",
  value: 1200.5,
  reason: "referral",
  ...over,
});

export const validResponse = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: unique("bad-r"),
  responded_at: "2026-03-02T10:00:00Z",
  kind: "nps",
  score: 9,
  segment: "SMB",
  comment: "Fine",
  ...over,
});

const valid = (kind: Kind, over: Record<string, unknown> = {}) =>
  kind === "movements" ? validMovement(over) : validResponse(over);

const json = (env: ApiEnv, headers: Record<string, string> = {}) => ({
  authorization: `Bearer ${env.secret}`,
  "content-type": "application/json",
  ...headers,
});

function send(
  env: ApiEnv,
  kind: Kind,
  body: unknown,
  headers?: Record<string, string>,
  opts?: { chunked?: boolean; method?: string },
): Promise<RawResponse> {
  const bytes = typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  return rawPost(env.port, PATH[kind], bytes, json(env, headers), opts);
}

/** The answer is this status, with an error naming the problem and, when given, the field's issue. */
function expectRefusal(
  res: RawResponse,
  status: number,
  error: string,
  issue?: { path: Array<string | number>; message: string },
): void {
  expect(res.status, res.text).toBe(status);
  expect(res.json?.error, res.text).toEqual(expect.stringContaining(error));
  if (issue) {
    expect(res.json?.issues, res.text).toEqual(
      expect.arrayContaining([{ path: issue.path, message: expect.stringContaining(issue.message) }]),
    );
  }
}

const ONE_PROBLEM = "1 problem in the request; nothing was stored.";

const WRONG_TYPES: Record<string, unknown> = {
  boolean: true,
  object: { $gt: "" },
  array: ["gained"],
};

const REQUIRED: Record<Kind, Record<string, string>> = {
  movements: {
    occurred_at: "is required: an ISO 8601 time",
    customer_id: "is required (the customer's id",
    segment: "is required (for example SMB)",
    type: "must be one of gained, lost",
    value: "is required for a gained movement",
  },
  responses: {
    responded_at: "is required: an ISO 8601 time",
    kind: "must be nps, csat or ces",
    score: "is required",
  },
};

/** Fields with a closed set of values: any injection string is refused with this message. */
const CONSTRAINED: Record<Kind, Record<string, string>> = {
  movements: {
    occurred_at: "is not an ISO 8601 time",
    type: "must be one of gained, lost",
    value: "is not a non-negative amount",
    currency: "must be a three-letter currency code",
    reason: "must be a reason code such as price or referral",
  },
  responses: {
    responded_at: "is not an ISO 8601 time",
    kind: "must be nps, csat or ces",
    score: "must be a whole number",
  },
};

/** Free-text fields: stored as given; where they are stored and how to read them back. */
const FREE_TEXT: Record<Kind, string[]> = {
  movements: ["id", "customer_id", "customer_name", "segment", "note"],
  responses: ["id", "customer_id", "segment", "comment"],
};

async function storedMovement(env: ApiEnv, idempotencyKey: string) {
  return env.db.prisma.customerMovement.findFirstOrThrow({
    where: { workspaceId: env.workspaceId, idempotencyKey },
    include: { customer: true, segment: true },
  });
}

async function storedResponse(env: ApiEnv, idempotencyKey: string) {
  return env.db.prisma.surveyResponse.findFirstOrThrow({
    where: { workspaceId: env.workspaceId, idempotencyKey },
    include: { customer: true, segment: true },
  });
}

/** A movement or answer carrying `text` in `field` is stored with exactly that text. */
function acceptedAsText(kind: Kind, field: string, label: string, text: string): BadCase<ApiEnv> {
  return {
    entry: "HTTP API",
    category: ACCEPTED_AS_TEXT,
    name: `${kind}.${field} = ${label} is stored verbatim (201)`,
    run: async (env) => {
      // A customer_id or segment is a new customer or segment; an id is the idempotency key.
      // A unique tail: the same string sent to another field or kind must not find its record.
      const value = `${text} ${unique("#")}`;
      const item = valid(kind, { [field]: value });
      const res = await send(env, kind, item);
      expect(res.status, res.text).toBe(201);
      const key = `api:${item.id as string}`;
      const added: Added = { audit_event: 1 };
      if (kind === "movements") {
        const m = await storedMovement(env, key);
        const got = {
          id: m.idempotencyKey.slice(4),
          customer_id: m.customer.externalId,
          customer_name: m.customer.name,
          segment: m.segment.name,
          note: m.note,
        };
        expect(got[field as keyof typeof got]).toBe(value);
        Object.assign(added, { customer_movement: 1, customer: 1 });
      } else {
        const r = await storedResponse(env, key);
        const got = {
          id: r.idempotencyKey.slice(4),
          customer_id: r.customer?.externalId,
          segment: r.segment?.name,
          comment: r.comment,
        };
        expect(got[field as keyof typeof got]).toBe(value);
        added.survey_response = 1;
        // An answer naming an unknown customer creates it, as the import does.
        if (field === "customer_id") added.customer = 1;
      }
      if (field === "segment") added.segment = 1;
      return added;
    },
  };
}

function fieldCases(kind: Kind): Array<BadCase<ApiEnv>> {
  const cases: Array<BadCase<ApiEnv>> = [];
  const columns: readonly string[] = kind === "movements" ? MOVEMENT_COLUMNS : RESPONSE_COLUMNS;
  for (const field of columns) {
    for (const [label, value] of Object.entries(WRONG_TYPES)) {
      cases.push({
        entry: "HTTP API",
        category: "wrong types",
        name: `${kind}.${field} as ${label} → 400 "must be a string, a number or null"`,
        run: async (env) => {
          const res = await send(env, kind, valid(kind, { [field]: value }));
          expectRefusal(res, 400, ONE_PROBLEM, {
            path: [field],
            message: "must be a string, a number or null",
          });
          return undefined;
        },
      });
    }
  }
  for (const [field, message] of Object.entries(REQUIRED[kind])) {
    cases.push({
      entry: "HTTP API",
      category: "missing fields",
      name: `${kind} without ${field} → 400 "${message}"`,
      run: async (env) => {
        const item = valid(kind);
        delete item[field];
        expectRefusal(await send(env, kind, item), 400, "in the request; nothing was stored", {
          path: [field],
          message,
        });
        return undefined;
      },
    });
  }
  for (const [field, message] of Object.entries(CONSTRAINED[kind])) {
    for (const [label, text] of Object.entries({ ...INJECTIONS, "NUL byte": NUL })) {
      cases.push({
        entry: "HTTP API",
        category: "injection strings",
        name: `${kind}.${field} = ${label} → 400 "${message}"`,
        run: async (env) => {
          expectRefusal(await send(env, kind, valid(kind, { [field]: text })), 400, ONE_PROBLEM, {
            path: [field],
            message,
          });
          return undefined;
        },
      });
    }
  }
  for (const field of FREE_TEXT[kind]) {
    for (const [label, text] of Object.entries(INJECTIONS))
      cases.push(acceptedAsText(kind, field, label, text));
  }
  // touchpoint is free text too, but stored lower-cased: only its refusals are checked.
  for (const field of [...FREE_TEXT[kind], ...(kind === "responses" ? ["touchpoint"] : [])]) {
    cases.push({
      entry: "HTTP API",
      category: "injection strings",
      name: `${kind}.${field} with a NUL byte → 400 "contains a NUL character"`,
      run: async (env) => {
        expectRefusal(await send(env, kind, valid(kind, { [field]: NUL })), 400, ONE_PROBLEM, {
          path: [field],
          message: "contains a NUL character",
        });
        return undefined;
      },
    });
    cases.push({
      entry: "HTTP API",
      category: "invalid UTF-8",
      name: `${kind}.${field} with the byte 0xFF → 400 "is not valid UTF-8"`,
      run: async (env) => {
        const text = JSON.stringify(valid(kind, { [field]: "caf\u00e9 MARKER" }));
        const body = Buffer.from(text, "utf8");
        const at = body.indexOf("MARKER");
        body[at] = 0xff;
        expectRefusal(await send(env, kind, body), 400, ONE_PROBLEM, {
          path: [field],
          message: "is not valid UTF-8",
        });
        return undefined;
      },
    });
    cases.push({
      entry: "HTTP API",
      category: "invalid UTF-8",
      name: `${kind}.${field} with a lone surrogate (\\ud800) → 400 "is not valid UTF-8"`,
      run: async (env) => {
        const body = JSON.stringify(valid(kind, { [field]: "LONE" })).replace("LONE", "x\\ud800y");
        expectRefusal(await send(env, kind, body), 400, ONE_PROBLEM, {
          path: [field],
          message: "is not valid UTF-8",
        });
        return undefined;
      },
    });
  }
  return cases;
}

const numberCase = (
  kind: Kind,
  field: string,
  label: string,
  value: unknown,
  message: string,
  category = "huge numbers / NaN / negative",
): BadCase<ApiEnv> => ({
  entry: "HTTP API",
  category,
  name: `${kind}.${field} = ${label} → 400 "${message}"`,
  run: async (env) => {
    const body =
      typeof value === "symbol"
        ? JSON.stringify(valid(kind, { [field]: 0 }))
        : valid(kind, { [field]: value });
    const text =
      typeof value === "symbol"
        ? (body as string).replace(`"${field}":0`, `"${field}":${value.description}`)
        : body;
    expectRefusal(await send(env, kind, text), 400, ONE_PROBLEM, { path: [field], message });
    return undefined;
  },
});

// A JSON literal that JSON.stringify cannot produce (1e400 parses as Infinity).
const literal = (text: string) => Symbol(text);

function numberCases(): Array<BadCase<ApiEnv>> {
  const amount = "is not a non-negative amount with at most two decimals";
  const score = "must be a whole number";
  const future = "is in the future (later than 2026-03-11T12:00:00.000Z)";
  return [
    numberCase("movements", "value", "-5", -5, amount),
    numberCase("movements", "value", '"-0.01"', "-0.01", amount),
    numberCase("movements", "value", '"NaN"', "NaN", amount),
    numberCase("movements", "value", '"Infinity"', "Infinity", amount),
    numberCase("movements", "value", "1e21", 1e21, amount),
    numberCase("movements", "value", '"1e5"', "1e5", amount),
    numberCase("movements", "value", "12.345", 12.345, amount),
    numberCase("movements", "value", "15 digits", "123456789012345", amount),
    numberCase(
      "movements",
      "value",
      "1e400 (JSON Infinity)",
      literal("1e400"),
      "must be a string, a number or null",
    ),
    numberCase("movements", "value", '"0x10"', "0x10", amount),
    numberCase("responses", "score", "11 for NPS", 11, "is out of range for NPS (0–10)"),
    numberCase("responses", "score", "-1", -1, score),
    numberCase("responses", "score", "9.5", 9.5, score),
    numberCase("responses", "score", '"NaN"', "NaN", score),
    numberCase("responses", "score", "1e3", 1e3, score),
    numberCase(
      "responses",
      "score",
      "-1e400 (JSON -Infinity)",
      literal("-1e400"),
      "must be a string, a number or null",
    ),
    numberCase(
      "movements",
      "occurred_at",
      '"9999-12-31"',
      "9999-12-31",
      future,
      "far-future / impossible dates",
    ),
    numberCase(
      "movements",
      "occurred_at",
      '"2999-01-01T00:00:00Z"',
      "2999-01-01T00:00:00Z",
      future,
      "far-future / impossible dates",
    ),
    numberCase(
      "responses",
      "responded_at",
      '"2100-01-01"',
      "2100-01-01",
      future,
      "far-future / impossible dates",
    ),
    numberCase(
      "movements",
      "occurred_at",
      '"2026-02-30"',
      "2026-02-30",
      "is not an ISO 8601 time",
      "far-future / impossible dates",
    ),
    numberCase(
      "movements",
      "occurred_at",
      '"+275760-09-13T00:00:00Z"',
      "+275760-09-13T00:00:00Z",
      "is not an ISO 8601 time",
      "far-future / impossible dates",
    ),
    numberCase(
      "movements",
      "occurred_at",
      "epoch millis 1772445600000",
      1772445600000,
      "is not an ISO 8601 time",
      "far-future / impossible dates",
    ),
    numberCase(
      "responses",
      "responded_at",
      '"2026-13-01T00:00:00Z"',
      "2026-13-01T00:00:00Z",
      "is not an ISO 8601 time",
      "far-future / impossible dates",
    ),
  ];
}

const envelope = (category: string, name: string, run: (env: ApiEnv) => Promise<void>): BadCase<ApiEnv> => ({
  entry: "HTTP API",
  category,
  name,
  run: async (env) => {
    await run(env);
    return undefined;
  },
});

function envelopeCases(): Array<BadCase<ApiEnv>> {
  const noToken = "Send an API token: Authorization: Bearer rtg_";
  const unknown = "Unknown or revoked API token.";
  const notJson = "The body is not valid JSON";
  return [
    // Missing or wrong credentials.
    envelope("missing auth", 'no Authorization header → 401 "Send an API token"', async (env) => {
      const res = await rawPost(env.port, PATH.movements, JSON.stringify(validMovement()), {
        "content-type": "application/json",
      });
      expectRefusal(res, 401, noToken);
      expect(res.headers["www-authenticate"]).toContain("Bearer");
    }),
    envelope("missing auth", 'Basic credentials → 401 "Send an API token"', async (env) => {
      const res = await send(env, "movements", validMovement(), {
        authorization: `Basic ${Buffer.from(`x:${env.secret}`).toString("base64")}`,
      });
      expectRefusal(res, 401, noToken);
    }),
    envelope("missing auth", 'empty Bearer → 401 "Send an API token"', async (env) => {
      expectRefusal(
        await send(env, "responses", validResponse(), { authorization: "Bearer " }),
        401,
        noToken,
      );
    }),
    envelope("forged / revoked token", 'unknown token → 401 "Unknown or revoked API token."', async (env) => {
      const res = await send(env, "movements", validMovement(), {
        authorization: "Bearer rtg_forged0000000000",
      });
      expectRefusal(res, 401, unknown);
    }),
    envelope(
      "forged / revoked token",
      'token with one character changed → 401 "Unknown or revoked"',
      async (env) => {
        const last = env.secret.at(-1) === "a" ? "b" : "a";
        const res = await send(env, "movements", validMovement(), {
          authorization: `Bearer ${env.secret.slice(0, -1)}${last}`,
        });
        expectRefusal(res, 401, unknown);
      },
    ),
    envelope("forged / revoked token", 'revoked token → 401 "Unknown or revoked API token."', async (env) => {
      const res = await send(env, "responses", validResponse(), {
        authorization: `Bearer ${env.revokedSecret}`,
      });
      expectRefusal(res, 401, unknown);
    }),
    envelope("forged / revoked token", 'SQL in the token → 401 "Unknown or revoked"', async (env) => {
      const res = await send(env, "movements", validMovement(), { authorization: "Bearer '||'1'='1" });
      expectRefusal(res, 401, unknown);
    }),
    // Content types.
    ...[
      ["text/plain", "movements"],
      ["application/xml", "movements"],
      ["application/x-www-form-urlencoded", "responses"],
      ["multipart/form-data; boundary=x", "responses"],
    ].map(([type, kind]) =>
      envelope("wrong content type", `${kind} as ${type} → 415 "Send JSON"`, async (env) => {
        const res = await send(env, kind as Kind, valid(kind as Kind), { "content-type": type as string });
        expectRefusal(res, 415, "Send JSON (Content-Type: application/json)");
      }),
    ),
    // Size.
    envelope("oversized body", 'announced Content-Length over the limit → 413 "larger than"', async (env) => {
      const big = validMovement({ note: "x".repeat(env.maxBodyBytes) });
      const res = await send(env, "movements", big);
      expectRefusal(res, 413, `The body is larger than ${env.maxBodyBytes} bytes`);
    }),
    envelope(
      "oversized body",
      'chunked body over the limit, no Content-Length → 413 "larger than"',
      async (env) => {
        const big = { items: Array.from({ length: 200 }, () => validMovement({ note: "y".repeat(1000) })) };
        const res = await send(env, "movements", big, {}, { chunked: true });
        expectRefusal(res, 413, `The body is larger than ${env.maxBodyBytes} bytes`);
      },
    ),
    envelope("oversized body", 'batch of 1001 items → 400 "at most 1000"', async (env) => {
      const res = await send(env, "responses", { items: Array.from({ length: 1001 }, () => ({})) });
      expectRefusal(res, 400, ONE_PROBLEM, { path: ["items"], message: "holds at most 1000 items" });
    }),
    envelope(
      "oversized body",
      'Idempotency-Key of 201 characters → 400 "1 to 200 characters"',
      async (env) => {
        const res = await send(env, "responses", validResponse({ id: null }), {
          "idempotency-key": "k".repeat(201),
        });
        expectRefusal(res, 400, "Bad Idempotency-Key header", {
          path: ["headers", "idempotency-key"],
          message: "must be 1 to 200 characters",
        });
      },
    ),
    envelope("oversized body", 'note of 2001 characters → 400 "longer than 2000"', async (env) => {
      const res = await send(env, "movements", validMovement({ note: "z".repeat(2001) }));
      expectRefusal(res, 400, ONE_PROBLEM, { path: ["note"], message: "is longer than 2000 characters" });
    }),
    // Malformed bodies.
    ...[
      ["unterminated object", "{oops"],
      ["empty body", ""],
      ["trailing garbage", '{"type":"gained"} x'],
      ["single quotes", "{'type':'gained'}"],
      ["NaN literal", '{"value": NaN}'],
    ].map(([label, body]) =>
      envelope("malformed body", `${label} → 400 "${notJson}"`, async (env) => {
        expectRefusal(await send(env, "movements", body as string), 400, notJson);
      }),
    ),
    ...[
      ["null", "null"],
      ["a number", "42"],
      ["a string", '"gained"'],
      ["an array of items", "[{}]"],
    ].map(([label, body]) =>
      envelope("wrong types", `body is ${label} → 400 "must be a JSON object"`, async (env) => {
        expectRefusal(await send(env, "responses", body as string), 400, ONE_PROBLEM, {
          path: [],
          message: "must be a JSON object",
        });
      }),
    ),
    envelope("wrong types", 'items is an object → 400 "must be an array of items"', async (env) => {
      expectRefusal(await send(env, "movements", { items: { 0: validMovement() } }), 400, ONE_PROBLEM, {
        path: ["items"],
        message: "must be an array of items",
      });
    }),
    envelope("wrong types", 'an item of the batch is a string → 400 "must be a JSON object"', async (env) => {
      const res = await send(env, "movements", { items: [validMovement(), "DROP TABLE customer"] });
      expectRefusal(res, 400, ONE_PROBLEM, { path: ["items", 1], message: "must be a JSON object" });
    }),
    envelope("wrong types", 'a field naming another workspace → 400 "is not a field"', async (env) => {
      const res = await send(
        env,
        "movements",
        validMovement({ workspace_id: "00000000-0000-0000-0000-000000000000" }),
      );
      expectRefusal(res, 400, ONE_PROBLEM, {
        path: ["workspace_id"],
        message: "is not a field of a movement",
      });
    }),
    envelope("wrong types", '__proto__ field → 400 "is not a field"', async (env) => {
      const body = JSON.stringify(validMovement()).replace(/^\{/, '{"__proto__":{"admin":true},');
      expectRefusal(await send(env, "movements", body), 400, ONE_PROBLEM, {
        path: ["__proto__"],
        message: "is not a field of a movement",
      });
    }),
    envelope(
      "wrong types",
      "a batch with a bad second item stores neither → 400 naming items.1",
      async (env) => {
        const res = await send(env, "movements", {
          items: [validMovement(), validMovement({ type: "won" })],
        });
        expectRefusal(res, 400, ONE_PROBLEM, { path: ["items", 1, "type"], message: "must be one of" });
      },
    ),
    envelope("wrong types", 'a reason of the other direction → 422 "unknown gained reason"', async (env) => {
      const res = await send(env, "movements", validMovement({ reason: "price" }));
      expectRefusal(res, 422, "1 problem refused by the ledger; nothing was stored.", {
        path: ["reason"],
        message: 'unknown gained reason "price"',
      });
    }),
    envelope("wrong types", 'a movement in another currency → 422 "currency"', async (env) => {
      const res = await send(env, "movements", validMovement({ currency: "USD" }));
      expect(res.status, res.text).toBeGreaterThanOrEqual(400);
      expect(res.status, res.text).toBeLessThan(500);
      expect(JSON.stringify(res.json?.issues)).toContain("USD");
    }),
    // Invalid UTF-8 outside the fields.
    envelope("invalid UTF-8", 'invalid byte in a field name → 400 "is not a field"', async (env) => {
      const body = Buffer.from(JSON.stringify(validMovement()).replace("{", '{"nXte":"x",'), "utf8");
      body[body.indexOf("nXte") + 1] = 0xff;
      const res = await send(env, "movements", body);
      expect(res.status, res.text).toBe(400);
      expect(JSON.stringify(res.json?.issues)).toContain("is not a field of a movement");
    }),
    envelope("invalid UTF-8", 'truncated multi-byte sequence in type → 400 "must be one of"', async (env) => {
      const body = Buffer.from(JSON.stringify(validMovement({ type: "gainedX" })), "utf8");
      body[body.indexOf("gainedX") + 6] = 0xc3;
      expectRefusal(await send(env, "movements", body), 400, ONE_PROBLEM, {
        path: ["type"],
        message: "must be one of",
      });
    }),
    envelope(
      "invalid UTF-8",
      'overlong encoding of "/" (C0 AF) in a note → 400 "is not valid UTF-8"',
      async (env) => {
        const text = JSON.stringify(validMovement({ note: "..XX.." }));
        const at = Buffer.from(text, "utf8").indexOf("XX");
        const body = Buffer.from(text, "utf8");
        body[at] = 0xc0;
        body[at + 1] = 0xaf;
        expectRefusal(await send(env, "movements", body), 400, ONE_PROBLEM, {
          path: ["note"],
          message: "is not valid UTF-8",
        });
      },
    ),
    // Duplicate keys: JSON.parse would silently keep the last one.
    ...[
      ["type", '"type":"gained"', '"type":"gained","type":"lost"', "movements"],
      ["value", '"value":1200.5', '"value":1200.5,"value":"99999"', "movements"],
      ["score", '"score":9', '"score":9,"score":0', "responses"],
    ].map(([field, from, to, kind]) =>
      envelope(
        "duplicate keys",
        `${kind} naming ${field} twice → 400 "names the field \\"${field}\\" twice"`,
        async (env) => {
          const body = JSON.stringify(valid(kind as Kind)).replace(from as string, to as string);
          expect(body).toContain(to);
          expectRefusal(await send(env, kind as Kind, body), 400, `names the field "${field}" twice`, {
            path: [field as string],
            message: "is given more than once",
          });
        },
      ),
    ),
    envelope(
      "duplicate keys",
      "a batch item naming type twice, once escaped → 400 at items.1.type",
      async (env) => {
        const second = JSON.stringify(validMovement()).replace(
          '"type":"gained"',
          '"type":"gained","typ\\u0065":"lost"',
        );
        const body = `{"items":[${JSON.stringify(validMovement())},${second}]}`;
        expectRefusal(await send(env, "movements", body), 400, 'names the field "type" twice', {
          path: ["items", 1, "type"],
          message: "is given more than once",
        });
      },
    ),
    {
      entry: "HTTP API",
      category: "duplicate keys",
      name: 'no false alarm: equal keys in two items, and "\\"type\\": x" inside a note → 201, both stored',
      run: async (env) => {
        const body = `{"items":[${JSON.stringify(validMovement({ note: '"type": "lost"' }))},${JSON.stringify(validMovement())}]}`;
        const res = await send(env, "movements", body);
        expect(res.status, res.text).toBe(201);
        expect(res.json).toMatchObject({ inserted: 2 });
        return { customer_movement: 2, customer: 2, audit_event: 1 };
      },
    },
    envelope(
      "duplicate keys",
      'a batch naming items twice → 400 "names the field \\"items\\" twice"',
      async (env) => {
        const body = `{"items":[${JSON.stringify(validMovement())}],"items":[${JSON.stringify(validMovement())}]}`;
        expectRefusal(await send(env, "movements", body), 400, 'names the field "items" twice');
      },
    ),
    // Method and path.
    envelope("wrong method / path", 'GET → 405 "takes POST"', async (env) => {
      const res = await send(env, "movements", "", {}, { method: "GET" });
      expectRefusal(res, 405, "/api/v1/movements takes POST.");
    }),
    envelope("wrong method / path", 'DELETE → 405 "takes POST"', async (env) => {
      expectRefusal(await send(env, "responses", "", {}, { method: "DELETE" }), 405, "takes POST.");
    }),
    envelope("wrong method / path", 'path traversal in the URL → 404 "Not found"', async (env) => {
      const res = await rawPost(env.port, "/api/v1/../../etc/passwd", "{}", json(env));
      expect(res.status, res.text).toBe(404);
      expect(res.text).toMatch(/Not found|No such API endpoint/);
    }),
    // Replays: the same request again is stored once. The first send's rows are declared; the
    // replay itself must change nothing.
    {
      entry: "HTTP API",
      category: "replayed request",
      name: 'the same movement twice → 200 "duplicates": 1, stored once',
      run: async (env) => {
        const item = validMovement();
        expect((await send(env, "movements", item)).status).toBe(201);
        const before = await snapshot(env.db);
        const again = await send(env, "movements", item);
        expect(again.status, again.text).toBe(200);
        expect(again.json).toMatchObject({ inserted: 0, duplicates: 1 });
        expectOnly(before, await snapshot(env.db));
        return { customer_movement: 1, customer: 1, audit_event: 1 };
      },
    },
    {
      entry: "HTTP API",
      category: "replayed request",
      name: 'a replayed id with other content → 422 "different content"',
      run: async (env) => {
        const item = validResponse();
        expect((await send(env, "responses", item)).status).toBe(201);
        const before = await snapshot(env.db);
        const res = await send(env, "responses", { ...item, score: 0 });
        expectRefusal(res, 422, "refused by the ledger; nothing was stored", {
          path: ["id"],
          message: "different content",
        });
        expectOnly(before, await snapshot(env.db));
        return { survey_response: 1, audit_event: 1 };
      },
    },
  ];
}

export function apiCases(): Array<BadCase<ApiEnv>> {
  return [...fieldCases("movements"), ...fieldCases("responses"), ...numberCases(), ...envelopeCases()];
}
