import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

// A fake Slack Web API (plus response_url sink, file-upload endpoint and Socket Mode server) on
// 127.0.0.1, for tests that run the real @slack/web-api WebClient and @slack/bolt App offline.
//
//   const fake = await startFakeSlack();
//   const client = new WebClient("xoxb-test", { slackApiUrl: fake.url, retryConfig: FAST_RETRIES });
//   ...
//   afterEach(async () => { await fake.waitForQuiet(); fake.reset(); });
//   afterAll(() => fake.close());
//
// Every Web API call is recorded in `calls` (faulted and unknown methods too). Responses come, in
// order of precedence, from a fault queued with failNext(), a handler registered with on(), or the
// built-in default for the method.

/** Retry policy for every WebClient in tests: the library default retries 5xx for ~30 minutes. */
export const FAST_RETRIES = { retries: 2, minTimeout: 0, maxTimeout: 10 } as const;

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  token?: string;
  at: number;
  /** HTTP status the fake answered with (filled in once the response is decided). */
  status?: number;
  /** Set when the call was carried out but its answer lost (an "accept_then_*" fault). */
  answerLost?: "dropped" | "never";
}

export type Fault =
  | { kind: "rate_limited"; retryAfter: number }
  | { kind: "server_error"; status?: 500 | 503 }
  | { kind: "slack_error"; error: string }
  /**
   * Slack carries the call out (a message is posted and shows in the history) but the caller never
   * gets the answer: the connection is dropped, or left open and never answered. With `when`, it
   * waits at the head of the queue for the first call it matches (other calls pass).
   */
  | { kind: "accept_then_drop" | "accept_then_hang"; when?: (args: Record<string, unknown>) => boolean };

const losesAnswer = (
  f: Fault | undefined,
): f is Extract<Fault, { kind: "accept_then_drop" | "accept_then_hang" }> =>
  f?.kind === "accept_then_drop" || f?.kind === "accept_then_hang";

/** A message as conversations.history / conversations.replies return it. */
export type FakeMessage = Record<string, unknown> & { ts: string; thread_ts?: string };

export interface RawResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings and Buffers as they are. */
  body: unknown;
}

/**
 * Custom response for a method. Return the JSON body (`ok: true` is added when `ok` is missing),
 * a raw `{ status, headers?, body }` response, or undefined to fall back to the default response.
 */
export type MethodHandler = (
  args: Record<string, unknown>,
  call: RecordedCall,
) =>
  | Record<string, unknown>
  | RawResponse
  | undefined
  | Promise<Record<string, unknown> | RawResponse | undefined>;

export interface FakeUpload {
  fileId: string;
  /** Filename given to files.getUploadURLExternal (WebClient sends "Untitled" in the multipart part). */
  filename: string;
  /** Filename of the multipart part itself. */
  partFilename: string;
  bytes: Buffer;
  contentType: string;
  at: number;
}

/** A POST that Bolt's respond() (or anything else) made to a response_url from `responseUrl()`. */
export interface RecordedResponse {
  url: string;
  body: Record<string, unknown>;
  at: number;
}

export type SocketEnvelopeType = "slash_commands" | "interactive" | "events_api";

export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export interface SendEnvelopeOptions {
  envelopeId?: string;
  /** Default: true for slash_commands and interactive, false for events_api (as Slack does). */
  acceptsResponsePayload?: boolean;
  /** events_api only: `retry_attempt` / `retry_reason` at envelope level. */
  retryAttempt?: number;
  retryReason?: string;
  timeoutMs?: number;
}

export interface FakeUser {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  deleted: boolean;
  is_bot: boolean;
  is_admin: boolean;
  is_owner: boolean;
  is_primary_owner: boolean;
  is_restricted: boolean;
  is_ultra_restricted: boolean;
  tz: string;
  tz_label: string;
  tz_offset: number;
  locale: string;
  profile: { real_name: string; display_name: string; email?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export type FakeUserPatch = Partial<Omit<FakeUser, "profile">> & { profile?: Partial<FakeUser["profile"]> };

export interface FakeChannel {
  id: string;
  name: string;
  is_channel: boolean;
  is_private: boolean;
  is_im: boolean;
  is_member: boolean;
  is_archived: boolean;
  members: string[];
  [key: string]: unknown;
}

export interface OAuthTeam {
  teamId: string;
  teamName?: string;
  botUserId?: string;
  /** Who clicked Allow. */
  installerUserId?: string;
  enterpriseId?: string;
}

export interface FakeSlackOptions {
  teamId?: string;
  teamName?: string;
  teamDomain?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  /** Send Socket Mode `hello` on connect (default true). */
  socketHello?: boolean;
}

export interface FakeSlack {
  /** WebClient `slackApiUrl`, e.g. `http://127.0.0.1:PORT/api/`. */
  readonly url: string;
  /** `http://127.0.0.1:PORT` */
  readonly baseUrl: string;
  readonly port: number;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  readonly calls: RecordedCall[];
  readonly uploads: FakeUpload[];
  readonly responses: RecordedResponse[];
  readonly socketAcks: SocketAck[];
  /**
   * Messages chat.postMessage posted (those Slack accepted, answered or not), per channel in
   * order, replies included: what conversations.history and conversations.replies read.
   */
  messagesIn(channel: string): FakeMessage[];
  /** Open Socket Mode connections. */
  readonly socketConnections: number;

  callsTo(method: string): RecordedCall[];
  lastCall(method: string): RecordedCall | undefined;
  waitFor(
    method: string,
    predicate?: (call: RecordedCall) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedCall>;
  /** Resolves once nothing has arrived (and nothing is in flight) for `ms`. */
  waitForQuiet(ms?: number, maxWaitMs?: number): Promise<void>;
  /** Clears calls, uploads, responses, socket acks, faults and handlers (not users/groups/channels). */
  reset(): void;
  on(method: string, handler: MethodHandler): void;
  failNext(method: string, fault: Fault, times?: number): void;

  setUser(id: string, patch?: FakeUserPatch): FakeUser;
  setUsergroup(id: string, userIds: string[], opts?: { handle?: string; name?: string }): void;
  setChannel(id: string, patch?: Partial<FakeChannel>): FakeChannel;
  clearDirectory(): void;

  /**
   * A one-time OAuth code for `oauth.v2.access` (what Slack appends to the redirect after someone
   * approves the install): it grants a bot token of its own for `team`, which `auth.test` then
   * answers for. Returns the bot token the exchange will hand out. An unknown or used code gets
   * `invalid_code`, as from Slack.
   */
  grantOAuthCode(code: string, team: OAuthTeam): string;

  /** A fresh response_url on this server; POSTs to it are recorded in `responses`. */
  responseUrl(): string;
  waitForResponse(
    predicate?: (r: RecordedResponse) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedResponse>;

  sendSocketEnvelope(
    type: SocketEnvelopeType,
    payload: Record<string, unknown>,
    opts?: SendEnvelopeOptions,
  ): Promise<SocketAck>;
  /** Resolves when a Socket Mode client is connected (and was sent hello). */
  waitForSocket(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const JSON_FIELDS = new Set(["blocks", "attachments", "view", "metadata", "files", "user_auth_blocks"]);

function parseMaybeJson(key: string, value: string): unknown {
  const t = value.trimStart();
  if (!JSON_FIELDS.has(key) && !t.startsWith("{") && !t.startsWith("[")) return value;
  try {
    const parsed: unknown = JSON.parse(value);
    if (JSON_FIELDS.has(key) || (parsed !== null && typeof parsed === "object")) return parsed;
  } catch {
    // not JSON: keep the string
  }
  return value;
}

function isRawResponse(r: object): r is RawResponse {
  const keys = Object.keys(r);
  return (
    typeof (r as { status?: unknown }).status === "number" &&
    keys.includes("body") &&
    keys.every((k) => k === "status" || k === "headers" || k === "body")
  );
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, r: RawResponse): void {
  const headers: Record<string, string> = { ...(r.headers ?? {}) };
  let body: string | Buffer;
  if (Buffer.isBuffer(r.body) || typeof r.body === "string") {
    body = r.body;
  } else {
    body = JSON.stringify(r.body ?? {});
    if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
      headers["content-type"] = "application/json; charset=utf-8";
    }
  }
  res.writeHead(r.status, headers);
  res.end(body);
}

function describeSeen(calls: RecordedCall[]): string {
  if (calls.length === 0) return "none";
  const counts = new Map<string, number>();
  for (const c of calls) counts.set(c.method, (counts.get(c.method) ?? 0) + 1);
  return [...counts].map(([m, n]) => (n > 1 ? `${m} ×${n}` : m)).join(", ");
}

async function parseArgs(
  body: Buffer,
  contentType: string,
  query: URLSearchParams,
): Promise<Record<string, unknown>> {
  const args: Record<string, unknown> = {};
  for (const [k, v] of query) args[k] = parseMaybeJson(k, v);
  const ct = contentType.toLowerCase();
  if (body.length === 0) return args;
  if (ct.includes("application/json")) {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) Object.assign(args, parsed);
  } else if (ct.includes("multipart/form-data")) {
    const form = await new Response(new Uint8Array(body), {
      headers: { "content-type": contentType },
    }).formData();
    const entries: Array<[string, FormDataEntryValue]> = [];
    form.forEach((v, k) => {
      entries.push([k, v]);
    });
    for (const [k, v] of entries) {
      args[k] = typeof v === "string" ? parseMaybeJson(k, v) : Buffer.from(await v.arrayBuffer());
    }
  } else {
    for (const [k, v] of new URLSearchParams(body.toString("utf8"))) args[k] = parseMaybeJson(k, v);
  }
  return args;
}

interface Waiter<T> {
  match: (x: T) => boolean;
  resolve: (x: T) => void;
}

export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const teamId = opts.teamId ?? "T0001";
  const teamName = opts.teamName ?? "Acme";
  const teamDomain = opts.teamDomain ?? "acme";
  const botUserId = opts.botUserId ?? "UBOT";
  const botId = opts.botId ?? "B0001";
  const appId = opts.appId ?? "A0001";
  const workspaceUrl = `https://${teamDomain}.slack.com/`;

  const calls: RecordedCall[] = [];
  const uploads: FakeUpload[] = [];
  const responses: RecordedResponse[] = [];
  const socketAcks: SocketAck[] = [];
  const faults = new Map<string, Fault[]>();
  const handlers = new Map<string, MethodHandler>();
  const callWaiters = new Set<Waiter<RecordedCall>>();
  const responseWaiters = new Set<Waiter<RecordedResponse>>();
  const pendingAcks = new Map<string, (ack: SocketAck) => void>();
  const sockets = new Set<WebSocket>();
  const socketWaiters = new Set<() => void>();

  const users = new Map<string, FakeUser>();
  const usergroups = new Map<string, { id: string; handle: string; name: string; users: string[] }>();
  const channels = new Map<string, FakeChannel>();
  const views = new Map<string, Record<string, unknown>>();
  const pendingFiles = new Map<string, { filename: string; length: number; title?: string }>();

  let seq = 0;
  let lastTsMicros = 0;
  let inFlight = 0;
  const posted = new Map<string, FakeMessage[]>();
  let lastActivity = Date.now();
  let baseUrl = "";

  // Message ts from the wall clock, as Slack's (so `oldest` works), each one later than the last.
  const nextTs = () => {
    seq += 1;
    lastTsMicros = Math.max(Date.now() * 1000, lastTsMicros + 100);
    return `${Math.floor(lastTsMicros / 1_000_000)}.${String(lastTsMicros % 1_000_000).padStart(6, "0")}`;
  };
  const tsValue = (ts: unknown) => Number(ts ?? 0);
  const withMetadata = (m: FakeMessage, args: Record<string, unknown>) => {
    if (args.include_all_metadata === true || args.include_all_metadata === "true") return m;
    const { metadata: _metadata, ...rest } = m;
    return rest;
  };
  /** A page of `list` from `cursor` (an offset), `limit` long, in the Web API's pagination shape. */
  const paged = (list: FakeMessage[], args: Record<string, unknown>) => {
    const from = Number(args.cursor ?? 0) || 0;
    const limit = Number(args.limit ?? 100) || 100;
    const page = list.slice(from, from + limit).map((m) => withMetadata(m, args));
    const more = from + limit < list.length;
    return {
      messages: page,
      has_more: more,
      response_metadata: { next_cursor: more ? String(from + limit) : "" },
    };
  };
  const nextId = (prefix: string) => {
    seq += 1;
    return `${prefix}${String(seq).padStart(8, "0")}`;
  };

  const defaultUser = (id: string): FakeUser => ({
    id,
    team_id: teamId,
    name: id.toLowerCase(),
    real_name: `User ${id}`,
    deleted: false,
    is_bot: false,
    is_admin: false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    tz: "America/New_York",
    tz_label: "Eastern Standard Time",
    tz_offset: -18000,
    locale: "en-US",
    profile: { real_name: `User ${id}`, display_name: id.toLowerCase() },
  });
  const userFor = (id: string) => users.get(id) ?? defaultUser(id);

  const channelFor = (id: string): FakeChannel =>
    channels.get(id) ?? {
      id,
      name: id.startsWith("D") ? id : id.toLowerCase(),
      is_channel: id.startsWith("C"),
      is_private: id.startsWith("G"),
      is_im: id.startsWith("D"),
      is_member: true,
      is_archived: false,
      members: [],
    };

  const message = (args: Record<string, unknown>, ts: string) => ({
    type: "message",
    text: args.text ?? "",
    user: botUserId,
    bot_id: botId,
    app_id: appId,
    team: teamId,
    ts,
    ...(args.blocks !== undefined ? { blocks: args.blocks } : {}),
    ...(args.attachments !== undefined ? { attachments: args.attachments } : {}),
    ...(args.metadata !== undefined ? { metadata: args.metadata } : {}),
    ...(args.thread_ts !== undefined ? { thread_ts: args.thread_ts } : {}),
  });

  const viewResponse = (args: Record<string, unknown>, id: string, previous?: Record<string, unknown>) => {
    const given = (args.view && typeof args.view === "object" ? args.view : {}) as Record<string, unknown>;
    const view = {
      id,
      team_id: teamId,
      type: given.type ?? previous?.type ?? "modal",
      blocks: [],
      private_metadata: "",
      callback_id: "",
      state: { values: {} },
      hash: `${Date.now()}.${randomUUID().slice(0, 8)}`,
      title: null,
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: null,
      previous_view_id: null,
      root_view_id: (previous?.root_view_id as string | undefined) ?? id,
      app_id: appId,
      external_id: "",
      app_installed_team_id: teamId,
      bot_id: botId,
      ...given,
    };
    views.set(id, view);
    if (typeof view.external_id === "string" && view.external_id) views.set(`ext:${view.external_id}`, view);
    return { view };
  };

  const findView = (args: Record<string, unknown>) => {
    if (typeof args.view_id === "string") return views.get(args.view_id);
    if (typeof args.external_id === "string") return views.get(`ext:${args.external_id}`);
    return undefined;
  };

  // OAuth: codes waiting to be exchanged, and the team each granted bot token belongs to.
  const oauthCodes = new Map<string, string>();
  const grantedTokens = new Map<string, OAuthTeam & { botId: string }>();

  const defaults: Record<
    string,
    (args: Record<string, unknown>, call: RecordedCall) => Record<string, unknown> | RawResponse
  > = {
    "api.test": (args) => ({ args }),
    "oauth.v2.access": (args) => {
      const token = oauthCodes.get(String(args.code ?? ""));
      const team = token ? grantedTokens.get(token) : undefined;
      if (!token || !team) return { ok: false, error: "invalid_code" };
      oauthCodes.delete(String(args.code));
      return {
        app_id: appId,
        authed_user: { id: team.installerUserId ?? "UINSTALLER" },
        scope: String(args.scope ?? "commands,chat:write"),
        token_type: "bot",
        access_token: token,
        bot_user_id: team.botUserId ?? botUserId,
        team: { id: team.teamId, name: team.teamName ?? team.teamId },
        enterprise: team.enterpriseId ? { id: team.enterpriseId, name: team.enterpriseId } : null,
        is_enterprise_install: false,
      };
    },
    "auth.test": (_args, call) => {
      const granted = call.token ? grantedTokens.get(call.token) : undefined;
      if (granted) {
        return {
          url: `https://${granted.teamId.toLowerCase()}.slack.com/`,
          team: granted.teamName ?? granted.teamId,
          user: "righttogrow",
          team_id: granted.teamId,
          user_id: granted.botUserId ?? botUserId,
          bot_id: granted.botId,
          app_id: appId,
          is_enterprise_install: false,
        };
      }
      return {
        url: workspaceUrl,
        team: teamName,
        user: "righttogrow",
        team_id: teamId,
        user_id: botUserId,
        bot_id: botId,
        app_id: appId,
        is_enterprise_install: false,
      };
    },
    "chat.postMessage": (args) => {
      const ts = nextTs();
      const channel = String(args.channel);
      const { thread_ts: _thread, ...rest } = message(args, ts);
      const stored: FakeMessage = {
        ...rest,
        ...(args.thread_ts !== undefined ? { thread_ts: String(args.thread_ts) } : {}),
      };
      posted.set(channel, [...(posted.get(channel) ?? []), stored]);
      return { channel: args.channel, ts, message: stored };
    },
    // Top-level messages after `oldest`, newest first; metadata only with include_all_metadata.
    "conversations.history": (args) => {
      const oldest = tsValue(args.oldest);
      const top = (posted.get(String(args.channel)) ?? [])
        .filter((m) => (m.thread_ts === undefined || m.thread_ts === m.ts) && tsValue(m.ts) > oldest)
        .reverse();
      return paged(top, args);
    },
    // The parent, then its replies oldest first.
    "conversations.replies": (args) => {
      const all = posted.get(String(args.channel)) ?? [];
      const parent = all.find((m) => m.ts === args.ts);
      if (!parent) return { ok: false, error: "thread_not_found" };
      return paged([parent, ...all.filter((m) => m.thread_ts === args.ts)], args);
    },
    "chat.postEphemeral": () => ({ message_ts: nextTs() }),
    "chat.update": (args) => ({
      channel: args.channel,
      ts: args.ts,
      text: args.text ?? "",
      message: message(args, String(args.ts)),
    }),
    "chat.delete": (args) => ({ channel: args.channel, ts: args.ts }),
    "chat.scheduleMessage": (args) => {
      const id = nextId("Q");
      return {
        channel: args.channel,
        scheduled_message_id: id,
        post_at: Number(args.post_at),
        message: message(args, nextTs()),
      };
    },
    "chat.getPermalink": (args) => ({
      channel: args.channel,
      permalink: `${workspaceUrl}archives/${String(args.channel)}/p${String(args.message_ts).replace(".", "")}`,
    }),
    "reactions.add": () => ({}),
    "views.open": (args) => viewResponse(args, nextId("V")),
    "views.push": (args) => viewResponse(args, nextId("V")),
    "views.update": (args) => {
      const previous = findView(args);
      // Like Slack: a stale hash for a view this fake knows about is a conflict.
      if (previous && typeof args.hash === "string" && args.hash !== previous.hash) {
        return { ok: false, error: "hash_conflict" };
      }
      const id =
        (previous?.id as string | undefined) ??
        (typeof args.view_id === "string" ? args.view_id : nextId("V"));
      return viewResponse(args, id, previous);
    },
    "views.publish": (args) => {
      const key = `home:${String(args.user_id)}`;
      const existing = views.get(key);
      const id = (existing?.id as string | undefined) ?? nextId("V");
      const res = viewResponse(args, id, existing);
      views.set(key, res.view);
      return res;
    },
    "users.info": (args) => ({ user: userFor(String(args.user)) }),
    "users.list": () => ({ members: [...users.values()], response_metadata: { next_cursor: "" } }),
    "users.lookupByEmail": (args) => {
      const found = [...users.values()].find((u) => u.profile.email === args.email);
      return found ? { user: found } : { ok: false, error: "users_not_found" };
    },
    "usergroups.list": (args) => ({
      usergroups: [...usergroups.values()].map((g) => ({
        id: g.id,
        team_id: teamId,
        is_usergroup: true,
        name: g.name,
        handle: g.handle,
        description: "",
        user_count: g.users.length,
        ...(args.include_users === "true" || args.include_users === true ? { users: g.users } : {}),
      })),
    }),
    "usergroups.users.list": (args) => {
      const g = usergroups.get(String(args.usergroup));
      return g ? { users: [...g.users] } : { ok: false, error: "no_such_subteam" };
    },
    "conversations.open": (args) => {
      if (typeof args.channel === "string")
        return { channel: { id: args.channel }, no_op: true, already_open: true };
      const first = String(args.users ?? "").split(",")[0] ?? "";
      return { channel: { id: `D${first}` }, no_op: false, already_open: false };
    },
    "conversations.members": (args) => ({
      members: [...channelFor(String(args.channel)).members],
      response_metadata: { next_cursor: "" },
    }),
    "conversations.info": (args) => {
      const { members: _members, ...channel } = channelFor(String(args.channel));
      return { channel };
    },
    "conversations.join": (args) => {
      const { members: _members, ...channel } = channelFor(String(args.channel));
      return { channel };
    },
    "team.info": () => ({
      team: { id: teamId, name: teamName, domain: teamDomain, email_domain: "", icon: {}, url: workspaceUrl },
    }),
    "files.getUploadURLExternal": (args) => {
      const fileId = nextId("F");
      pendingFiles.set(fileId, { filename: String(args.filename ?? ""), length: Number(args.length ?? 0) });
      return { upload_url: `${baseUrl}/upload/${fileId}`, file_id: fileId };
    },
    "files.completeUploadExternal": (args) => {
      const list = Array.isArray(args.files) ? (args.files as Array<{ id: string; title?: string }>) : [];
      return {
        files: list.map((f) => {
          const pending = pendingFiles.get(f.id);
          const upload = uploads.find((u) => u.fileId === f.id);
          return {
            id: f.id,
            title: f.title ?? pending?.filename ?? "",
            name: pending?.filename ?? "",
            size: upload?.bytes.length ?? pending?.length ?? 0,
            permalink: `${workspaceUrl}files/${botUserId}/${f.id}/${pending?.filename ?? ""}`,
          };
        }),
      };
    },
    "apps.connections.open": () => ({
      url: `${baseUrl.replace(/^http/, "ws")}/socket?ticket=${randomUUID()}`,
    }),
  };

  const notifyCall = (call: RecordedCall) => {
    for (const w of callWaiters) {
      if (w.match(call)) {
        callWaiters.delete(w);
        w.resolve(call);
      }
    }
  };

  const respondFor = async (call: RecordedCall): Promise<RawResponse> => {
    const queue = faults.get(call.method);
    // A lost answer is handled in handleApi: it stays queued for the call it waits for.
    const fault = losesAnswer(queue?.[0]) ? undefined : queue?.shift();
    if (queue && queue.length === 0) faults.delete(call.method);
    if (fault) {
      switch (fault.kind) {
        case "rate_limited":
          return {
            status: 429,
            headers: { "retry-after": String(fault.retryAfter) },
            body: { ok: false, error: "ratelimited" },
          };
        case "server_error":
          return { status: fault.status ?? 500, body: `fake-slack: injected ${fault.status ?? 500}` };
        case "slack_error":
          return { status: 200, body: { ok: false, error: fault.error } };
        case "accept_then_drop":
        case "accept_then_hang":
          break; // not taken here (see above)
      }
    }
    const handler = handlers.get(call.method);
    const custom = handler ? await handler(call.args, call) : undefined;
    if (custom !== undefined) {
      if (isRawResponse(custom)) return custom;
      return { status: 200, body: { ok: true, ...custom } };
    }
    const def = defaults[call.method];
    if (!def) return { status: 200, body: { ok: false, error: "unknown_method" } };
    const body = def(call.args, call);
    if (isRawResponse(body)) return body;
    return { status: 200, body: { ok: true, ...body } };
  };

  const handleApi = async (
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    query: URLSearchParams,
  ) => {
    const body = await readBody(req);
    const args = await parseArgs(body, String(req.headers["content-type"] ?? ""), query);
    const auth = req.headers.authorization;
    const bearer = auth?.startsWith("Bearer ") ? auth.slice("Bearer ".length) : undefined;
    const token = bearer || (typeof args.token === "string" ? args.token : undefined);
    const call: RecordedCall = { method, args, at: Date.now() };
    if (token !== undefined) call.token = token;
    calls.push(call);
    // The answer is lost after the call is carried out: taken here, before respondFor.
    const head = faults.get(method)?.[0];
    const lost = losesAnswer(head) && (head.when?.(args) ?? true) ? head : undefined;
    if (lost) {
      faults.get(method)?.shift();
      if (faults.get(method)?.length === 0) faults.delete(method);
    }
    let r: RawResponse;
    try {
      r = await respondFor(call);
    } catch (error) {
      r = { status: 500, body: `fake-slack: handler for ${method} threw: ${String(error)}` };
    }
    call.status = r.status;
    if (lost) {
      call.answerLost = lost.kind === "accept_then_drop" ? "dropped" : "never";
      // Dropped: the socket goes, no HTTP answer. Never: left open (close() ends it).
      if (lost.kind === "accept_then_drop") res.socket?.destroy();
      notifyCall(call);
      return;
    }
    send(res, r);
    notifyCall(call);
  };

  const handleUpload = async (req: IncomingMessage, res: ServerResponse, fileId: string) => {
    const body = await readBody(req);
    const contentType = String(req.headers["content-type"] ?? "");
    let bytes = body;
    let partFilename = "";
    let partType = contentType;
    if (contentType.toLowerCase().includes("multipart/form-data")) {
      const form = await new Response(new Uint8Array(body), {
        headers: { "content-type": contentType },
      }).formData();
      const file = form.get("body") ?? form.get("file");
      if (file && typeof file !== "string") {
        bytes = Buffer.from(await file.arrayBuffer());
        partFilename = file.name;
        partType = file.type;
      } else if (typeof file === "string") {
        bytes = Buffer.from(file);
      }
    }
    const pending = pendingFiles.get(fileId);
    uploads.push({
      fileId,
      filename: pending?.filename ?? partFilename,
      partFilename,
      bytes,
      contentType: partType,
      at: Date.now(),
    });
    send(res, { status: 200, headers: { "content-type": "text/plain" }, body: `OK - ${bytes.length}` });
  };

  const handleResponseUrl = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(body.toString("utf8") || "{}");
    } catch {
      parsed = { raw: body.toString("utf8") };
    }
    const recorded: RecordedResponse = { url: `${baseUrl}${req.url ?? ""}`, body: parsed, at: Date.now() };
    responses.push(recorded);
    send(res, { status: 200, body: { ok: true } });
    for (const w of responseWaiters) {
      if (w.match(recorded)) {
        responseWaiters.delete(w);
        w.resolve(recorded);
      }
    }
  };

  const server: Server = createServer((req, res) => {
    inFlight += 1;
    lastActivity = Date.now();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname;
    let work: Promise<void>;
    if (path.startsWith("/api/")) {
      work = handleApi(req, res, decodeURIComponent(path.slice("/api/".length)), url.searchParams);
    } else if (path.startsWith("/upload/") && req.method === "POST") {
      work = handleUpload(req, res, decodeURIComponent(path.slice("/upload/".length)));
    } else if (path.startsWith("/response/") && req.method === "POST") {
      work = handleResponseUrl(req, res);
    } else {
      send(res, { status: 404, body: `fake-slack: no route for ${req.method} ${path}` });
      work = Promise.resolve();
    }
    work
      .catch((error: unknown) => {
        if (!res.headersSent) send(res, { status: 500, body: `fake-slack: ${String(error)}` });
      })
      .finally(() => {
        inFlight -= 1;
        lastActivity = Date.now();
      });
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    if (path !== "/socket") {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  });
  wss.on("connection", (ws: WebSocket) => {
    sockets.add(ws);
    ws.on("close", () => sockets.delete(ws));
    ws.on("message", (data, isBinary) => {
      if (isBinary) return;
      lastActivity = Date.now();
      let msg: unknown;
      try {
        msg = JSON.parse(data.toString());
      } catch {
        return;
      }
      if (msg && typeof msg === "object" && typeof (msg as SocketAck).envelope_id === "string") {
        const ack = msg as SocketAck;
        socketAcks.push(ack);
        const resolve = pendingAcks.get(ack.envelope_id);
        pendingAcks.delete(ack.envelope_id);
        resolve?.(ack);
      }
    });
    if (opts.socketHello !== false) {
      ws.send(
        JSON.stringify({
          type: "hello",
          num_connections: sockets.size,
          debug_info: { host: "fake", approximate_connection_time: 3600 },
          connection_info: { app_id: appId },
        }),
      );
    }
    for (const w of socketWaiters) w();
    socketWaiters.clear();
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;

  const fake: FakeSlack = {
    url: `${baseUrl}/api/`,
    baseUrl,
    port,
    teamId,
    botUserId,
    botId,
    appId,
    calls,
    uploads,
    responses,
    socketAcks,
    get socketConnections() {
      return [...sockets].filter((s) => s.readyState === s.OPEN).length;
    },

    callsTo: (method) => calls.filter((c) => c.method === method),
    lastCall: (method) => calls.findLast((c) => c.method === method),

    waitFor(method, predicate, timeoutMs = 5000) {
      const match = (c: RecordedCall) => c.method === method && (predicate ? predicate(c) : true);
      // A recorded call may still be waiting for its status; it counts as arrived either way.
      const found = calls.find(match);
      if (found) return Promise.resolve(found);
      return new Promise<RecordedCall>((resolve, reject) => {
        const waiter: Waiter<RecordedCall> = {
          match,
          resolve: (c) => {
            clearTimeout(timer);
            resolve(c);
          },
        };
        const timer = setTimeout(() => {
          callWaiters.delete(waiter);
          reject(
            new Error(
              `fake-slack: no ${method} call${predicate ? " matching the predicate" : ""} within ${timeoutMs} ms; ` +
                `methods seen: ${describeSeen(calls)}`,
            ),
          );
        }, timeoutMs);
        callWaiters.add(waiter);
      });
    },

    async waitForQuiet(ms = 50, maxWaitMs = 10_000) {
      const started = Date.now();
      for (;;) {
        const idle = Date.now() - lastActivity;
        if (inFlight === 0 && idle >= ms) return;
        if (Date.now() - started > maxWaitMs) {
          throw new Error(`fake-slack: not quiet after ${maxWaitMs} ms (${inFlight} requests in flight)`);
        }
        await new Promise((r) => setTimeout(r, inFlight > 0 ? Math.min(ms, 10) : Math.max(1, ms - idle)));
      }
    },

    messagesIn(channel) {
      return [...(posted.get(channel) ?? [])];
    },

    reset() {
      posted.clear();
      calls.length = 0;
      uploads.length = 0;
      responses.length = 0;
      socketAcks.length = 0;
      faults.clear();
      handlers.clear();
    },

    on(method, handler) {
      handlers.set(method, handler);
    },

    failNext(method, fault, times = 1) {
      const queue = faults.get(method) ?? [];
      for (let i = 0; i < times; i++) queue.push(fault);
      faults.set(method, queue);
    },

    setUser(id, patch = {}) {
      const current = userFor(id);
      const user: FakeUser = {
        ...current,
        ...patch,
        id,
        profile: { ...current.profile, ...(patch.profile ?? {}) } as FakeUser["profile"],
      } as FakeUser;
      users.set(id, user);
      return user;
    },

    setUsergroup(id, userIds, groupOpts = {}) {
      const handle = groupOpts.handle ?? id.toLowerCase();
      usergroups.set(id, { id, handle, name: groupOpts.name ?? handle, users: [...userIds] });
    },

    setChannel(id, patch = {}) {
      const channel: FakeChannel = { ...channelFor(id), ...patch, id };
      channels.set(id, channel);
      return channel;
    },

    grantOAuthCode(code, team) {
      // Distinct per grant, so a re-install gets a new token as from Slack.
      const token = `xoxb-fake-${team.teamId}-${nextId("")}`;
      oauthCodes.set(code, token);
      grantedTokens.set(token, { ...team, botId: `B${team.teamId}` });
      return token;
    },

    clearDirectory() {
      users.clear();
      usergroups.clear();
      channels.clear();
    },

    responseUrl: () => `${baseUrl}/response/${randomUUID()}`,

    waitForResponse(predicate, timeoutMs = 5000) {
      const match = (r: RecordedResponse) => (predicate ? predicate(r) : true);
      const found = responses.find(match);
      if (found) return Promise.resolve(found);
      return new Promise<RecordedResponse>((resolve, reject) => {
        const waiter: Waiter<RecordedResponse> = {
          match,
          resolve: (r) => {
            clearTimeout(timer);
            resolve(r);
          },
        };
        const timer = setTimeout(() => {
          responseWaiters.delete(waiter);
          reject(
            new Error(
              `fake-slack: no response_url POST${predicate ? " matching the predicate" : ""} within ${timeoutMs} ms ` +
                `(${responses.length} received)`,
            ),
          );
        }, timeoutMs);
        responseWaiters.add(waiter);
      });
    },

    sendSocketEnvelope(type, payload, envOpts = {}) {
      const open = [...sockets].filter((s) => s.readyState === s.OPEN);
      const ws = open[open.length - 1];
      if (!ws) {
        return Promise.reject(
          new Error(
            `fake-slack: no open Socket Mode connection to send a ${type} envelope to (did app.start() run?)`,
          ),
        );
      }
      const envelopeId = envOpts.envelopeId ?? randomUUID();
      const timeoutMs = envOpts.timeoutMs ?? 5000;
      const envelope: Record<string, unknown> = {
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: envOpts.acceptsResponsePayload ?? type !== "events_api",
      };
      if (type === "events_api") {
        envelope.retry_attempt = envOpts.retryAttempt ?? 0;
        envelope.retry_reason = envOpts.retryReason ?? "";
      }
      return new Promise<SocketAck>((resolve, reject) => {
        const timer = setTimeout(() => {
          pendingAcks.delete(envelopeId);
          reject(new Error(`fake-slack: no ack for ${type} envelope ${envelopeId} within ${timeoutMs} ms`));
        }, timeoutMs);
        pendingAcks.set(envelopeId, (ack) => {
          clearTimeout(timer);
          resolve(ack);
        });
        lastActivity = Date.now();
        ws.send(JSON.stringify(envelope), (error) => {
          if (error) {
            clearTimeout(timer);
            pendingAcks.delete(envelopeId);
            reject(error);
          }
        });
      });
    },

    waitForSocket(timeoutMs = 5000) {
      if (fake.socketConnections > 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          socketWaiters.delete(done);
          reject(new Error(`fake-slack: no Socket Mode connection within ${timeoutMs} ms`));
        }, timeoutMs);
        socketWaiters.add(done);
      });
    },

    async close() {
      for (const ws of sockets) ws.terminate();
      sockets.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
