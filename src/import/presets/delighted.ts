import { CsvHeaderError } from "../csv-errors.js";
import type { ColumnError } from "../csv-rows.js";
import type { MappedRow, Preset, PresetOptions, SurveyKind } from "./preset-types.js";
import { parseSurveyTime } from "./preset-values.js";
import { cell, fieldCountError, foldLabel, SourceHeader } from "./source-header.js";

// Delighted survey responses (Delighted announced it shuts down on 2026-06-30). A response is the
// Delighted API's SurveyResponse: id, person, survey_type, score, comment, created_at (Unix
// seconds) and person_properties (see README, "CSV presets"). The CSV download labels these for
// people ("Response ID", "Score", "Comment", "Created", "Email", "Name") and adds one column per
// person property; both spellings are read, as are properties written "Properties: name" or
// "person_properties.name".
//
// - The timestamp is kept to the second, so trends continue across the move without a gap.
// - Kind: a "Survey Type" column when there is one (nps, csat, ces; other Delighted types such as
//   eNPS, smileys or thumbs are skipped and counted), else --kind (default nps).
// - Customer: the person property customer_id (or company_id / account_id); without one the answer
//   counts for its segment only. Segment: --segment-column NAME (a column or property), else the
//   property "segment", else --segment NAME. Touchpoint: the property "touchpoint".
// - The person's email and name are read by nobody: the ledger links answers to customers, never
//   to people, and no Slack identity is stored, so an imported answer is as anonymous as the rest.

const KINDS: readonly SurveyKind[] = ["nps", "csat", "ces"];

function propertyColumn(h: SourceHeader, ...names: string[]): number {
  const aliases = names.flatMap((n) => [
    `Properties: ${n}`,
    `Property: ${n}`,
    `person_properties.${n}`,
    `Person properties: ${n}`,
    n,
  ]);
  return h.find(...aliases);
}

function kindOf(text: string): SurveyKind | null {
  const t = foldLabel(text);
  return (KINDS as readonly string[]).includes(t) ? (t as SurveyKind) : null;
}

export const delighted: Preset = {
  name: "delighted",
  kind: "responses",
  header(names: string[], options: PresetOptions) {
    const h = new SourceHeader(names);
    const need = (what: string, ...aliases: string[]) => {
      const i = h.find(...aliases);
      if (i < 0)
        throw new CsvHeaderError(
          `This does not look like a Delighted export: no ${what} column (looked for ${aliases.map((a) => `"${a}"`).join(", ")}).`,
        );
      return i;
    };
    const score = need("score", "Score", "score");
    const created = need(
      "timestamp",
      "Created",
      "Created At",
      "created_at",
      "Response timestamp",
      "Response Time",
      "Timestamp",
      "Date",
    );
    const id = h.find("Response ID", "Survey Response ID", "ID", "id");
    const comment = h.find("Comment", "comment", "Comentario");
    const surveyType = h.find("Survey Type", "survey_type");
    const customer = propertyColumn(h, "customer_id", "Customer ID", "company_id", "account_id");
    const touchpoint = propertyColumn(h, "touchpoint");
    const segment = options.segmentColumn
      ? propertyColumn(h, options.segmentColumn)
      : propertyColumn(h, "segment");
    if (options.segmentColumn && segment < 0)
      throw new CsvHeaderError(
        `--segment-column "${options.segmentColumn}" is neither a column nor a property of this export.`,
      );
    const label = (i: number, otherwise: string) => (i >= 0 ? h.label(i) : otherwise);
    const sources: Record<string, string> = {
      id: label(id, "row"),
      responded_at: h.label(created),
      kind: label(surveyType, "--kind"),
      score: h.label(score),
      customer_id: label(customer, "customer_id property"),
      segment: label(segment, "--segment"),
      touchpoint: label(touchpoint, "touchpoint property"),
      comment: label(comment, "Comment"),
    };

    const map = (record: string[]): MappedRow => {
      const count = fieldCountError(record, h);
      if (count) return { status: "invalid", errors: [count] };
      const errors: ColumnError[] = [];
      let kind: SurveyKind = options.kind ?? "nps";
      const typeText = cell(record, surveyType);
      if (typeText) {
        const k = kindOf(typeText);
        if (!k) return { status: "skipped", reason: `survey type "${typeText}" is not NPS, CSAT or CES` };
        if (options.kind && k !== options.kind)
          errors.push({ column: h.label(surveyType), message: `is ${k}, but --kind says ${options.kind}` });
        kind = k;
      }
      const when = parseSurveyTime(cell(record, created), options.timeZone);
      if (!when.ok) errors.push({ column: h.label(created), message: when.message });
      const segmentName = cell(record, segment) || options.segment || "";
      const customerId = cell(record, customer);
      if (!customerId && !segmentName)
        errors.push({
          column: sources.segment ?? "segment",
          message:
            "is required when the answer has no customer_id property: pass --segment NAME or --segment-column NAME",
        });
      if (errors.length) return { status: "invalid", errors };
      const sourceId = cell(record, id);
      return {
        status: "mapped",
        values: {
          id: sourceId ? `delighted:${sourceId}` : "",
          responded_at: when.ok ? when.value : "",
          kind,
          score: cell(record, score),
          customer_id: customerId,
          segment: segmentName,
          touchpoint: cell(record, touchpoint),
          comment: cell(record, comment),
        },
      };
    };
    return { sources, map };
  },
};
