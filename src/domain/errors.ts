// The project's own errors that reach a person: thrown by the layer that finds the problem, worded
// for whoever reads them (the CLI prints the message as is), and recognised by class above it.

export class WorkspaceChoiceError extends Error {
  readonly code = "WORKSPACE_CHOICE";
}

export class DatabaseInUseError extends Error {
  readonly code = "DATABASE_IN_USE";
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another RightToGrow process (pid ${pid}). ` +
        "Stop that process first (for example the running bot), or point both at PostgreSQL with DATABASE_URL.",
    );
    this.name = "DatabaseInUseError";
  }
}

export class MigrationError extends Error {
  readonly code = "MIGRATION_FAILED";
  constructor(readonly original: unknown) {
    const detail = String((original as Error)?.message ?? original)
      .split("\n")
      .filter((line) => line.trim() && !/^\s+(at |\d+: )/.test(line))
      .slice(0, 3)
      .join(" ");
    super(
      `Could not apply the database migrations: ${detail}\n` +
        "If this database holds tables from something else (or an old development schema), point " +
        "DATABASE_URL / DATA_DIR at an empty database.",
    );
    this.name = "MigrationError";
  }
}
