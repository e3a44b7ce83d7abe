import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { z } from "zod";
import { createMigration } from "../src/data/migrations.js";

// npm run db:migration:new -- <name>: diffs prisma/migrations against prisma/schema.prisma on a
// throwaway in-memory PGlite (the shadow database) and writes the SQL of a new migration.

const ZName = z
  .string({ error: "Usage: npm run db:migration:new -- <name>   (for example add_meeting_actions)" })
  .regex(/^[a-z0-9_]+$/, "The migration name may only hold lowercase letters, digits and underscores");

const parsed = ZName.safeParse(process.argv[2]);
if (!parsed.success) {
  console.error(parsed.error.issues[0]?.message);
  process.exit(2);
}
const pglite = await PGlite.create();
try {
  const result = await createMigration(new PrismaPGlite(pglite), parsed.data, new Date());
  if (!result) console.log("The schema matches the migrations: nothing to write.");
  else console.log(`Wrote ${result.dir}/migration.sql\nReview it, then apply it with npm run db:migrate.`);
} finally {
  await pglite.close();
}
