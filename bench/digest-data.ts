import type { Database } from "../src/data/database.js";
import { DAYS, T0 } from "./stats-data.js";

// Voice notes for the digest bench (the stats test bed has none): `count` notes spread evenly
// over the data's DAYS, every source, stage and sentiment, a tenth archived, most tied to a
// customer's segment.
export async function buildVoiceNotes(db: Database, workspaceId: string, count: number): Promise<void> {
  await db.prisma.$executeRawUnsafe(
    `INSERT INTO voice_note (id, workspace_id, source, text, stage, sentiment, segment_id, anonymous, status,
                             idempotency_key, created_at)
     SELECT 'bench-n' || i, $1, (ARRAY['employee', 'partner', 'customer'])[1 + i % 3]::"VoiceSource",
            'Bench note ' || i || ': onboarding took too long for the new team',
            (ARRAY['marketing', 'sales', 'onboarding', 'product', 'service', 'billing'])[1 + i % 6]::"JourneyStage",
            (ARRAY['positive', 'neutral', 'negative'])[1 + (i / 3) % 3]::"Sentiment",
            CASE WHEN i % 5 < 4 THEN s.ids[1 + i % cardinality(s.ids)] END, i % 4 = 0,
            (CASE WHEN i % 10 = 0 THEN 'archived' ELSE 'open' END)::"NoteStatus",
            'bench:n:' || i,
            $2::timestamptz + make_interval(secs => (i::float8 * ${DAYS * 86400}) / $3::int)
     FROM generate_series(1, $3::int) AS i
     CROSS JOIN (SELECT array_agg(id ORDER BY key) AS ids FROM segment WHERE workspace_id = $1) AS s`,
    workspaceId,
    T0.toISOString(),
    count,
  );
  await db.prisma.$executeRawUnsafe("VACUUM ANALYZE voice_note");
}
