import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

// Prisma 7's CLI can only migrate with a native engine downloaded from Prisma's servers. The
// same engine ships as Wasm on npm; we drive it directly with our driver adapter.

type EngineModule = typeof import("@prisma/schema-engine-wasm") & {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
};

let modulePromise: Promise<EngineModule> | undefined;

async function loadModule(): Promise<EngineModule> {
  const runtime = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as EngineModule;
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve("@prisma/schema-engine-wasm"));
  const bytes = await readFile(join(pkgDir, "schema_engine_bg.wasm"));
  // The engine arms ~10 s timers (connection idle timeouts) that would keep a finished CLI
  // process alive; unref them so they never hold the event loop open.
  const imports: Record<string, unknown> = { ...runtime };
  for (const name of Object.keys(imports)) {
    if (name.startsWith("__wbg_setTimeout_")) {
      imports[name] = (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref();
    }
  }
  const { instance } = await WebAssembly.instantiate(bytes, {
    "./schema_engine_bg.js": imports as WebAssembly.ModuleImports,
  });
  runtime.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return runtime;
}

export async function withSchemaEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  use: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  modulePromise ??= loadModule();
  const mod = await modulePromise;
  // The engine never disposes the connections it opens (on PostgreSQL, a pool each): track
  // them and close them here, or a CLI run would wait for the pool's idle timeout.
  const opened: SqlDriverAdapter[] = [];
  const track = async (connect: Promise<SqlDriverAdapter>) => {
    const adapter = await connect;
    opened.push(adapter);
    return adapter;
  };
  const tracking: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => track(factory.connect()),
    connectToShadowDb: () => track(factory.connectToShadowDb()),
  };
  const engine = await mod.SchemaEngine.new(
    { datamodels: undefined },
    () => {},
    bindMigrationAwareSqlAdapterFactory(tracking),
  );
  try {
    return await use(engine);
  } finally {
    engine.free();
    await Promise.all(opened.map((adapter) => adapter.dispose().catch(() => {})));
  }
}

export const noFilters = { externalTables: [], externalEnums: [] };
