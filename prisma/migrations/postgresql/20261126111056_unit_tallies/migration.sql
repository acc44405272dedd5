-- AlterEnum
ALTER TYPE "UnitKind" ADD VALUE 'COUNTRY';

-- AlterEnum
ALTER TYPE "UnitLevel" ADD VALUE 'CENTRAL';

-- AlterTable
ALTER TABLE "DataVersion" ADD COLUMN     "treeVersion" INTEGER NOT NULL DEFAULT 0;

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

    CONSTRAINT "UnitTally_pkey" PRIMARY KEY ("indicatorId","fieldId","day","unitId")
);

-- CreateIndex
CREATE INDEX "UnitTally_unitId_year_idx" ON "UnitTally"("unitId", "year");
