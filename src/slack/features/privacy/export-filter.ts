import type { ExportFilter } from "../../../domain/export-filter.js";
import { parseStatsArgs } from "../../../domain/period.js";
import { isValidTimeZone, localDate } from "../../../domain/time.js";
import { findSegment } from "../../../services/find-segment.js";
import { listSegments } from "../../../services/list-segments.js";
import type { RequestContext, SlackDeps } from "../../kit/deps.js";
import { statsTexts } from "../stats/texts.js";
import { privacyTexts } from "./texts.js";

// `/cx export ledger [segment] [period]`: the words after the kind read like `/cx stats` (a
// segment, a period such as 4w or 2026-03-01..2026-03-29, either or both), in the workspace's
// time zone. Without a period the whole history is exported, unlike stats' default window.

export type ExportScope =
  | { ok: true; filter: ExportFilter; scope: string | null }
  | { ok: false; text: string };

export async function exportScope(
  deps: SlackDeps,
  ctx: RequestContext,
  words: string[],
): Promise<ExportScope> {
  const filter: ExportFilter = { workspaceId: ctx.workspace.id };
  if (words.length === 0) return { ok: true, filter, scope: null };
  const st = statsTexts[ctx.locale];
  const usage = privacyTexts[ctx.locale].exportUsage;
  const tz = isValidTimeZone(ctx.workspace.timezone) ? ctx.workspace.timezone : deps.config.defaultTimezone;
  const parsed = parseStatsArgs(words, deps.clock(), tz);
  if (!parsed.ok)
    return { ok: false, text: [st.badPeriod(parsed.text, parsed.error), st.formats, usage].join("\n") };
  const scope: string[] = [];
  if (parsed.segment !== undefined) {
    const segment = await findSegment(deps.db.prisma, ctx.workspace.id, parsed.segment);
    if (!segment) {
      const names = (await listSegments(deps.db, ctx.workspace.id)).map((s) => s.name);
      return { ok: false, text: [st.unknownSegment(parsed.segment, names), usage].join("\n") };
    }
    filter.segmentId = segment.id;
    scope.push(segment.name);
  }
  // Every word was the segment: no period was given.
  if (parsed.segment !== words.join(" ")) {
    filter.from = parsed.period.from;
    filter.to = parsed.period.to;
    scope.push(
      `${localDate(parsed.period.from, tz)} – ${localDate(new Date(parsed.period.to.getTime() - 1), tz)}`,
    );
  }
  return { ok: true, filter, scope: scope.join(", ") };
}
