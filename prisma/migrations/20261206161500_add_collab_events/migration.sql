-- CreateTable
CREATE TABLE "collab_events" (
    "id" BIGINT NOT NULL,
    "ts" TIMESTAMPTZ(3) NOT NULL,
    "event" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "details" JSON NOT NULL,

    CONSTRAINT "collab_events_pkey" PRIMARY KEY ("id")
);
