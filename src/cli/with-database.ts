import type { Database } from "../data/database.js";
import { describeError } from "./errors.js";

/**
 * The composition roots' frame: runs `body` with the database `open` gives and closes it whatever
 * happens; a failure (also opening) is printed as describeError says and its exit code returned.
 */
export async function withDatabase(
  open: () => Promise<Database>,
  body: (db: Database) => Promise<number>,
): Promise<number> {
  let db: Database | undefined;
  try {
    db = await open();
    return await body(db);
  } catch (error) {
    const { message, exitCode } = describeError(error);
    console.error(message);
    return exitCode;
  } finally {
    await db?.close();
  }
}
