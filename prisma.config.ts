import { defineConfig } from "prisma/config";

// Only `prisma generate` uses the Prisma CLI here. Migrations run through the Wasm schema engine
// from our own code (npm run db:migrate), because the CLI's migrate commands download a native
// engine that these machines cannot fetch.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
