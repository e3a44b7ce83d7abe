import { z } from "zod";

// Arguments of `export` and `forget` (an admin's data requests), checked with zod. The generic
// split is node's parseArgs in ./args.ts; this says what the words mean.

export type ExportCommand = {
  name: "export";
  kind: "ledger" | "responses";
  out?: string;
  from?: string;
  to?: string;
  segment?: string;
  tz?: string;
  workspace?: string;
};

export type ForgetCommand = {
  name: "forget";
  user?: string;
  email?: string;
  yes: boolean;
  workspace?: string;
};

export const PRIVACY_USAGE = `  export ledger|responses [--out FILE] [--from DATE] [--to DATE] [--segment NAME] [--tz ZONE]
                                            the ledger or the survey answers as CSV, in the import's
                                            columns (so it imports back); stdout without --out
                                            (npm run -s cli keeps npm's banner out of the file)
  forget --user U123 [--email a@b.c] [--yes]
                                            delete a person's named answers and notes, deliveries
                                            and contact links, and replace their id elsewhere;
                                            without --yes only shows what would change
                                            (--email finds the Slack user; needs SLACK_BOT_TOKEN)`;

export class PrivacyArgsError extends Error {}

const ZExportKind = z.enum(["ledger", "responses"], {
  error: "export needs what to export: export ledger or export responses",
});
const ZOut = z.string().trim().min(1, "--out needs a file name").optional();
const ZSlackUser = z
  .string()
  .trim()
  .transform((s) => s.replace(/^<@([A-Z0-9]+)(\|[^>]*)?>$/, "$1").toUpperCase())
  .pipe(z.string().regex(/^[UW][A-Z0-9]{2,30}$/, "--user must be a Slack user id such as U0123ABCD"))
  .optional();
const ZEmail = z.email("--email must be an e-mail address such as ana@example.com").optional();

const firstIssue = (error: z.ZodError) => error.issues[0]?.message ?? "bad arguments";

export function parseExportArgs(
  rest: string[],
  v: Record<string, unknown>,
  common: { tz?: string; workspace?: string },
): ExportCommand {
  const kind = ZExportKind.safeParse(rest[0]);
  if (!kind.success) throw new PrivacyArgsError(firstIssue(kind.error));
  if (rest.length > 1) throw new PrivacyArgsError(`unexpected arguments: ${rest.slice(1).join(" ")}`);
  const out = ZOut.safeParse(v.out);
  if (!out.success) throw new PrivacyArgsError(firstIssue(out.error));
  return {
    name: "export",
    kind: kind.data,
    out: out.data,
    from: v.from as string | undefined,
    to: v.to as string | undefined,
    segment: v.segment as string | undefined,
    tz: common.tz,
    workspace: common.workspace,
  };
}

export function parseForgetArgs(
  rest: string[],
  v: Record<string, unknown>,
  common: { workspace?: string },
): ForgetCommand {
  if (rest.length > 0)
    throw new PrivacyArgsError(`unexpected arguments: ${rest.join(" ")} (use --user U123)`);
  const user = ZSlackUser.safeParse(v.user);
  if (!user.success) throw new PrivacyArgsError(firstIssue(user.error));
  const email = ZEmail.safeParse(v.email);
  if (!email.success) throw new PrivacyArgsError(firstIssue(email.error));
  if (!user.data && !email.data)
    throw new PrivacyArgsError("forget needs --user U123 (a Slack user id) or --email a@b.c");
  return {
    name: "forget",
    user: user.data,
    email: email.data,
    yes: v.yes === true,
    workspace: common.workspace,
  };
}
