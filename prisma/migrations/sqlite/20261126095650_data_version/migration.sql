-- CreateTable
CREATE TABLE "DataVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "version" INTEGER NOT NULL
);

-- The one row the counter lives in.
INSERT INTO "DataVersion" ("id", "version") VALUES (1, 0);
