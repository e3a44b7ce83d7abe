-- CreateEnum
CREATE TYPE "FollowUpKind" AS ENUM ('discussed', 'action');

-- CreateEnum
CREATE TYPE "FollowUpStatus" AS ENUM ('open', 'done', 'dropped');

-- CreateEnum
CREATE TYPE "FollowUpSubject" AS ENUM ('reason', 'note', 'segment');

-- CreateTable
CREATE TABLE "follow_up" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "meeting_id" TEXT,
    "kind" "FollowUpKind" NOT NULL,
    "subject_type" "FollowUpSubject",
    "subject_id" TEXT,
    "title" TEXT NOT NULL,
    "owner_slack_id" TEXT,
    "due_on" DATE,
    "status" "FollowUpStatus" NOT NULL DEFAULT 'open',
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_by" TEXT,
    "closed_at" TIMESTAMPTZ(3),
    "idempotency_key" TEXT NOT NULL,

    CONSTRAINT "follow_up_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "follow_up_workspace_id_status_created_at_idx" ON "follow_up"("workspace_id", "status", "created_at");

-- CreateIndex
CREATE INDEX "follow_up_meeting_id_created_at_idx" ON "follow_up"("meeting_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "follow_up_workspace_id_idempotency_key_key" ON "follow_up"("workspace_id", "idempotency_key");

-- AddForeignKey
ALTER TABLE "follow_up" ADD CONSTRAINT "follow_up_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_up" ADD CONSTRAINT "follow_up_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-added (Prisma's diff leaves CHECK constraints alone).
ALTER TABLE "follow_up" ADD CONSTRAINT "follow_up_title_length" CHECK (char_length("title") BETWEEN 1 AND 300);
ALTER TABLE "follow_up" ADD CONSTRAINT "follow_up_subject_pair" CHECK (("subject_type" IS NULL) = ("subject_id" IS NULL));
