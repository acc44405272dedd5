-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_UnitTally" (
    "indicatorId" INTEGER NOT NULL,
    "fieldId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "day" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "selfNumerator" INTEGER NOT NULL,
    "selfDenominator" INTEGER NOT NULL,
    "numerator" INTEGER NOT NULL,
    "denominator" INTEGER NOT NULL,
    "selfRecords" INTEGER NOT NULL DEFAULT 0,
    "records" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("indicatorId", "fieldId", "day", "unitId")
);
-- The kept rows are not copied: they count no records, and each is computed again when it is next read.
DROP TABLE "UnitTally";
ALTER TABLE "new_UnitTally" RENAME TO "UnitTally";
CREATE INDEX "UnitTally_unitId_indicatorId_fieldId_day_idx" ON "UnitTally"("unitId", "indicatorId", "fieldId", "day");
CREATE INDEX "UnitTally_indicatorId_fieldId_day_code_idx" ON "UnitTally"("indicatorId", "fieldId", "day", "code");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
