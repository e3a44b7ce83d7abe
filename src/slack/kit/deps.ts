import type { AckFn, RespondArguments, RespondFn, SlashCommand } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Config } from "../../config/env.js";
import type { Database } from "../../data/database.js";
import type { Locale } from "../../domain/locale.js";
import type { Action, Role } from "../../domain/permissions.js";
import type { Workspace } from "../../domain/workspace.js";
import type { Metrics } from "../../observability/metrics.js";
import type { Directory } from "./directory.js";

/** What every Slack feature receives: the database, configuration, a clock, the directory and the app's metrics. */
export interface SlackDeps {
  db: Database;
  config: Config;
  clock: () => Date;
  directory: Directory;
  /** This app's registry (what /metrics serves for it). */
  metrics: Metrics;
  workspaceForTeam(teamId: string): Promise<Workspace>;
}

/** Who is asking, in which workspace, in which language, with which role. */
export interface RequestContext {
  workspace: Workspace;
  userId: string;
  teamId: string;
  role: Role;
  locale: Locale;
  can(action: Action): boolean;
}

export interface SubcommandArgs {
  /** The words after the subcommand. */
  args: string[];
  /** Must be called within 3 s; a message given here is the private reply. */
  ack: AckFn<string | RespondArguments>;
  command: SlashCommand;
  ctx: RequestContext;
  client: WebClient;
  respond: RespondFn;
  deps: SlackDeps;
}

/** A `/cx <name>` handler. It acknowledges the command itself (with its reply, or empty). */
export type Subcommand = (a: SubcommandArgs) => Promise<void>;

export interface Feature {
  name: string;
  register?(app: import("@slack/bolt").App, deps: SlackDeps): void;
  subcommands?: Record<string, Subcommand>;
}
