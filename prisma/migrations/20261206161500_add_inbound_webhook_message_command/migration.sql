-- AlterTable
ALTER TABLE "inbound_webhook_messages" ADD COLUMN     "command_id" UUID;

-- CreateIndex
CREATE INDEX "inbound_webhook_messages_webhook_id_received_at_idx" ON "inbound_webhook_messages"("webhook_id", "received_at");
