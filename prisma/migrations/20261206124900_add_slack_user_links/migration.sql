-- CreateTable
CREATE TABLE "slack_user_links" (
    "team_id" TEXT NOT NULL,
    "slack_user_id" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "slack_user_links_pkey" PRIMARY KEY ("team_id","slack_user_id")
);

-- CreateIndex
CREATE INDEX "slack_user_links_user_id_idx" ON "slack_user_links"("user_id");

-- AddForeignKey
ALTER TABLE "slack_user_links" ADD CONSTRAINT "slack_user_links_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
