import { findThemes } from "../../../services/find-themes.js";
import type { Feature } from "../../kit/deps.js";
import { subcommand } from "../../kit/listen.js";
import { themesReply } from "./blocks.js";

// `/cx themes [segment] [period]`: the themes of what people wrote, per segment, privately.

const themes = subcommand({ allow: "stats.view" }, async ({ args, ack, ctx, deps }) => {
  const answer = await findThemes(deps.db, {
    workspaceId: ctx.workspace.id,
    words: args,
    now: deps.clock(),
    timeZone: ctx.workspace.timezone,
    fallbackTimeZone: deps.config.defaultTimezone,
    anonymityMin: deps.config.anonymityMin,
    locale: ctx.locale,
  });
  await ack({ response_type: "ephemeral", ...themesReply(answer, ctx.locale) });
});

export const themesFeature: Feature = { name: "themes", subcommands: { themes, temas: themes } };
