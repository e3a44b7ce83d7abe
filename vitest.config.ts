import { configDefaults, defineConfig } from "vitest/config";

// Two projects (`npm test` runs both):
// - unit: test/unit, pure code. No database, no network, no child processes:
//   test/helpers/unit-setup.ts makes any attempt fail loudly. No global setup, so
//   `npm run test:unit` (vitest run --project unit) starts no database.
// - integration: everything else (test/integration, test/e2e, test/faults, test/security), with
//   PGlite, PostgreSQL, HTTP and child processes.
export default defineConfig({
  test: {
    environment: "node",
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          setupFiles: ["test/helpers/unit-setup.ts"],
          // Pure modules tolerate sharing a worker; skipping per-file isolation saves most of the
          // start-up time.
          isolate: false,
          testTimeout: 10_000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "test/unit/**"],
          // One migrated PGlite (and, with TEST_DATABASE_URL, one PostgreSQL template database)
          // per run; each test clones it. See test/helpers/db.ts.
          globalSetup: ["test/helpers/global-setup.ts"],
        },
      },
    ],
  },
});
