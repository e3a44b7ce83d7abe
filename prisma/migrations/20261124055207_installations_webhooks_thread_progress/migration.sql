-- AlterTable
ALTER TABLE "digest_run" ADD COLUMN     "thread_parts_posted" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "slack_installation" (
    "id" TEXT NOT NULL,
    "install_key" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "team_id" TEXT,
    "enterprise_id" TEXT,
    "is_enterprise_install" BOOLEAN NOT NULL DEFAULT false,
    "bot_user_id" TEXT,
    "installer_user_id" TEXT,
    "key_id" TEXT NOT NULL,
    "encrypted" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "slack_installation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_event" (
    "id" TEXT NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "detail" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "slack_installation_install_key_key" ON "slack_installation"("install_key");

-- CreateIndex
CREATE INDEX "slack_installation_workspace_id_idx" ON "slack_installation"("workspace_id");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_event_workspace_id_provider_event_id_key" ON "webhook_event"("workspace_id", "provider", "event_id");

-- AddForeignKey
ALTER TABLE "slack_installation" ADD CONSTRAINT "slack_installation_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_event" ADD CONSTRAINT "webhook_event_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-added checks (Prisma has no syntax for them).
ALTER TABLE "digest_run" ADD CONSTRAINT "digest_run_thread_parts_posted_check" CHECK ("thread_parts_posted" >= 0);
ALTER TABLE "webhook_event" ADD CONSTRAINT "webhook_event_outcome_check" CHECK ("outcome" IN ('recorded', 'ignored', 'skipped'));
ALTER TABLE "slack_installation" ADD CONSTRAINT "slack_installation_install_key_check" CHECK ("install_key" ~ '^(E|T):[A-Z0-9]+$');
