-- AlterTable
ALTER TABLE "tools" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;
