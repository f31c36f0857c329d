-- CreateEnum
CREATE TYPE "channel_command_outcome" AS ENUM ('ok', 'refused', 'failed');

-- CreateEnum
CREATE TYPE "channel_reply_status" AS ENUM ('pending', 'sent', 'failed');

-- CreateTable
CREATE TABLE "channels" (
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "updated_by" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "channels_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "channel_commands" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "channel" TEXT NOT NULL,
    "principal" TEXT NOT NULL,
    "raw_text" TEXT NOT NULL,
    "command" JSONB,
    "outcome" "channel_command_outcome" NOT NULL,
    "result" JSONB NOT NULL DEFAULT '{}',
    "latency_ms" INTEGER NOT NULL,
    "reply_status" "channel_reply_status" NOT NULL DEFAULT 'pending',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "channel_commands_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "channel_tickets" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "ticket_hash" TEXT NOT NULL,
    "principal" JSONB NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "channel_tickets_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "channel_commands_channel_created_at_idx" ON "channel_commands"("channel", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "channel_tickets_ticket_hash_key" ON "channel_tickets"("ticket_hash");

-- CreateIndex
CREATE INDEX "channel_tickets_expires_at_idx" ON "channel_tickets"("expires_at");
