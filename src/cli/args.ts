import { parseArgs } from "node:util";
import { z } from "zod";
import { isValidTimeZone } from "../domain/time.js";
import { PRESET_USAGE, PresetArgsError, type PresetChoice, parsePresetArgs } from "./preset-args.js";
import {
  type ExportCommand,
  type ForgetCommand,
  PRIVACY_USAGE,
  PrivacyArgsError,
  parseExportArgs,
  parseForgetArgs,
} from "./privacy-args.js";

// Command-line arguments: node's parseArgs splits them, zod checks what they mean.

export class UsageError extends Error {
  readonly code = "USAGE";
}

export const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                                   apply pending database migrations
  import movements FILE.csv [options]       import ledger movements
      columns: id,occurred_at,customer_id,customer_name,segment,type,value,currency,reason,note
  import responses FILE.csv [options]       import NPS / CSAT / CES answers
      columns: id,responded_at,kind,score,customer_id,segment,touchpoint,comment
      --skip-invalid     import the valid rows and report the rest (default: reject the whole file)
      --dry-run          validate only, write nothing
      --tz ZONE          time zone for dates without a time (default: DEFAULT_TIMEZONE or UTC)
${PRESET_USAGE}
  import stripe [--since DATE]              backfill the ledger from Stripe (STRIPE_API_KEY): customers,
                                            subscriptions, paid invoices and the events Stripe holds
      --since DATE       skip subscriptions that had ended before DATE
  stats --from DATE --to DATE [--segment NAME] [--tz ZONE] [--json] [--locale en|es]
                                            the customer math for [from, to) and the period before
  demo [--remove]                           load (or remove) the generated demo data
  tokens create NAME                        create an HTTP API token (the secret is shown once)
  tokens list                               the workspace's API tokens (prefix, last use, revoked)
  tokens revoke NAME|PREFIX                 revoke a token: requests with it get 401 from then on
${PRIVACY_USAGE}
  help                                      this text

Common options:
  --workspace TEAM_ID    choose the workspace when the database holds several
Dates: 2026-03-02 (midnight in --tz) or 2026-03-02T09:00:00+01:00.`;

const ZZone = z.string().refine(isValidTimeZone, "--tz must be an IANA time zone such as Europe/Madrid");

export type Command =
  | { name: "help" }
  | { name: "migrate"; workspace?: string }
  | {
      name: "import";
      kind: "movements" | "responses";
      file: string;
      skipInvalid: boolean;
      dryRun: boolean;
      tz?: string;
      workspace?: string;
      preset?: PresetChoice;
    }
  | { name: "import-stripe"; since?: string; tz?: string; workspace?: string }
  | {
      name: "stats";
      from: string;
      to: string;
      segment?: string;
      tz?: string;
      json: boolean;
      locale?: "en" | "es";
      workspace?: string;
    }
  | { name: "demo"; remove: boolean; workspace?: string }
  | { name: "tokens"; action: "list"; workspace?: string }
  | { name: "tokens"; action: "create" | "revoke"; target: string; workspace?: string }
  | ExportCommand
  | ForgetCommand;

function presetOf(kind: "movements" | "responses", values: Record<string, unknown>) {
  try {
    return parsePresetArgs(kind, values);
  } catch (error) {
    if (error instanceof PresetArgsError) throw new UsageError(error.message);
    throw error;
  }
}

export function parseCommand(argv: string[]): Command {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        "skip-invalid": { type: "boolean", default: false },
        "dry-run": { type: "boolean", default: false },
        tz: { type: "string" },
        workspace: { type: "string" },
        from: { type: "string" },
        since: { type: "string" },
        to: { type: "string" },
        segment: { type: "string" },
        "segment-column": { type: "string" },
        "value-column": { type: "string" },
        "date-order": { type: "string" },
        "won-stage": { type: "string", multiple: true },
        "lost-stage": { type: "string", multiple: true },
        kind: { type: "string" },
        "amount-unit": { type: "string" },
        preset: { type: "string" },
        json: { type: "boolean", default: false },
        locale: { type: "string" },
        remove: { type: "boolean", default: false },
        out: { type: "string" },
        user: { type: "string" },
        email: { type: "string" },
        yes: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values: v, positionals } = parsed;
  const [command, ...rest] = positionals;
  const workspace = v.workspace as string | undefined;
  const tz = v.tz === undefined ? undefined : ZZone.safeParse(v.tz);
  if (tz && !tz.success) throw new UsageError(tz.error.issues[0]?.message ?? "bad --tz");
  if (v.help || command === undefined || command === "help") return { name: "help" };
  switch (command) {
    case "migrate":
      return { name: "migrate", workspace };
    case "import": {
      if (rest[0] === "stripe") {
        if (rest.length > 1) throw new UsageError(`unexpected arguments: ${rest.slice(1).join(" ")}`);
        return { name: "import-stripe", since: v.since as string | undefined, tz: tz?.data, workspace };
      }
      const kind = z.enum(["movements", "responses"]).safeParse(rest[0]);
      if (!kind.success)
        throw new UsageError(
          "import needs a kind: import movements FILE.csv, import responses FILE.csv or import stripe",
        );
      if (!rest[1]) throw new UsageError(`import ${kind.data} needs a file: import ${kind.data} FILE.csv`);
      if (rest.length > 2) throw new UsageError(`unexpected arguments: ${rest.slice(2).join(" ")}`);
      return {
        name: "import",
        kind: kind.data,
        file: rest[1],
        skipInvalid: v["skip-invalid"] as boolean,
        dryRun: v["dry-run"] as boolean,
        tz: tz?.data,
        workspace,
        preset: presetOf(kind.data, v),
      };
    }
    case "stats": {
      if (!v.from || !v.to)
        throw new UsageError(
          "stats needs --from DATE and --to DATE, for example --from 2026-03-02 --to 2026-03-30",
        );
      const locale = z.enum(["en", "es"]).optional().safeParse(v.locale);
      if (!locale.success) throw new UsageError("--locale must be en or es");
      return {
        name: "stats",
        from: v.from as string,
        to: v.to as string,
        segment: v.segment as string | undefined,
        tz: tz?.data,
        json: v.json as boolean,
        locale: locale.data,
        workspace,
      };
    }
    case "demo":
      return { name: "demo", remove: v.remove as boolean, workspace };
    case "tokens":
      return parseTokensCommand(rest, workspace);
    case "export":
    case "forget":
      try {
        return command === "export"
          ? parseExportArgs(rest, v, { tz: tz?.data, workspace })
          : parseForgetArgs(rest, v, { workspace });
      } catch (error) {
        if (error instanceof PrivacyArgsError) throw new UsageError(error.message);
        throw error;
      }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

const ZTokensArgs = z.union([
  z.tuple([z.literal("list")]),
  z.tuple([z.enum(["create", "revoke"]), z.string().trim().min(1)]),
]);

function parseTokensCommand(rest: string[], workspace: string | undefined): Command {
  const parsed = ZTokensArgs.safeParse(rest);
  if (!parsed.success) {
    throw new UsageError(
      rest[0] === "create" || rest[0] === "revoke"
        ? `tokens ${rest[0]} needs one ${rest[0] === "create" ? "NAME (quote a name with spaces)" : "NAME or PREFIX"}`
        : "tokens needs an action: tokens create NAME, tokens list or tokens revoke NAME|PREFIX",
    );
  }
  const [action, target] = parsed.data;
  return action === "list"
    ? { name: "tokens", action, workspace }
    : { name: "tokens", action, target: target as string, workspace };
}
