-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Locale" AS ENUM ('en', 'es');

-- CreateEnum
CREATE TYPE "MovementType" AS ENUM ('gained', 'lost', 'expanded', 'contracted', 'reactivated', 'referred');

-- CreateEnum
CREATE TYPE "CustomerStatus" AS ENUM ('none', 'active', 'lost');

-- CreateEnum
CREATE TYPE "ReasonDirection" AS ENUM ('gained', 'lost');

-- CreateEnum
CREATE TYPE "JourneyStage" AS ENUM ('marketing', 'sales', 'onboarding', 'product', 'service', 'billing');

-- CreateEnum
CREATE TYPE "RecordSource" AS ENUM ('slack', 'csv', 'api', 'stripe', 'demo', 'cli');

-- CreateEnum
CREATE TYPE "SurveyKind" AS ENUM ('nps', 'csat', 'ces');

-- CreateEnum
CREATE TYPE "VoiceSource" AS ENUM ('employee', 'partner', 'customer');

-- CreateEnum
CREATE TYPE "Sentiment" AS ENUM ('positive', 'neutral', 'negative');

-- CreateEnum
CREATE TYPE "NoteStatus" AS ENUM ('open', 'discussed', 'actioned', 'archived');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('pending', 'sent', 'skipped', 'failed', 'answered');

-- CreateEnum
CREATE TYPE "DigestRunStatus" AS ENUM ('claimed', 'posted', 'failed', 'missed');

-- CreateTable
CREATE TABLE "workspace" (
    "id" TEXT NOT NULL,
    "slack_team_id" TEXT,
    "name" TEXT NOT NULL,
    "reporting_currency" CHAR(3) NOT NULL DEFAULT 'EUR',
    "default_locale" "Locale" NOT NULL DEFAULT 'en',
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workspace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "segment" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "is_demo" BOOLEAN NOT NULL DEFAULT false,
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "segment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reason_code" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "direction" "ReasonDirection" NOT NULL,
    "stage" "JourneyStage" NOT NULL,
    "label_en" TEXT NOT NULL,
    "label_es" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reason_code_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "segment_id" TEXT NOT NULL,
    "owner_slack_user_id" TEXT,
    "opening_active" BOOLEAN NOT NULL DEFAULT false,
    "opening_value" DECIMAL(16,2) NOT NULL DEFAULT 0,
    "status" "CustomerStatus" NOT NULL DEFAULT 'none',
    "current_value" DECIMAL(16,2) NOT NULL DEFAULT 0,
    "is_demo" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_movement" (
    "id" BIGSERIAL NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "segment_id" TEXT NOT NULL,
    "type" "MovementType" NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "value" DECIMAL(16,2) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "reason_code_id" TEXT,
    "note" TEXT,
    "source" "RecordSource" NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "recorded_by" TEXT,
    "status_after" "CustomerStatus" NOT NULL,
    "value_after" DECIMAL(16,2) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_movement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "kind" "SurveyKind" NOT NULL,
    "question" TEXT NOT NULL,
    "touchpoint" TEXT NOT NULL,
    "audience" JSONB NOT NULL,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "customer_id" TEXT,
    "segment_id" TEXT,
    "schedule" TEXT,
    "created_by_slack_user" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "survey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_delivery" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "survey_id" TEXT NOT NULL,
    "kind" "SurveyKind" NOT NULL,
    "recipient_slack_id" TEXT NOT NULL,
    "channel_id" TEXT,
    "message_ts" TEXT,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'pending',
    "skip_reason" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "survey_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_response" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "survey_id" TEXT,
    "kind" "SurveyKind" NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "customer_id" TEXT,
    "segment_id" TEXT,
    "respondent_slack_id" TEXT,
    "touchpoint" TEXT,
    "responded_at" TIMESTAMPTZ(3) NOT NULL,
    "source" "RecordSource" NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "survey_response_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "voice_note" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "source" "VoiceSource" NOT NULL,
    "text" TEXT NOT NULL,
    "stage" "JourneyStage",
    "sentiment" "Sentiment",
    "customer_id" TEXT,
    "segment_id" TEXT,
    "author_slack_id" TEXT,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "permalink" TEXT,
    "status" "NoteStatus" NOT NULL DEFAULT 'open',
    "status_by" TEXT,
    "status_at" TIMESTAMPTZ(3),
    "idempotency_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "voice_note_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "meeting" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "schedule" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "lead_minutes" INTEGER NOT NULL DEFAULT 60,
    "segment_ids" TEXT[],
    "locale" "Locale" NOT NULL DEFAULT 'en',
    "period_days" INTEGER,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "meeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "digest_run" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "meeting_id" TEXT NOT NULL,
    "occurrence_at" TIMESTAMPTZ(3) NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "status" "DigestRunStatus" NOT NULL,
    "claimed_by" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "channel_id" TEXT,
    "message_ts" TEXT,
    "error" TEXT,
    "posted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "digest_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "id" BIGSERIAL NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subject_type" TEXT,
    "subject_id" TEXT,
    "data" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "workspace_slack_team_id_key" ON "workspace"("slack_team_id");

-- CreateIndex
CREATE UNIQUE INDEX "segment_workspace_id_key_key" ON "segment"("workspace_id", "key");

-- CreateIndex
CREATE UNIQUE INDEX "reason_code_workspace_id_direction_code_key" ON "reason_code"("workspace_id", "direction", "code");

-- CreateIndex
CREATE INDEX "customer_workspace_id_segment_id_idx" ON "customer"("workspace_id", "segment_id");

-- CreateIndex
CREATE UNIQUE INDEX "customer_workspace_id_external_id_key" ON "customer"("workspace_id", "external_id");

-- CreateIndex
CREATE INDEX "customer_movement_workspace_id_occurred_at_idx" ON "customer_movement"("workspace_id", "occurred_at");

-- CreateIndex
CREATE INDEX "customer_movement_customer_id_occurred_at_id_idx" ON "customer_movement"("customer_id", "occurred_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "customer_movement_workspace_id_idempotency_key_key" ON "customer_movement"("workspace_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "survey_workspace_id_created_at_idx" ON "survey"("workspace_id", "created_at");

-- CreateIndex
CREATE INDEX "survey_delivery_workspace_id_recipient_slack_id_kind_sent_a_idx" ON "survey_delivery"("workspace_id", "recipient_slack_id", "kind", "sent_at");

-- CreateIndex
CREATE UNIQUE INDEX "survey_delivery_survey_id_recipient_slack_id_key" ON "survey_delivery"("survey_id", "recipient_slack_id");

-- CreateIndex
CREATE INDEX "survey_response_workspace_id_responded_at_idx" ON "survey_response"("workspace_id", "responded_at");

-- CreateIndex
CREATE INDEX "survey_response_customer_id_responded_at_idx" ON "survey_response"("customer_id", "responded_at");

-- CreateIndex
CREATE UNIQUE INDEX "survey_response_workspace_id_idempotency_key_key" ON "survey_response"("workspace_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "voice_note_workspace_id_created_at_idx" ON "voice_note"("workspace_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "voice_note_workspace_id_idempotency_key_key" ON "voice_note"("workspace_id", "idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "meeting_workspace_id_name_key" ON "meeting"("workspace_id", "name");

-- CreateIndex
CREATE INDEX "digest_run_status_lease_until_idx" ON "digest_run"("status", "lease_until");

-- CreateIndex
CREATE UNIQUE INDEX "digest_run_meeting_id_occurrence_at_key" ON "digest_run"("meeting_id", "occurrence_at");

-- CreateIndex
CREATE INDEX "audit_event_workspace_id_created_at_idx" ON "audit_event"("workspace_id", "created_at");

-- AddForeignKey
ALTER TABLE "segment" ADD CONSTRAINT "segment_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reason_code" ADD CONSTRAINT "reason_code_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer" ADD CONSTRAINT "customer_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer" ADD CONSTRAINT "customer_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_movement" ADD CONSTRAINT "customer_movement_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_movement" ADD CONSTRAINT "customer_movement_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_movement" ADD CONSTRAINT "customer_movement_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_movement" ADD CONSTRAINT "customer_movement_reason_code_id_fkey" FOREIGN KEY ("reason_code_id") REFERENCES "reason_code"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey" ADD CONSTRAINT "survey_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey" ADD CONSTRAINT "survey_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey" ADD CONSTRAINT "survey_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_delivery" ADD CONSTRAINT "survey_delivery_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_delivery" ADD CONSTRAINT "survey_delivery_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_response" ADD CONSTRAINT "survey_response_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_response" ADD CONSTRAINT "survey_response_survey_id_fkey" FOREIGN KEY ("survey_id") REFERENCES "survey"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_response" ADD CONSTRAINT "survey_response_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_response" ADD CONSTRAINT "survey_response_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "voice_note" ADD CONSTRAINT "voice_note_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "voice_note" ADD CONSTRAINT "voice_note_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "voice_note" ADD CONSTRAINT "voice_note_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "digest_run" ADD CONSTRAINT "digest_run_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "digest_run" ADD CONSTRAINT "digest_run_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_event" ADD CONSTRAINT "audit_event_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Checks Prisma cannot express in the schema (its diff leaves them alone).
ALTER TABLE "customer_movement" ADD CONSTRAINT "customer_movement_value_nonnegative" CHECK ("value" >= 0);
ALTER TABLE "customer" ADD CONSTRAINT "customer_values_nonnegative" CHECK ("opening_value" >= 0 AND "current_value" >= 0);
ALTER TABLE "customer_movement" ADD CONSTRAINT "customer_movement_value_after_nonnegative" CHECK ("value_after" >= 0);
ALTER TABLE "survey_response" ADD CONSTRAINT "survey_response_score_in_range" CHECK (
  ("kind" = 'nps' AND "score" BETWEEN 0 AND 10) OR
  ("kind" = 'csat' AND "score" BETWEEN 1 AND 5) OR
  ("kind" = 'ces' AND "score" BETWEEN 1 AND 7)
);
