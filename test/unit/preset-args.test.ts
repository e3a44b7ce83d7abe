import { describe, expect, it } from "vitest";
import { parseCommand, UsageError } from "../../src/cli/args.js";

// `import … --preset NAME`: options checked with zod, refusals that say what to type instead.

describe("--preset on the command line", () => {
  it("takes a preset and its options", () => {
    expect(
      parseCommand([
        "import",
        "movements",
        "deals.csv",
        "--preset",
        "salesforce",
        "--date-order",
        "dmy",
        "--segment",
        "SMB",
      ]),
    ).toMatchObject({ preset: { name: "salesforce", options: { dateOrder: "dmy", segment: "SMB" } } });
  });

  it("takes the ChartMogul amount unit", () => {
    expect(
      parseCommand([
        "import",
        "movements",
        "activities.csv",
        "--preset",
        "chartmogul",
        "--amount-unit",
        "major",
        "--segment",
        "SMB",
      ]),
    ).toMatchObject({ preset: { name: "chartmogul", options: { amountUnit: "major", segment: "SMB" } } });
  });

  it("takes custom pipeline stages, repeatable", () => {
    expect(
      parseCommand([
        "import",
        "movements",
        "deals.csv",
        "--preset",
        "hubspot",
        "--won-stage",
        "Contract signed",
        "--won-stage",
        "Paid",
        "--lost-stage",
        "Churned",
      ]),
    ).toMatchObject({
      preset: {
        name: "hubspot",
        options: { wonStages: ["Contract signed", "Paid"], lostStages: ["Churned"] },
      },
    });
  });

  it.each([
    [
      ["import", "movements", "f.csv", "--preset", "hubspot", "--won-stage", "Done", "--lost-stage", "done"],
      /cannot be both --won-stage and --lost-stage/,
    ],
    [
      ["import", "movements", "f.csv", "--preset", "hubspot", "--won-stage", "  "],
      /--won-stage: needs a stage label/,
    ],
    [["import", "movements", "f.csv", "--won-stage", "Done"], /--won-stage only apply with --preset/],
    [
      ["import", "responses", "f.csv", "--preset", "delighted", "--lost-stage", "Churned"],
      /--lost-stage do not apply to --preset delighted/,
    ],
    [
      ["import", "movements", "f.csv", "--preset", "pipedrive"],
      /the presets are hubspot, salesforce, chartmogul, delighted/,
    ],
    [
      ["import", "movements", "f.csv", "--preset", "delighted"],
      /use import responses FILE.csv --preset delighted/,
    ],
    [
      ["import", "responses", "f.csv", "--preset", "hubspot"],
      /use import movements FILE.csv --preset hubspot/,
    ],
    [["import", "movements", "f.csv", "--segment-column", "Industry"], /only apply with --preset/],
    [
      ["import", "responses", "f.csv", "--preset", "delighted", "--kind", "enps"],
      /--kind must be nps, csat or ces/,
    ],
    [
      ["import", "movements", "f.csv", "--preset", "hubspot", "--kind", "nps"],
      /do not apply to --preset hubspot/,
    ],
    [
      ["import", "movements", "f.csv", "--preset", "chartmogul", "--won-stage", "Churned"],
      /--won-stage do not apply to --preset chartmogul/,
    ],
    [
      ["import", "movements", "f.csv", "--preset", "chartmogul", "--value-column", "activity-arr"],
      /--value-column do not apply to --preset chartmogul/,
    ],
    [
      ["import", "movements", "f.csv", "--preset", "hubspot", "--amount-unit", "major"],
      /--amount-unit do not apply to --preset hubspot/,
    ],
    [
      ["import", "movements", "f.csv", "--preset", "chartmogul", "--amount-unit", "dollars"],
      /--amount-unit must be cents or major/,
    ],
    [
      ["import", "movements", "f.csv", "--preset", "hubspot", "--date-order", "ymd"],
      /--date-order must be dmy or mdy/,
    ],
  ])("refuses %j", (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
    expect(() => parseCommand(argv)).toThrow(message);
  });
});
