import { inspect } from "node:util";
import type { Logger, LogLevel } from "@slack/bolt";
import { createRedactor, type Redactor } from "./redact.js";

// One logger for the process: Bolt's own messages, the scheduler's lines and the HTTP API's
// unexpected errors. JSON (one object a line: time, level, name, msg, then the fields) for log
// collectors; "pretty" for a person at a terminal. Everything goes through the redactor first.
// It implements Bolt's Logger interface (debug/info/warn/error/setLevel/getLevel/setName), so Bolt
// and the WebClient log through it too.

export type LogLevelName = "debug" | "info" | "warn" | "error";
export type LogFormat = "json" | "pretty";

const SEVERITY: Record<LogLevelName, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const RESERVED = new Set(["time", "level", "name", "msg"]);

export type AppLogger = Logger;

export interface LoggerOptions {
  level?: LogLevelName;
  /** Default: pretty when stdout is a terminal, JSON otherwise. */
  format?: LogFormat;
  name?: string;
  /** Exact secret values to remove wherever they appear (see createRedactor). */
  secrets?: ReadonlyArray<string | undefined>;
  /** Where lines go (default: stdout; pretty warnings and errors to stderr). Tests capture them. */
  write?: (line: string, level: LogLevelName) => void;
  clock?: () => Date;
}

export function createLogger(options: LoggerOptions = {}): AppLogger {
  let level: LogLevelName = options.level ?? "info";
  const name = options.name;
  const format: LogFormat = options.format ?? (process.stdout.isTTY ? "pretty" : "json");
  const redactor = createRedactor(options.secrets);
  const clock = options.clock ?? (() => new Date());
  const write =
    options.write ??
    ((line: string, at: LogLevelName) =>
      (format === "pretty" && SEVERITY[at] >= SEVERITY.warn ? process.stderr : process.stdout).write(
        `${line}\n`,
      ));

  const log = (at: LogLevelName, args: unknown[]) => {
    if (SEVERITY[at] < SEVERITY[level]) return;
    const entry = buildEntry(args, redactor);
    const time = clock().toISOString();
    write(format === "json" ? jsonLine(time, at, name, entry) : prettyLine(time, at, name, entry), at);
  };

  return {
    debug: (...args) => log("debug", args),
    info: (...args) => log("info", args),
    warn: (...args) => log("warn", args),
    error: (...args) => log("error", args),
    setLevel: (next) => {
      const wanted = String(next).toLowerCase();
      if (wanted in SEVERITY) level = wanted as LogLevelName;
    },
    // Bolt's LogLevel enum has these very strings as values.
    getLevel: () => level as unknown as LogLevel,
    // One logger is shared by Bolt, its WebClient and the Socket Mode client, and each names
    // itself through this ("socket-mode:SocketModeClient:0"): honouring it would relabel every
    // line of the process with whichever library spoke last. The name given at creation stays.
    setName: () => {},
  };
}

interface Entry {
  msg: string;
  fields: Record<string, unknown>;
}

/**
 * Bolt calls log methods like console.log (strings, Errors, objects in any order); our own code
 * calls log.info("what happened", { fields }). Strings make the message, an Error becomes the
 * `error` field, plain objects are merged into the fields.
 */
function buildEntry(args: unknown[], redactor: Redactor): Entry {
  const words: string[] = [];
  const fields: Record<string, unknown> = {};
  const errors: unknown[] = [];
  for (const arg of args) {
    if (arg instanceof Error) errors.push(redactor.value(arg));
    else if (typeof arg === "string") words.push(messagePart(arg, redactor));
    else if (arg !== null && typeof arg === "object" && !Array.isArray(arg)) {
      Object.assign(fields, redactor.value(arg) as Record<string, unknown>);
    } else if (arg !== undefined) {
      words.push(
        redactor.text(typeof arg === "symbol" ? arg.toString() : (JSON.stringify(arg) ?? String(arg))),
      );
    }
  }
  if (errors.length === 1) fields.error = errors[0];
  else if (errors.length > 1) fields.errors = errors;
  return { msg: words.join(" "), fields };
}

// Bolt logs request bodies as JSON strings at debug level: parsed, they get the key-based
// redaction too (a person's message text, a modal's comment).
function messagePart(text: string, redactor: Redactor): string {
  const trimmed = text.trim();
  if (
    (trimmed.startsWith("{") && trimmed.endsWith("}")) ||
    (trimmed.startsWith("[") && trimmed.endsWith("]"))
  ) {
    try {
      return JSON.stringify(redactor.value(JSON.parse(trimmed)));
    } catch {
      // Not JSON after all: the text rules below still apply.
    }
  }
  return redactor.text(text);
}

function jsonLine(time: string, level: LogLevelName, name: string | undefined, entry: Entry): string {
  const out: Record<string, unknown> = { time, level };
  if (name) out.name = name;
  out.msg = entry.msg;
  for (const [key, value] of Object.entries(entry.fields))
    out[RESERVED.has(key) ? `field_${key}` : key] = value;
  return JSON.stringify(out);
}

function prettyLine(time: string, level: LogLevelName, name: string | undefined, entry: Entry): string {
  const { error, ...rest } = entry.fields as { error?: { stack?: string; message?: string } };
  const head = `${time} ${level.toUpperCase().padEnd(5)}${name ? ` [${name}]` : ""} ${entry.msg}`;
  const pairs = Object.entries(rest).map(
    ([key, value]) =>
      `${key}=${typeof value === "string" ? JSON.stringify(value) : inspect(value, { depth: 4, breakLength: Infinity })}`,
  );
  const lines = [pairs.length ? `${head} ${pairs.join(" ")}` : head];
  if (error) lines.push(`  ${(error.stack ?? error.message ?? inspect(error)).split("\n").join("\n  ")}`);
  return lines.join("\n");
}
