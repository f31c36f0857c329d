-- CreateTable
CREATE TABLE "collab_boards" (
    "kind" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "envelope" JSONB NOT NULL,
    "next_position" BIGINT NOT NULL,
    "purged_through" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "collab_boards_pkey" PRIMARY KEY ("kind")
);

-- CreateTable
CREATE TABLE "collab_items" (
    "kind" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "position" BIGINT NOT NULL,
    "version" INTEGER NOT NULL,
    "doc" JSONB,

    CONSTRAINT "collab_items_pkey" PRIMARY KEY ("kind","id")
);

-- CreateIndex
CREATE INDEX "collab_items_kind_version_idx" ON "collab_items"("kind", "version");
