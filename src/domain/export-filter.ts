// Which rows an admin export covers: one workspace, optionally a time window and one segment.

export interface ExportFilter {
  workspaceId: string;
  /** Inclusive start of occurred_at / responded_at. */
  from?: Date;
  /** Exclusive end. */
  to?: Date;
  segmentId?: string;
}
