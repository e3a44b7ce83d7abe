import type { Feature } from "../kit/deps.js";
import { campaignsFeature } from "./campaigns/index.js";
import { digestFeature } from "./digest/index.js";
import { followUpsFeature } from "./follow-ups/index.js";
import { helpFeature } from "./help/index.js";
import { homeFeature } from "./home/index.js";
import { ledgerFeature } from "./ledger/index.js";
import { lookupFeature } from "./lookup/index.js";
import { meetingsFeature } from "./meetings/index.js";
import { ownersFeature } from "./owners/index.js";
import { privacyFeature } from "./privacy/index.js";
import { statsFeature } from "./stats/index.js";
import { surveysFeature } from "./surveys/index.js";
import { themesFeature } from "./themes/index.js";
import { tokensFeature } from "./tokens/index.js";
import { voicesFeature } from "./voices/index.js";

/** Every feature of the Slack app, in the order their listeners are registered. */
export const allFeatures: Feature[] = [
  helpFeature,
  lookupFeature,
  voicesFeature,
  homeFeature,
  ledgerFeature,
  statsFeature,
  themesFeature,
  surveysFeature,
  digestFeature,
  followUpsFeature,
  meetingsFeature,
  campaignsFeature,
  ownersFeature,
  tokensFeature,
  privacyFeature,
];
