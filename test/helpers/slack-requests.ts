import { createHmac, randomBytes, randomUUID } from "node:crypto";
import type {
  BlockAction,
  BlockElementAction,
  BlockSuggestion,
  EnvelopedEvent,
  GlobalShortcut,
  MessageShortcut,
  SlashCommand,
  ViewClosedAction,
  ViewOutput,
  ViewStateValue,
  ViewSubmitAction,
} from "@slack/bolt";

// Requests to a Bolt HTTP receiver, signed and shaped the way Slack sends them, plus payload
// builders with defaults (also usable as Socket Mode envelope payloads with fake-slack.ts).
//
//   const slack = createSlackClient({ baseUrl: `http://127.0.0.1:${port}`, signingSecret });
//   const res = await slack.command({ command: "/cx", text: "help", user_id: "U1" });
//   await slack.action(blockAction({ actionId: "approve", value: "42", userId: "U1" }));
//   await slack.viewSubmission({ callbackId: "log", userId: "U1", values: stateValues({ b: { a: field.text("x") } }) });

export const DEFAULT_TEAM_ID = "T0001";
export const DEFAULT_TEAM_DOMAIN = "acme";
export const DEFAULT_APP_ID = "A0001";
export const DEFAULT_CHANNEL_ID = "C0001";
export const VERIFICATION_TOKEN = "verification-token";

export interface SlackSignatureHeaders {
  "x-slack-signature": string;
  "x-slack-request-timestamp": string;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Slack's v0 request signature over the raw body. */
export function sign(
  secret: string,
  body: string,
  timestamp: number | string = nowSeconds(),
): SlackSignatureHeaders {
  const ts = String(timestamp);
  const hex = createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex");
  return { "x-slack-signature": `v0=${hex}`, "x-slack-request-timestamp": ts };
}

// ---------------------------------------------------------------------------------------------
// Small generators

let counter = 0;
const next = () => {
  counter += 1;
  return counter;
};
const hex = (bytes: number) => randomBytes(bytes).toString("hex");

/** A trigger_id like Slack's: `1234567890123.1234567890.0123abcd…`. */
export const triggerId = (): string => `${Date.now()}${next()}.${1_000_000_000 + next()}.${hex(16)}`;
/** An action_ts / message ts: `1700000000.123456`. */
export const slackTs = (): string => `${nowSeconds()}.${String(next() % 1_000_000).padStart(6, "0")}`;
export const defaultResponseUrl = (teamId = DEFAULT_TEAM_ID, kind = "actions"): string =>
  `https://hooks.slack.com/${kind}/${teamId}/${1_000_000_000 + next()}/${hex(12)}`;
const viewId = () => `V${String(next()).padStart(10, "0")}`;

const team = (teamId: string, domain = DEFAULT_TEAM_DOMAIN) => ({ id: teamId, domain });
const username = (userId: string) => userId.toLowerCase();

// ---------------------------------------------------------------------------------------------
// Block state values (view.state.values)

export type StateValues = Record<string, Record<string, ViewStateValue>>;

const option = (value: string, text = value) => ({
  text: { type: "plain_text" as const, text, emoji: true },
  value,
});

/** One input's state, in the shape Slack reports it under `state.values[blockId][actionId]`. */
export const field = {
  text: (value: string | null): ViewStateValue => ({ type: "plain_text_input", value }),
  number: (value: string | number | null): ViewStateValue => ({
    type: "number_input",
    value: value === null ? null : String(value),
  }),
  email: (value: string | null): ViewStateValue => ({ type: "email_text_input", value }),
  select: (value: string | null, text?: string): ViewStateValue => ({
    type: "static_select",
    selected_option: value === null ? null : option(value, text),
  }),
  externalSelect: (value: string | null, text?: string): ViewStateValue => ({
    type: "external_select",
    selected_option: value === null ? null : option(value, text),
  }),
  multiSelect: (values: Array<string | { value: string; text: string }>): ViewStateValue => ({
    type: "multi_static_select",
    selected_options: values.map((v) => (typeof v === "string" ? option(v) : option(v.value, v.text))),
  }),
  radio: (value: string | null, text?: string): ViewStateValue => ({
    type: "radio_buttons",
    selected_option: value === null ? null : option(value, text),
  }),
  checkboxes: (values: Array<string | { value: string; text: string }>): ViewStateValue => ({
    type: "checkboxes",
    selected_options: values.map((v) => (typeof v === "string" ? option(v) : option(v.value, v.text))),
  }),
  user: (id: string | null): ViewStateValue => ({ type: "users_select", selected_user: id }),
  users: (ids: string[]): ViewStateValue => ({ type: "multi_users_select", selected_users: ids }),
  conversation: (id: string | null): ViewStateValue => ({
    type: "conversations_select",
    selected_conversation: id,
  }),
  conversations: (ids: string[]): ViewStateValue => ({
    type: "multi_conversations_select",
    selected_conversations: ids,
  }),
  channels: (ids: string[]): ViewStateValue => ({ type: "multi_channels_select", selected_channels: ids }),
  /** `YYYY-MM-DD` */
  date: (date: string | null): ViewStateValue => ({ type: "datepicker", selected_date: date }),
  /** `HH:mm` */
  time: (time: string | null): ViewStateValue => ({ type: "timepicker", selected_time: time }),
};

/**
 * `{ [blockId]: { [actionId]: state } }`. A bare string is shorthand for a plain_text_input value:
 * `stateValues({ amount: { amount_input: "12.50" }, owner: { pick: field.user("U1") } })`.
 */
export function stateValues(spec: Record<string, Record<string, ViewStateValue | string>>): StateValues {
  const out: StateValues = {};
  for (const [blockId, actions] of Object.entries(spec)) {
    const block: Record<string, ViewStateValue> = {};
    for (const [actionId, v] of Object.entries(actions))
      block[actionId] = typeof v === "string" ? field.text(v) : v;
    out[blockId] = block;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Payload builders

export interface CommonOptions {
  teamId?: string;
  teamDomain?: string;
  apiAppId?: string;
  token?: string;
}

export interface SlashCommandOptions {
  command: string;
  text?: string;
  user_id: string;
  user_name?: string;
  team_id?: string;
  team_domain?: string;
  channel_id?: string;
  channel_name?: string;
  trigger_id?: string;
  response_url?: string;
  api_app_id?: string;
  token?: string;
  /** Not sent by Slack for slash commands; included only when given. */
  locale?: string;
  enterprise_id?: string;
  enterprise_name?: string;
}

/** The slash command body (form fields in HTTP; the envelope payload in Socket Mode). */
export function slashCommand(opts: SlashCommandOptions): SlashCommand {
  const teamId = opts.team_id ?? DEFAULT_TEAM_ID;
  const channelId = opts.channel_id ?? DEFAULT_CHANNEL_ID;
  const body: SlashCommand = {
    token: opts.token ?? VERIFICATION_TOKEN,
    team_id: teamId,
    team_domain: opts.team_domain ?? DEFAULT_TEAM_DOMAIN,
    channel_id: channelId,
    channel_name: opts.channel_name ?? (channelId.startsWith("D") ? "directmessage" : "general"),
    user_id: opts.user_id,
    user_name: opts.user_name ?? username(opts.user_id),
    command: opts.command,
    text: opts.text ?? "",
    api_app_id: opts.api_app_id ?? DEFAULT_APP_ID,
    is_enterprise_install: "false",
    response_url: opts.response_url ?? defaultResponseUrl(teamId, "commands"),
    trigger_id: opts.trigger_id ?? triggerId(),
  };
  if (opts.enterprise_id !== undefined) body.enterprise_id = opts.enterprise_id;
  if (opts.enterprise_name !== undefined) body.enterprise_name = opts.enterprise_name;
  if (opts.locale !== undefined) body.locale = opts.locale;
  return body;
}

export interface ViewOutputOptions {
  id?: string;
  callbackId?: string;
  type?: "modal" | "home";
  values?: StateValues;
  privateMetadata?: string;
  teamId?: string;
  appId?: string;
  botId?: string;
  title?: string;
  blocks?: ViewOutput["blocks"];
  externalId?: string;
  hash?: string;
  rootViewId?: string | null;
  previousViewId?: string | null;
  notifyOnClose?: boolean;
}

/** A view as Slack reports it in interactive payloads (`view`). */
export function viewOutput(opts: ViewOutputOptions = {}): ViewOutput {
  const id = opts.id ?? viewId();
  const type = opts.type ?? "modal";
  return {
    id,
    team_id: opts.teamId ?? DEFAULT_TEAM_ID,
    type,
    blocks: opts.blocks ?? [],
    private_metadata: opts.privateMetadata ?? "",
    callback_id: opts.callbackId ?? "",
    state: { values: opts.values ?? {} },
    hash: opts.hash ?? `${nowSeconds()}.${hex(4)}`,
    title: { type: "plain_text", text: opts.title ?? "Modal", emoji: true },
    clear_on_close: false,
    notify_on_close: opts.notifyOnClose ?? false,
    close: type === "modal" ? { type: "plain_text", text: "Cancel", emoji: true } : null,
    submit: type === "modal" ? { type: "plain_text", text: "Submit", emoji: true } : null,
    previous_view_id: opts.previousViewId ?? null,
    root_view_id: opts.rootViewId === undefined ? id : opts.rootViewId,
    app_id: opts.appId ?? DEFAULT_APP_ID,
    external_id: opts.externalId ?? "",
    app_installed_team_id: opts.teamId ?? DEFAULT_TEAM_ID,
    bot_id: opts.botId ?? "B0001",
  };
}

export interface BlockActionOptions extends CommonOptions {
  actionId: string;
  userId: string;
  blockId?: string;
  /** Element type; default "button" (or inferred from selectedOption / selectedOptions / …). */
  type?: string;
  value?: string;
  selectedOption?: string | { value: string; text: string };
  selectedOptions?: Array<string | { value: string; text: string }>;
  selectedUser?: string;
  selectedUsers?: string[];
  selectedConversation?: string;
  selectedDate?: string;
  /** Extra fields merged into the action. */
  action?: Record<string, unknown>;
  /** Message the action was clicked in (default: a bot message in `channel`); ignored when `view` is given. */
  message?: { ts?: string; text?: string; user?: string; blocks?: unknown[]; [key: string]: unknown };
  channel?: string | { id: string; name: string };
  /** The action came from a modal / App Home: pass the view (or view options). */
  view?: ViewOutput | ViewOutputOptions;
  /** Block state (default: the view's state, or empty). */
  values?: StateValues;
  responseUrl?: string;
  triggerId?: string;
  isEphemeral?: boolean;
}

const isViewOutput = (v: ViewOutput | ViewOutputOptions): v is ViewOutput =>
  typeof (v as ViewOutput).state === "object" && typeof (v as ViewOutput).hash === "string";

const channelOf = (c: string | { id: string; name: string } | undefined) =>
  typeof c === "object"
    ? c
    : {
        id: c ?? DEFAULT_CHANNEL_ID,
        name: (c ?? DEFAULT_CHANNEL_ID).startsWith("D") ? "directmessage" : "general",
      };

/** A `block_actions` payload for one element. */
export function blockAction(opts: BlockActionOptions): BlockAction {
  const teamId = opts.teamId ?? DEFAULT_TEAM_ID;
  const toOption = (o: string | { value: string; text: string }) =>
    typeof o === "string" ? option(o) : option(o.value, o.text);
  const action: Record<string, unknown> = {
    action_id: opts.actionId,
    block_id: opts.blockId ?? `${opts.actionId}_block`,
    action_ts: slackTs(),
  };
  let type = opts.type;
  if (opts.selectedOption !== undefined) {
    action.selected_option = toOption(opts.selectedOption);
    type ??= "static_select";
  }
  if (opts.selectedOptions !== undefined) {
    action.selected_options = opts.selectedOptions.map(toOption);
    type ??= "multi_static_select";
  }
  if (opts.selectedUser !== undefined) {
    action.selected_user = opts.selectedUser;
    type ??= "users_select";
  }
  if (opts.selectedUsers !== undefined) {
    action.selected_users = opts.selectedUsers;
    type ??= "multi_users_select";
  }
  if (opts.selectedConversation !== undefined) {
    action.selected_conversation = opts.selectedConversation;
    type ??= "conversations_select";
  }
  if (opts.selectedDate !== undefined) {
    action.selected_date = opts.selectedDate;
    type ??= "datepicker";
  }
  type ??= "button";
  action.type = type;
  if (type === "button") action.text = { type: "plain_text", text: opts.value ?? opts.actionId, emoji: true };
  if (opts.value !== undefined) action.value = opts.value;
  Object.assign(action, opts.action);

  const payload: Record<string, unknown> = {
    type: "block_actions",
    user: { id: opts.userId, username: username(opts.userId), name: username(opts.userId), team_id: teamId },
    api_app_id: opts.apiAppId ?? DEFAULT_APP_ID,
    token: opts.token ?? VERIFICATION_TOKEN,
    trigger_id: opts.triggerId ?? triggerId(),
    team: team(teamId, opts.teamDomain),
    enterprise: null,
    is_enterprise_install: false,
  };
  if (opts.view) {
    const view = isViewOutput(opts.view) ? opts.view : viewOutput({ teamId, ...opts.view });
    payload.container = { type: "view", view_id: view.id };
    payload.view = view;
    payload.state = { values: opts.values ?? view.state.values };
    // Slack sends no response_url for actions in modals and App Home.
    if (opts.responseUrl !== undefined) payload.response_url = opts.responseUrl;
  } else {
    const channel = channelOf(opts.channel);
    const ts = opts.message?.ts ?? slackTs();
    payload.container = {
      type: "message",
      message_ts: ts,
      channel_id: channel.id,
      is_ephemeral: opts.isEphemeral ?? false,
    };
    payload.channel = channel;
    if (!opts.isEphemeral) {
      payload.message = {
        type: "message",
        user: "UBOT",
        bot_id: "B0001",
        app_id: opts.apiAppId ?? DEFAULT_APP_ID,
        text: "",
        blocks: [],
        team: teamId,
        ...opts.message,
        ts,
      };
    }
    payload.state = { values: opts.values ?? {} };
    payload.response_url = opts.responseUrl ?? defaultResponseUrl(teamId);
  }
  payload.actions = [action as unknown as BlockElementAction];
  return payload as unknown as BlockAction;
}

export interface ViewSubmissionOptions extends CommonOptions, Omit<ViewOutputOptions, "id" | "type"> {
  callbackId: string;
  userId: string;
  viewId?: string;
  triggerId?: string;
  /** `response_urls` (only with response_url_enabled inputs). */
  responseUrls?: Array<{ block_id: string; action_id: string; channel_id: string; response_url: string }>;
}

/** A `view_submission` payload for a modal. */
export function viewSubmission(opts: ViewSubmissionOptions): ViewSubmitAction {
  const teamId = opts.teamId ?? DEFAULT_TEAM_ID;
  const {
    callbackId,
    userId,
    viewId: id,
    triggerId: trigger,
    responseUrls,
    teamDomain,
    apiAppId,
    token,
    ...view
  } = opts;
  return {
    type: "view_submission",
    team: team(teamId, teamDomain),
    user: { id: userId, username: username(userId), name: username(userId), team_id: teamId },
    api_app_id: apiAppId ?? DEFAULT_APP_ID,
    token: token ?? VERIFICATION_TOKEN,
    trigger_id: trigger ?? triggerId(),
    view: viewOutput({ ...view, id, callbackId, type: "modal" }),
    response_urls: responseUrls ?? [],
    is_enterprise_install: false,
    enterprise: undefined,
  } as ViewSubmitAction;
}

export interface ViewClosedOptions extends Omit<ViewSubmissionOptions, "triggerId" | "responseUrls"> {
  isCleared?: boolean;
}

/** A `view_closed` payload (sent only for views opened with notify_on_close). */
export function viewClosed(opts: ViewClosedOptions): ViewClosedAction {
  const teamId = opts.teamId ?? DEFAULT_TEAM_ID;
  const { callbackId, userId, viewId: id, isCleared, teamDomain, apiAppId, token, ...view } = opts;
  return {
    type: "view_closed",
    team: team(teamId, teamDomain),
    user: { id: userId, username: username(userId), name: username(userId), team_id: teamId },
    api_app_id: apiAppId ?? DEFAULT_APP_ID,
    token: token ?? VERIFICATION_TOKEN,
    view: viewOutput({ notifyOnClose: true, ...view, id, callbackId, type: "modal" }),
    is_cleared: isCleared ?? false,
    is_enterprise_install: false,
  } as ViewClosedAction;
}

export interface GlobalShortcutOptions extends CommonOptions {
  callbackId: string;
  userId: string;
  triggerId?: string;
}

export function globalShortcut(opts: GlobalShortcutOptions): GlobalShortcut {
  const teamId = opts.teamId ?? DEFAULT_TEAM_ID;
  return {
    type: "shortcut",
    token: opts.token ?? VERIFICATION_TOKEN,
    action_ts: slackTs(),
    team: team(teamId, opts.teamDomain),
    user: { id: opts.userId, username: username(opts.userId), team_id: teamId },
    is_enterprise_install: false,
    enterprise: undefined,
    callback_id: opts.callbackId,
    trigger_id: opts.triggerId ?? triggerId(),
  };
}

export interface MessageShortcutOptions extends CommonOptions {
  callbackId: string;
  userId: string;
  message: { text?: string; ts: string; user?: string; [key: string]: unknown };
  channelId?: string;
  channelName?: string;
  responseUrl?: string;
  triggerId?: string;
}

export function messageShortcut(opts: MessageShortcutOptions): MessageShortcut {
  const teamId = opts.teamId ?? DEFAULT_TEAM_ID;
  const channel = channelOf(opts.channelId);
  return {
    type: "message_action",
    token: opts.token ?? VERIFICATION_TOKEN,
    action_ts: slackTs(),
    team: team(teamId, opts.teamDomain),
    user: { id: opts.userId, username: username(opts.userId), name: username(opts.userId), team_id: teamId },
    channel: { id: channel.id, name: opts.channelName ?? channel.name },
    is_enterprise_install: false,
    callback_id: opts.callbackId,
    trigger_id: opts.triggerId ?? triggerId(),
    response_url: opts.responseUrl ?? defaultResponseUrl(teamId, "app"),
    message_ts: opts.message.ts,
    message: { type: "message", team: teamId, ...opts.message },
  };
}

export interface BlockSuggestionOptions extends CommonOptions {
  actionId: string;
  blockId?: string;
  value: string;
  userId: string;
  /** Suggestion from a modal (default) — pass the view (or view options). */
  view?: ViewOutput | ViewOutputOptions;
  /** Suggestion from a message in this channel instead of a modal. */
  channelId?: string;
}

/** A `block_suggestion` payload (external_select options request). */
export function blockSuggestion(opts: BlockSuggestionOptions): BlockSuggestion {
  const teamId = opts.teamId ?? DEFAULT_TEAM_ID;
  const payload: BlockSuggestion = {
    type: "block_suggestion",
    user: { id: opts.userId, name: username(opts.userId), team_id: teamId },
    container: {},
    api_app_id: opts.apiAppId ?? DEFAULT_APP_ID,
    token: opts.token ?? VERIFICATION_TOKEN,
    action_id: opts.actionId,
    block_id: opts.blockId ?? `${opts.actionId}_block`,
    value: opts.value,
    team: team(teamId, opts.teamDomain),
    enterprise: undefined,
    is_enterprise_install: false,
  };
  if (opts.channelId !== undefined && opts.view === undefined) {
    const channel = channelOf(opts.channelId);
    payload.container = {
      type: "message",
      message_ts: slackTs(),
      channel_id: channel.id,
      is_ephemeral: false,
    };
    payload.channel = channel;
  } else {
    const view =
      opts.view && isViewOutput(opts.view) ? opts.view : viewOutput({ teamId, ...(opts.view ?? {}) });
    payload.container = { type: "view", view_id: view.id };
    payload.view = view;
  }
  // Slack also sends user.username (Bolt's type leaves it out).
  Object.assign(payload.user, { username: username(opts.userId) });
  return payload;
}

export interface EventEnvelopeOptions {
  eventId?: string;
  eventTime?: number;
  teamId?: string;
  apiAppId?: string;
  token?: string;
  /** The installation the event is for (default: the bot user UBOT in teamId). */
  botUserId?: string;
}

/** An Events API `event_callback` envelope around `event` (the HTTP body / events_api payload). */
export function eventCallback<E extends { type: string }>(
  event: E,
  opts: EventEnvelopeOptions = {},
): EnvelopedEvent<E> {
  const teamId = opts.teamId ?? DEFAULT_TEAM_ID;
  return {
    token: opts.token ?? VERIFICATION_TOKEN,
    team_id: teamId,
    context_team_id: teamId,
    context_enterprise_id: undefined,
    api_app_id: opts.apiAppId ?? DEFAULT_APP_ID,
    event,
    type: "event_callback",
    event_id: opts.eventId ?? `Ev${hex(5).toUpperCase()}`,
    event_time: opts.eventTime ?? nowSeconds(),
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: opts.botUserId ?? "UBOT",
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(JSON.stringify({ et: event.type, tid: teamId, aid: opts.apiAppId ?? DEFAULT_APP_ID })).toString("base64url")}`,
  } as unknown as EnvelopedEvent<E>;
}

/** `app_home_opened` event. */
export function appHomeOpened(opts: { userId: string; tab?: "home" | "messages"; view?: ViewOutput }) {
  return {
    type: "app_home_opened" as const,
    user: opts.userId,
    channel: `D${opts.userId}`,
    tab: opts.tab ?? "home",
    event_ts: slackTs(),
    ...(opts.view ? { view: opts.view } : {}),
  };
}

/** `app_mention` event. */
export function appMention(opts: {
  userId: string;
  text: string;
  channel?: string;
  ts?: string;
  threadTs?: string;
}) {
  const ts = opts.ts ?? slackTs();
  return {
    type: "app_mention" as const,
    user: opts.userId,
    text: opts.text,
    ts,
    channel: opts.channel ?? DEFAULT_CHANNEL_ID,
    event_ts: ts,
    ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP client

export interface SlackHttpResponse {
  status: number;
  body: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  json: unknown;
  headers: Headers;
}

/** Per-request tweaks for negative tests. */
export interface SendOptions {
  /** Sign with this timestamp (seconds), e.g. `nowSeconds() - 301` for a stale request. */
  timestamp?: number;
  /** Send this signature instead of the correct one. */
  signature?: string;
  /** Sign with this secret instead of the configured one. */
  signingSecret?: string;
  /** Extra / overriding headers. */
  headers?: Record<string, string>;
  path?: string;
}

export interface SlackClientOptions {
  /** e.g. `http://127.0.0.1:PORT` */
  baseUrl: string;
  signingSecret: string;
  path?: string;
  /**
   * Makes default response_url values for commands and built payloads; pass `() => fake.responseUrl()`
   * so Bolt's respond() lands in `fake.responses` instead of going to hooks.slack.com.
   */
  responseUrl?: () => string;
  teamId?: string;
}

type Payload = Record<string, unknown> | { type: string };
const isPayload = (x: object): x is { type: string } => typeof (x as { type?: unknown }).type === "string";

export interface SlackHttpClient {
  /** Slash command as Slack's form-encoded POST. */
  command(opts: SlashCommandOptions, send?: SendOptions): Promise<SlackHttpResponse>;
  /** Any interactive payload as `payload=<json>` (block_actions, view_submission, shortcut, …). */
  interactive(payload: Payload, send?: SendOptions): Promise<SlackHttpResponse>;
  /** block_actions: a full payload, e.g. from blockAction(). */
  action(payload: Payload, send?: SendOptions): Promise<SlackHttpResponse>;
  /** block_actions built from options. */
  blockAction(opts: BlockActionOptions, send?: SendOptions): Promise<SlackHttpResponse>;
  viewSubmission(
    payloadOrOpts: ViewSubmitAction | ViewSubmissionOptions,
    send?: SendOptions,
  ): Promise<SlackHttpResponse>;
  viewClosed(
    payloadOrOpts: ViewClosedAction | ViewClosedOptions,
    send?: SendOptions,
  ): Promise<SlackHttpResponse>;
  /** Global shortcut. */
  shortcut(
    payloadOrOpts: GlobalShortcut | GlobalShortcutOptions,
    send?: SendOptions,
  ): Promise<SlackHttpResponse>;
  messageShortcut(
    payloadOrOpts: MessageShortcut | MessageShortcutOptions,
    send?: SendOptions,
  ): Promise<SlackHttpResponse>;
  /** block_suggestion (options load) for external selects. */
  options(
    payloadOrOpts: BlockSuggestion | BlockSuggestionOptions,
    send?: SendOptions,
  ): Promise<SlackHttpResponse>;
  /** Events API event_callback, with x-slack-retry-num / x-slack-retry-reason when given. */
  event(
    event: { type: string; [key: string]: unknown },
    opts?: EventEnvelopeOptions & { retryNum?: number; retryReason?: string } & SendOptions,
  ): Promise<SlackHttpResponse>;
  urlVerification(challenge?: string, send?: SendOptions): Promise<SlackHttpResponse>;
  /** POST exactly this body and these headers (nothing signed or added except a guessed content-type). */
  raw(body: string, headers?: Record<string, string>, path?: string): Promise<SlackHttpResponse>;
  /** POST a body signed (or mis-signed, see SendOptions) with the given content type. */
  post(body: string, contentType: string, send?: SendOptions): Promise<SlackHttpResponse>;
}

async function toResponse(res: Response): Promise<SlackHttpResponse> {
  const body = await res.text();
  let json: unknown;
  if (body.length > 0) {
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
  }
  return { status: res.status, body, json, headers: res.headers };
}

export function createSlackClient(opts: SlackClientOptions): SlackHttpClient {
  const base = opts.baseUrl.replace(/\/+$/, "");
  const defaultPath = opts.path ?? "/slack/events";
  const teamId = opts.teamId ?? DEFAULT_TEAM_ID;
  const responseUrl = () => (opts.responseUrl ? opts.responseUrl() : defaultResponseUrl(teamId));

  const raw = async (body: string, headers: Record<string, string> = {}, path = defaultPath) => {
    const all: Record<string, string> = {
      "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
      ...headers,
    };
    if (!Object.keys(all).some((h) => h.toLowerCase() === "content-type")) {
      all["content-type"] = body.trimStart().startsWith("{")
        ? "application/json"
        : "application/x-www-form-urlencoded";
    }
    return toResponse(await fetch(`${base}${path}`, { method: "POST", headers: all, body }));
  };

  const post = (body: string, contentType: string, send: SendOptions = {}) => {
    const signed = sign(send.signingSecret ?? opts.signingSecret, body, send.timestamp ?? nowSeconds());
    if (send.signature !== undefined) signed["x-slack-signature"] = send.signature;
    // Bolt compares the content type exactly: no "; charset=utf-8".
    return raw(body, { "content-type": contentType, ...signed, ...(send.headers ?? {}) }, send.path);
  };

  const form = (fields: Record<string, unknown>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(fields))
      if (v !== undefined && v !== null) params.append(k, String(v));
    return params.toString();
  };

  const interactive = (payload: Payload, send?: SendOptions) =>
    post(form({ payload: JSON.stringify(payload) }), "application/x-www-form-urlencoded", send);

  return {
    command: (cmd, send) =>
      post(
        form({ ...slashCommand({ ...cmd, response_url: cmd.response_url ?? responseUrl() }) }),
        "application/x-www-form-urlencoded",
        send,
      ),
    interactive,
    action: interactive,
    blockAction: (o, send) =>
      interactive(blockAction({ responseUrl: o.view ? undefined : responseUrl(), ...o }), send),
    viewSubmission: (p, send) => interactive(isPayload(p) ? p : viewSubmission(p), send),
    viewClosed: (p, send) => interactive(isPayload(p) ? p : viewClosed(p), send),
    shortcut: (p, send) => interactive(isPayload(p) ? p : globalShortcut(p), send),
    messageShortcut: (p, send) =>
      interactive(isPayload(p) ? p : messageShortcut({ responseUrl: responseUrl(), ...p }), send),
    options: (p, send) => interactive(isPayload(p) ? p : blockSuggestion(p), send),
    event: (event, o = {}) => {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      if (o.retryNum !== undefined) headers["x-slack-retry-num"] = String(o.retryNum);
      if (o.retryReason !== undefined) headers["x-slack-retry-reason"] = o.retryReason;
      const body = JSON.stringify(eventCallback(event, { teamId, ...o }));
      return post(body, "application/json", { ...o, headers });
    },
    urlVerification: (challenge = hex(16), send) =>
      post(
        JSON.stringify({ token: VERIFICATION_TOKEN, challenge, type: "url_verification" }),
        "application/json",
        send,
      ),
    raw,
    post,
  };
}

/** Fresh unique ids for tests that need them (envelope ids, event ids). */
export const uniqueId = (prefix = ""): string => `${prefix}${randomUUID()}`;
