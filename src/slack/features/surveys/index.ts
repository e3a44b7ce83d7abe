import type { App } from "@slack/bolt";
import type { Feature, SlackDeps } from "../../kit/deps.js";
import { registerAlertButtons } from "./alerts.js";
import { registerAnswers } from "./answer.js";
import { registerSend, surveyCommand } from "./send.js";

// Surveys: NPS, CSAT and CES sent from `/cx survey`, answered with one click, explained with
// "Tell us why", and closed in a loop when an answer says a customer is at risk.

function register(app: App, deps: SlackDeps): void {
  registerSend(app, deps);
  registerAnswers(app, deps);
  registerAlertButtons(app, deps);
}

export const surveysFeature: Feature = { name: "surveys", register, subcommands: { survey: surveyCommand } };
