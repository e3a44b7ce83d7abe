import type { MeetingsOverview } from "../../../services/meetings-overview.js";
import type { RequestContext } from "../../kit/deps.js";
import { meetingsList } from "./blocks.js";
import { meetingLine } from "./words.js";

/** The meetings list as the person asking sees it (buttons for admins only). */
export function meetingsListFor(overview: MeetingsOverview, ctx: RequestContext, now: Date, notice?: string) {
  return meetingsList({
    locale: ctx.locale,
    meetings: overview.meetings.map((m) => meetingLine(m, overview.segmentNames, now, ctx.locale)),
    canManage: ctx.can("admin.configure"),
    ...(notice ? { notice } : {}),
  });
}
