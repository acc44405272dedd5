-- DropIndex
DROP INDEX "UnitTally_unitId_year_idx";

-- AlterTable
ALTER TABLE "UnitTally" DROP COLUMN "year";

-- CreateIndex
CREATE INDEX "UnitTally_unitId_indicatorId_fieldId_day_idx" ON "UnitTally"("unitId", "indicatorId", "fieldId", "day");
