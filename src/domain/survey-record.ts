import type { SurveyKind } from "./scores.js";

// A survey as it was sent: what answering it needs to know (its kind, whether it is anonymous,
// whom it is about, whether it has been closed).

export interface SurveyRecord {
  id: string;
  workspaceId: string;
  kind: SurveyKind;
  question: string;
  touchpoint: string;
  anonymous: boolean;
  customerId: string | null;
  segmentId: string | null;
  createdBySlackUser: string | null;
  closedAt: Date | null;
}
