import { createRequire } from "node:module";
import type { Logger, LogLevel } from "@slack/bolt";
import { type DestinationStream, multistream, type LoggerOptions as PinoOptions, pino } from "pino";
import { createRedactor, REDACT_PATHS, REDACTED, type Redactor } from "./redact.js";

// One logger for the process: Bolt's own messages, the scheduler's lines and the HTTP API's
// unexpected errors. It is pino: JSON lines (time, level, name, msg, then the fields) for log
// collectors; "pretty" for a person at a terminal through pino-pretty (a dev dependency: where it
// is not installed, as in a production install, the lines stay JSON). Redaction: pino's `redact`
// paths censor sensitive fields; its formatters.log and hooks.logMethod hooks run the text rules
// and the key-word match of redact.ts over every field and the message.
// It implements Bolt's Logger interface (debug/info/warn/error/setLevel/getLevel/setName), so Bolt
// and the WebClient log through it too.

export type LogLevelName = "debug" | "info" | "warn" | "error";
export type LogFormat = "json" | "pretty";

const LEVELS = new Set<string>(["debug", "info", "warn", "error"]);
const RESERVED = new Set(["time", "level", "name", "msg"]);

export type AppLogger = Logger;

export interface LoggerOptions {
  level?: LogLevelName;
  /** Default: pretty when stdout is a terminal, JSON otherwise. */
  format?: LogFormat;
  name?: string;
  /** Exact secret values to remove wherever they appear (see createRedactor). */
  secrets?: ReadonlyArray<string | undefined>;
  /**
   * Where pino writes its lines (anything with write(line)). Default: stdout, and for pretty
   * output warnings and errors go to stderr. Tests pass a stream that keeps the lines.
   */
  destination?: DestinationStream;
  clock?: () => Date;
  /** The module that formats pretty lines (tests name a missing one to see the JSON fallback). */
  prettyModule?: string;
}

type Prettify = (line: Record<string, unknown>) => string;

/** pino-pretty's formatter, or undefined where it is not installed (production install). */
function loadPrettifier(colorize: boolean, moduleName = "pino-pretty"): Prettify | undefined {
  try {
    const pretty = createRequire(import.meta.url)(moduleName) as {
      prettyFactory(options: Record<string, unknown>): Prettify;
    };
    return pretty.prettyFactory({
      colorize,
      translateTime: "UTC:yyyy-mm-dd'T'HH:MM:ss.l'Z'",
      errorLikeObjectKeys: ["error", "err"],
      customLevels: "debug:20,info:30,warn:40,error:50",
      useOnlyCustomProps: false,
    });
  } catch {
    return undefined;
  }
}

function prettyDestination(prettify: Prettify, target: DestinationStream): DestinationStream {
  return { write: (line: string) => target.write(prettify(JSON.parse(line) as Record<string, unknown>)) };
}

export function createLogger(options: LoggerOptions = {}): AppLogger {
  const format: LogFormat = options.format ?? (process.stdout.isTTY ? "pretty" : "json");
  const redactor = createRedactor(options.secrets);
  const clock = options.clock ?? (() => new Date());
  const prettify =
    format === "pretty"
      ? loadPrettifier(!options.destination && Boolean(process.stdout.isTTY), options.prettyModule)
      : undefined;

  let destination: DestinationStream;
  if (prettify && options.destination) destination = prettyDestination(prettify, options.destination);
  else if (prettify) {
    // dedupe: each line goes to the stream with the highest level it reaches.
    destination = multistream(
      [
        { level: "debug", stream: prettyDestination(prettify, process.stdout) },
        { level: "warn", stream: prettyDestination(prettify, process.stderr) },
      ],
      { dedupe: true },
    );
  } else destination = options.destination ?? pino.destination({ dest: 1, sync: true });

  const pinoOptions: PinoOptions = {
    level: options.level ?? "info",
    base: options.name ? { name: options.name } : {},
    timestamp: () => `,"time":"${clock().toISOString()}"`,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    formatters: {
      level: (label) => ({ level: label }),
      log: (fields) => redactor.value(fields) as Record<string, unknown>,
    },
    hooks: {
      // The message: createLogger's methods call pino with (fields, msg); a bare string is a message too.
      logMethod(args, method) {
        const [first, msg] = args as unknown[];
        if (typeof first === "string") method.call(this, redactor.text(first));
        else method.call(this, first as object, typeof msg === "string" ? redactor.text(msg) : "");
      },
    },
  };
  const log = pino(pinoOptions, destination);

  const write = (at: LogLevelName, args: unknown[]) => {
    if (!log.isLevelEnabled(at)) return;
    const { msg, fields } = buildEntry(args, (text) => messagePart(text, redactor));
    log[at](fields, msg);
  };

  return {
    debug: (...args) => write("debug", args),
    info: (...args) => write("info", args),
    warn: (...args) => write("warn", args),
    error: (...args) => write("error", args),
    setLevel: (next) => {
      const wanted = String(next).toLowerCase();
      if (LEVELS.has(wanted)) log.level = wanted;
    },
    // Bolt's LogLevel enum has these very strings as values.
    getLevel: () => log.level as LogLevel,
    // One logger is shared by Bolt, its WebClient and the Socket Mode client, and each names
    // itself through this ("socket-mode:SocketModeClient:0"): honouring it would relabel every
    // line of the process with whichever library spoke last. The name given at creation stays.
    setName: () => {},
  };
}

/**
 * Bolt calls log methods like console.log (strings, Errors, objects in any order); our own code
 * calls log.info("what happened", { fields }). Strings make the message, an Error becomes the
 * `error` field, plain objects are merged into the fields (a field named like one of pino's own
 * keys gets a `field_` prefix rather than overwrite it).
 */
function buildEntry(
  args: unknown[],
  messagePart: (text: string) => string,
): { msg: string; fields: Record<string, unknown> } {
  const words: string[] = [];
  const fields: Record<string, unknown> = {};
  const errors: unknown[] = [];
  for (const arg of args) {
    if (arg instanceof Error) errors.push(arg);
    else if (typeof arg === "string") words.push(messagePart(arg));
    else if (arg !== null && typeof arg === "object" && !Array.isArray(arg)) {
      for (const [key, value] of Object.entries(arg))
        fields[RESERVED.has(key) ? `field_${key}` : key] = value;
    } else if (arg !== undefined) {
      words.push(typeof arg === "symbol" ? arg.toString() : (JSON.stringify(arg) ?? String(arg)));
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
