// The layers of src/ and the one direction their imports may point (README, "Layers").
//
//   entry points   src/main.ts  src/cli/  src/http/  src/slack/  src/scheduler/
//        ↓
//   use cases      src/services/
//        ↓
//   adapters and   src/data/ (Prisma)  src/import/ (CSV formats)  src/render/  src/charts/  src/i18n/
//   views
//        ↓
//   rules          src/domain/
//   (src/config/ and src/observability/ sit beside domain: read by everything above, reading only domain)
//
// `npm run lint` runs this; a violation fails CI.

const ENTRY = "^src/(main\\.ts|cli/|http/|slack/|scheduler/)";
const NOT_SRC_OR = (allowed) => `^src/(?!(${allowed})/)`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "A circle of files has no bottom: split the shared part into a lower module.",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-circular-folders",
      severity: "error",
      comment: "Folders must form a tree of dependencies too, not a knot.",
      scope: "folder",
      from: {},
      to: { circular: true },
    },
    {
      name: "domain-is-pure",
      severity: "error",
      comment: "src/domain imports only src/domain (and libraries such as decimal.js and zod).",
      from: { path: "^src/domain/" },
      to: { path: NOT_SRC_OR("domain") },
    },
    {
      name: "config-reads-only-domain",
      severity: "error",
      comment: "src/config is read by everything; it may use domain types, nothing above.",
      from: { path: "^src/config/" },
      to: { path: NOT_SRC_OR("config|domain") },
    },
    {
      name: "observability-is-a-leaf",
      severity: "error",
      comment: "Logging and metrics are used from every layer, so they import only config and domain.",
      from: { path: "^src/observability/" },
      to: { path: NOT_SRC_OR("observability|config|domain") },
    },
    {
      name: "data-reads-only-domain-and-config",
      severity: "error",
      comment: "src/data (the only Prisma user) imports domain and config only.",
      from: { path: "^src/data/" },
      to: { path: NOT_SRC_OR("data|domain|config|generated|observability") },
    },
    {
      name: "prisma-only-in-data",
      severity: "error",
      comment: "Only src/data knows Prisma: the generated client and the driver adapters.",
      from: { path: "^src/", pathNot: "^src/(data|generated)/" },
      to: {
        path: [
          "^src/generated/",
          "node_modules/(@prisma/|prisma/|pglite-prisma-adapter/|@electric-sql/pglite/|pg/)",
        ],
      },
    },
    {
      name: "views-are-pure",
      severity: "error",
      comment: "render/, charts/ and i18n/ are views of plain objects: no services, data or entry points.",
      from: { path: "^src/(render|charts|i18n)/" },
      to: { path: NOT_SRC_OR("render|charts|i18n|domain|config") },
    },
    {
      name: "i18n-is-words-only",
      severity: "error",
      comment: "The word catalogues sit under the views: they use domain types only.",
      from: { path: "^src/i18n/" },
      to: { path: NOT_SRC_OR("i18n|domain") },
    },
    {
      name: "import-formats-are-parsers",
      severity: "error",
      comment: "src/import reads CSV formats into domain inputs; storing them is a service's job.",
      from: { path: "^src/import/" },
      to: { path: NOT_SRC_OR("import|domain|config") },
    },
    {
      name: "services-never-reach-up",
      severity: "error",
      comment: "Use cases know nothing of Slack, HTTP, the CLI, the scheduler or main.",
      from: { path: "^src/services/" },
      to: { path: ENTRY },
    },
    {
      name: "no-bolt-below-the-entry-points",
      severity: "error",
      comment:
        "Bolt (and its Socket Mode and OAuth parts) belongs to src/slack; services get what they post through from their caller.",
      from: { path: "^src/(services|domain|render|charts|i18n|import|config)/" },
      to: { path: "node_modules/@slack/(bolt|socket-mode|oauth)/" },
    },
    {
      name: "data-uses-bolt-types-only",
      severity: "error",
      comment:
        "The installation store implements Bolt's InstallationStore interface: its types, nothing else.",
      from: { path: "^src/data/" },
      to: { path: "node_modules/@slack/(bolt|socket-mode|oauth)/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "observability-uses-bolt-types-only",
      severity: "error",
      comment: "The logger implements Bolt's Logger interface: its types, nothing else.",
      from: { path: "^src/observability/" },
      to: { path: "node_modules/@slack/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "entry-points-reach-data-through-services",
      severity: "error",
      comment:
        "Slack, HTTP, the CLI and the scheduler call services; only the composition roots open the database handle (src/data/database.ts).",
      from: { path: ENTRY },
      to: { path: "^src/data/", pathNot: "^src/data/database\\.ts$" },
    },
    {
      name: "only-composition-roots-open-the-database",
      severity: "error",
      comment: "The database handle is opened by main.ts and the CLI's main; everything else is given it.",
      from: { path: "^src/(http|slack|scheduler)/" },
      to: { path: "^src/data/database\\.ts$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "entry-points-stay-apart",
      severity: "error",
      comment:
        "Slack, HTTP, CLI and scheduler do not import each other; main.ts composes them. (The Slack app starts the scheduler it is given the clients for.)",
      from: { path: "^src/(cli|http|slack|scheduler)/" },
      to: {
        path: "^src/(main\\.ts|cli/|http/|slack/|scheduler/)",
        pathNot: ["^src/$1/", "^src/scheduler/"],
      },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: ["node_modules", "^src/generated/"] },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
  },
};
