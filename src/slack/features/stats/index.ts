import { listSegments } from "../../../data/ledger.js";
import { parseStatsArgs } from "../../../domain/period.js";
import { segmentKey } from "../../../domain/taxonomy.js";
import { isValidTimeZone } from "../../../domain/time.js";
import { getStats, UnknownSegmentError } from "../../../services/get-stats.js";
import type { Feature, Subcommand } from "../../deps.js";
import { commonTexts } from "../../i18n/common.js";
import { deniedText } from "../../request-context.js";
import { statsMessage } from "./blocks.js";
import { statsTexts } from "./texts.js";

// `/cx stats [segment] [period]`: the customer math for one segment (or all), privately.
// Periods are read in the workspace's time zone, so everyone gets the same numbers for the same
// words (and the same as the digest), whatever their own zone.

const stats: Subcommand = async ({ args, ack, ctx, deps }) => {
  const t = statsTexts[ctx.locale];
  if (!ctx.can("stats.view")) {
    await ack({ response_type: "ephemeral", text: deniedText(ctx, "stats.view") });
    return;
  }
  const ws = ctx.workspace;
  const tz = isValidTimeZone(ws.timezone) ? ws.timezone : deps.config.defaultTimezone;
  const now = deps.clock();
  const reply = (text: string) => ack({ response_type: "ephemeral", text });
  try {
    let parsed = parseStatsArgs(args, now, tz);
    if (!parsed.ok) {
      // A segment whose name starts with a digit ("2025 cohort") is not a bad period.
      const segments = await listSegments(deps.db.prisma, ws.id);
      const whole = args.join(" ");
      const named = parseStatsArgs([], now, tz);
      if (named.ok && segments.some((s) => s.key === segmentKey(whole))) {
        parsed = { ...named, segment: whole };
      } else {
        await reply(
          [
            t.badPeriod(parsed.text, parsed.error),
            t.formats,
            t.segmentsList(segments.map((s) => s.name)),
            t.usage,
          ].join("\n"),
        );
        return;
      }
    }
    const report = await getStats(deps.db.prisma, {
      workspaceId: ws.id,
      currency: ws.reportingCurrency,
      from: parsed.period.from,
      to: parsed.period.to,
      segment: parsed.segment,
    });
    const segment = parsed.segment === undefined ? null : (report.segments[0]?.segment ?? parsed.segment);
    const message = statsMessage({ report, segment, locale: ctx.locale, timeZone: tz });
    await ack({ response_type: "ephemeral", ...message });
  } catch (error) {
    if (error instanceof UnknownSegmentError) {
      await reply([t.unknownSegment(error.segment, error.valid), t.formats, t.usage].join("\n"));
      return;
    }
    await reply(commonTexts[ctx.locale].somethingWrong);
    throw error;
  }
};

export const statsFeature: Feature = { name: "stats", subcommands: { stats, cifras: stats } };
