import { randomUUID } from "node:crypto";
import type { ReasonRef, SegmentRef } from "../domain/taxonomy.js";
import { segmentKey } from "../domain/taxonomy.js";
import type { Prisma } from "../generated/prisma/client.js";
import type { DbClient } from "./client.js";
import { execute, queryRows, type Runner } from "./sql.js";
import { containsText, likeLiteral } from "./text-match.js";

// The taxonomy: segments and reason codes. Segment reads by key go through findSegments;
// ensureSegments and listReasons are plain SQL on a Runner for the ledger's bulk write path.
// (The default taxonomy a new workspace starts with is seeded in workspaces.ts.)

/**
 * Which segments of a workspace: all; by id (one or several); by key (segmentKey of a name);
 * by a name containing the text (LIKE wildcards matched as text).
 */
export type SegmentKey =
  | { all: true }
  | { id: string }
  | { ids: string[] }
  | { key: string }
  | { nameContains: string };

function whereOf(workspaceId: string, which: SegmentKey, archived: boolean): Prisma.SegmentWhereInput | null {
  const base: Prisma.SegmentWhereInput = archived ? { workspaceId } : { workspaceId, archived: false };
  if ("all" in which) return base;
  if ("id" in which) return { ...base, id: which.id };
  if ("ids" in which) return which.ids.length > 0 ? { ...base, id: { in: which.ids } } : null;
  if ("key" in which) return { ...base, key: which.key };
  const text = likeLiteral(which.nameContains);
  if (text === null) return null;
  return text ? { ...base, name: containsText(text) } : base;
}

/**
 * The segments a key names: active ones only unless `archived` (old notes, meetings and exports
 * still name archived ones); by name when `byName`; at most `limit`.
 */
export async function findSegments(
  db: DbClient,
  workspaceId: string,
  which: SegmentKey,
  opts: { archived?: boolean; byName?: boolean; limit?: number } = {},
): Promise<SegmentRef[]> {
  const where = whereOf(workspaceId, which, opts.archived ?? false);
  if (!where) return [];
  return db.segment.findMany({
    where,
    select: { id: true, name: true, key: true },
    ...(opts.byName ? { orderBy: { name: "asc" as const } } : {}),
    ...(opts.limit !== undefined ? { take: opts.limit } : {}),
  });
}

/** The first segment a key names, or null. */
export async function findSegment(
  db: DbClient,
  workspaceId: string,
  which: SegmentKey,
  opts: { archived?: boolean } = {},
): Promise<SegmentRef | null> {
  return (await findSegments(db, workspaceId, which, { ...opts, limit: 1 }))[0] ?? null;
}

/** The workspace's active segments, by name. */
export function listSegments(db: DbClient, workspaceId: string): Promise<SegmentRef[]> {
  return findSegments(db, workspaceId, { all: true }, { byName: true });
}

/** Names of the given segments, archived ones too. */
export async function segmentNames(
  db: DbClient,
  workspaceId: string,
  ids: string[],
): Promise<Map<string, string>> {
  const rows = await findSegments(db, workspaceId, { ids }, { archived: true });
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Finds segments by name (case- and space-insensitive), creating the missing ones. */
export async function ensureSegments(
  db: Runner,
  workspaceId: string,
  names: string[],
  isDemo = false,
): Promise<{ byKey: Map<string, SegmentRef>; created: string[] }> {
  const wanted = new Map<string, string>();
  if (names.length === 0) return { byKey: new Map(), created: [] };
  for (const name of names) if (!wanted.has(segmentKey(name))) wanted.set(segmentKey(name), name.trim());
  const keys = [...wanted.keys()];
  const find = async (which: string[]) =>
    (
      await queryRows(
        db,
        "SELECT id, name, key FROM segment WHERE workspace_id = $1 AND key = ANY($2::text[])",
        [workspaceId, which],
      )
    ).map(([id, name, key]) => ({ id: String(id), name: String(name), key: String(key) }));
  const byKey = new Map((await find(keys)).map((s) => [s.key, s]));
  const missing = keys.filter((k) => !byKey.has(k));
  if (missing.length) {
    await execute(
      db,
      `INSERT INTO segment (id, workspace_id, key, name, is_demo)
       SELECT id, $1, key, name, $5 FROM unnest($2::text[], $3::text[], $4::text[]) AS t(id, key, name)
       ON CONFLICT (workspace_id, key) DO NOTHING`,
      [workspaceId, missing.map(() => randomUUID()), missing, missing.map((k) => wanted.get(k) ?? k), isDemo],
    );
    for (const s of await find(missing)) byKey.set(s.key, s);
  }
  return { byKey, created: missing.map((k) => wanted.get(k) ?? k) };
}

export async function listReasons(db: Runner, workspaceId: string): Promise<ReasonRef[]> {
  const rows = await queryRows(
    db,
    `SELECT id, code, direction::text, stage::text, label_en, label_es, active FROM reason_code
     WHERE workspace_id = $1 ORDER BY direction, sort_order`,
    [workspaceId],
  );
  return rows.map(([id, code, direction, stage, labelEn, labelEs, active]) => ({
    id: String(id),
    code: String(code),
    direction: String(direction) as ReasonRef["direction"],
    stage: String(stage),
    labelEn: String(labelEn),
    labelEs: String(labelEs),
    active: active === true,
  }));
}
