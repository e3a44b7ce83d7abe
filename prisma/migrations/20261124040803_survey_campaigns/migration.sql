-- CreateEnum
CREATE TYPE "CampaignTrigger" AS ENUM ('after_gained', 'relationship', 'recurring');

-- AlterTable
ALTER TABLE "survey" ADD COLUMN     "campaign_id" TEXT;

-- CreateTable
CREATE TABLE "customer_contact" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "slack_user_id" TEXT NOT NULL,
    "added_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_campaign" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "SurveyKind" NOT NULL,
    "trigger" "CampaignTrigger" NOT NULL,
    "offsets_days" INTEGER[] DEFAULT ARRAY[30, 60, 90]::INTEGER[],
    "every_days" INTEGER,
    "schedule" TEXT,
    "timezone" TEXT,
    "audience" JSONB,
    "touchpoint" TEXT NOT NULL,
    "question" TEXT,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "survey_campaign_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "customer_contact_workspace_id_slack_user_id_idx" ON "customer_contact"("workspace_id", "slack_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "customer_contact_customer_id_slack_user_id_key" ON "customer_contact"("customer_id", "slack_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "survey_campaign_workspace_id_name_key" ON "survey_campaign"("workspace_id", "name");

-- CreateIndex
CREATE INDEX "survey_campaign_id_created_at_idx" ON "survey"("campaign_id", "created_at");

-- AddForeignKey
ALTER TABLE "survey" ADD CONSTRAINT "survey_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "survey_campaign"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_contact" ADD CONSTRAINT "customer_contact_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_contact" ADD CONSTRAINT "customer_contact_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_campaign" ADD CONSTRAINT "survey_campaign_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
