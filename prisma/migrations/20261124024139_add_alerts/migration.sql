-- CreateEnum
CREATE TYPE "AlertStatus" AS ENUM ('open', 'acknowledged', 'actioned');

-- CreateTable
CREATE TABLE "alert" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "response_id" TEXT NOT NULL,
    "customer_id" TEXT,
    "channel_id" TEXT,
    "message_ts" TEXT,
    "status" "AlertStatus" NOT NULL DEFAULT 'open',
    "handled_by" TEXT,
    "handled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "alert_response_id_key" ON "alert"("response_id");

-- CreateIndex
CREATE INDEX "alert_workspace_id_status_idx" ON "alert"("workspace_id", "status");

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_response_id_fkey" FOREIGN KEY ("response_id") REFERENCES "survey_response"("id") ON DELETE CASCADE ON UPDATE CASCADE;
