import { z } from "zod";
import { PRESET_NAMES, PRESETS, type PresetName, type PresetOptions } from "../import/presets/index.js";

// The options of `import … --preset NAME`: which preset, and the few choices a vendor's export
// cannot make for us (which column is the segment, how to read 03/04/2026, which survey kind).

export const PRESET_USAGE = `      --preset NAME      read a vendor's export: hubspot, salesforce or chartmogul (movements), delighted (responses)
      --segment NAME          (preset) segment for rows without one, or for the whole file
      --segment-column NAME   (preset) the column (or Delighted property) naming the segment
      --value-column NAME     (hubspot, salesforce) the column with the annual value
      --date-order dmy|mdy    (hubspot, salesforce, chartmogul) how to read dates like 03/04/2026 or 4/8/2025 5:19 PM
      --won-stage LABEL       (hubspot, salesforce) a custom pipeline stage that means won (repeatable)
      --lost-stage LABEL      (hubspot, salesforce) a custom pipeline stage that means lost (repeatable)
      --amount-unit cents|major  (chartmogul) amounts in integer cents (ChartMogul's, the default) or currency units
      --kind nps|csat|ces     (delighted) the survey kind when the export does not say (default nps)`;

export interface PresetChoice {
  name: PresetName;
  options: Omit<PresetOptions, "timeZone">;
}

const ZName = z.enum(PRESET_NAMES, {
  error: (issue) => `unknown preset "${String(issue.input)}": the presets are ${PRESET_NAMES.join(", ")}`,
});
const ZText = z.string().trim().min(1);
const ZStage = z
  .string()
  .trim()
  .min(1, "needs a stage label, as the export writes it")
  .max(200, "a stage label is at most 200 characters");
const ZOptions = z
  .object({
    segment: ZText.max(100).optional(),
    segmentColumn: ZText.optional(),
    valueColumn: ZText.optional(),
    dateOrder: z.enum(["dmy", "mdy"], { error: "--date-order must be dmy or mdy" }).optional(),
    kind: z.enum(["nps", "csat", "ces"], { error: "--kind must be nps, csat or ces" }).optional(),
    wonStages: z.array(ZStage).optional(),
    lostStages: z.array(ZStage).optional(),
    amountUnit: z.enum(["cents", "major"], { error: "--amount-unit must be cents or major" }).optional(),
  })
  .refine((o) => !o.wonStages?.some((w) => o.lostStages?.some((l) => l.toLowerCase() === w.toLowerCase())), {
    message: "a stage cannot be both --won-stage and --lost-stage",
    path: ["wonStages"],
  });

const FLAG: Record<keyof z.infer<typeof ZOptions>, string> = {
  segment: "--segment",
  segmentColumn: "--segment-column",
  valueColumn: "--value-column",
  dateOrder: "--date-order",
  kind: "--kind",
  wonStages: "--won-stage",
  lostStages: "--lost-stage",
  amountUnit: "--amount-unit",
};

/** The options each preset reads besides --segment and --segment-column, which all read. */
const OWN: Record<PresetName, ReadonlyArray<keyof typeof FLAG>> = {
  hubspot: ["valueColumn", "dateOrder", "wonStages", "lostStages"],
  salesforce: ["valueColumn", "dateOrder", "wonStages", "lostStages"],
  chartmogul: ["dateOrder", "amountUnit"],
  delighted: ["kind"],
};
const SHARED: ReadonlyArray<keyof typeof FLAG> = ["segment", "segmentColumn"];

/** Refused preset options; args.ts turns this into its UsageError (this module cannot import it). */
export class PresetArgsError extends Error {}

/** The preset choice of an import command, or undefined without --preset. */
export function parsePresetArgs(
  kind: "movements" | "responses",
  values: Record<string, unknown>,
): PresetChoice | undefined {
  const raw = {
    segment: values.segment,
    segmentColumn: values["segment-column"],
    valueColumn: values["value-column"],
    dateOrder: values["date-order"],
    kind: values.kind,
    wonStages: values["won-stage"],
    lostStages: values["lost-stage"],
    amountUnit: values["amount-unit"],
  };
  const given = (Object.keys(raw) as Array<keyof typeof raw>).filter((k) => raw[k] !== undefined);
  if (values.preset === undefined) {
    if (given.length)
      throw new PresetArgsError(`${given.map((k) => FLAG[k]).join(", ")} only apply with --preset`);
    return undefined;
  }
  const name = ZName.safeParse(values.preset);
  if (!name.success) throw new PresetArgsError(name.error.issues[0]?.message ?? "bad --preset");
  const presetKind = PRESETS[name.data].kind;
  if (presetKind !== kind)
    throw new PresetArgsError(
      `--preset ${name.data} reads ${presetKind === "movements" ? "CRM deals (ledger movements)" : "survey answers"}: use import ${presetKind} FILE.csv --preset ${name.data}`,
    );
  const unfit = given.filter((k) => !SHARED.includes(k) && !OWN[name.data].includes(k));
  if (unfit.length)
    throw new PresetArgsError(
      `${unfit.map((k) => FLAG[k]).join(", ")} do not apply to --preset ${name.data}`,
    );
  const options = ZOptions.safeParse(raw);
  if (!options.success) {
    const issue = options.error.issues[0];
    const key = String(issue?.path[0] ?? "") as keyof typeof FLAG;
    throw new PresetArgsError(
      issue?.message.startsWith("--") ? issue.message : `${FLAG[key] ?? "option"}: ${issue?.message}`,
    );
  }
  return { name: name.data, options: options.data };
}
