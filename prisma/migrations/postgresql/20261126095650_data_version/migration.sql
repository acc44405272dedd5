-- CreateTable
CREATE TABLE "DataVersion" (
    "id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,

    CONSTRAINT "DataVersion_pkey" PRIMARY KEY ("id")
);

-- The one row the counter lives in.
INSERT INTO "DataVersion" ("id", "version") VALUES (1, 0);
