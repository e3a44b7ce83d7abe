import type { Feature } from "../deps.js";
import { helpFeature } from "./help/index.js";
import { lookupFeature } from "./lookup/index.js";

/** Every feature of the Slack app, in the order their listeners are registered. */
export const allFeatures: Feature[] = [helpFeature, lookupFeature];
