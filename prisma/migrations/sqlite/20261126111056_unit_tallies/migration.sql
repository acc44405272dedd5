-- CreateTable
CREATE TABLE "UnitTally" (
    "indicatorId" INTEGER NOT NULL,
    "fieldId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "day" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "selfNumerator" INTEGER NOT NULL,
    "selfDenominator" INTEGER NOT NULL,
    "numerator" INTEGER NOT NULL,
    "denominator" INTEGER NOT NULL,

    PRIMARY KEY ("indicatorId", "fieldId", "day", "unitId")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_DataVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "version" INTEGER NOT NULL,
    "treeVersion" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_DataVersion" ("id", "version") SELECT "id", "version" FROM "DataVersion";
DROP TABLE "DataVersion";
ALTER TABLE "new_DataVersion" RENAME TO "DataVersion";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "UnitTally_unitId_year_idx" ON "UnitTally"("unitId", "year");
