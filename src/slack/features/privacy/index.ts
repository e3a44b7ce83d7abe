import type { Feature } from "../../kit/deps.js";
import { exportCommand } from "./export.js";
import { forgetCommand, registerForget } from "./forget.js";

// `/cx export ledger|responses` (export.ts) and `/cx forget @person` (forget.ts): an admin's
// data requests. Both are checked for the admin role on the server, at the command and again at
// the confirmation.

export const privacyFeature: Feature = {
  name: "privacy",
  subcommands: {
    export: exportCommand,
    exportar: exportCommand,
    forget: forgetCommand,
    olvidar: forgetCommand,
  },
  register: registerForget,
};
