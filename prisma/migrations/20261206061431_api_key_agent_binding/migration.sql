-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "agent_id" TEXT,
ADD COLUMN     "service" BOOLEAN NOT NULL DEFAULT false;
