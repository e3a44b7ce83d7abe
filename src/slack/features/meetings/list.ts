import { segmentNames } from "../../../services/list-meeting-segments.js";
import { listMeetings } from "../../../services/list-meetings.js";
import type { RequestContext, SlackDeps } from "../../kit/deps.js";
import { meetingsList } from "./blocks.js";
import { meetingLine } from "./words.js";

/** The meetings list as the person asking sees it (buttons for admins only). */
export async function meetingsListFor(deps: SlackDeps, ctx: RequestContext, notice?: string) {
  const meetings = await listMeetings(deps.db.prisma, ctx.workspace.id);
  const names = await segmentNames(deps.db.prisma, ctx.workspace.id, [
    ...new Set(meetings.flatMap((m) => m.segmentIds)),
  ]);
  const now = deps.clock();
  return meetingsList({
    locale: ctx.locale,
    meetings: meetings.map((m) => meetingLine(m, names, now, ctx.locale)),
    canManage: ctx.can("admin.configure"),
    ...(notice ? { notice } : {}),
  });
}
