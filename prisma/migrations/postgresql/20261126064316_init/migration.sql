-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "UnitKind" AS ENUM ('PROVINCE', 'DISTRICT', 'COMMUNE', 'WARD', 'TOWNSHIP', 'AGENCY', 'PARTY_ORGANISATION', 'MASS_ORGANISATION', 'FRONT');

-- CreateEnum
CREATE TYPE "UnitLevel" AS ENUM ('PROVINCE', 'DISTRICT', 'COMMUNE');

-- CreateEnum
CREATE TYPE "LineageKind" AS ENUM ('MERGER', 'SPLIT', 'CONTINUATION');

-- CreateEnum
CREATE TYPE "ModelKind" AS ENUM ('MODEL', 'EXEMPLAR');

-- CreateEnum
CREATE TYPE "HolderKind" AS ENUM ('COLLECTIVE', 'INDIVIDUAL');

-- CreateEnum
CREATE TYPE "RecordOrigin" AS ENUM ('PUBLISHED', 'SAMPLE', 'ENTERED', 'IMPORTED');

-- CreateEnum
CREATE TYPE "EvaluationRating" AS ENUM ('OUTSTANDING', 'EFFECTIVE', 'NOT_EFFECTIVE');

-- CreateEnum
CREATE TYPE "AwardLevel" AS ENUM ('CENTRAL', 'PROVINCE', 'DISTRICT', 'COMMUNE');

-- CreateTable
CREATE TABLE "Unit" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "officialCode" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "searchName" TEXT NOT NULL,
    "kind" "UnitKind" NOT NULL,
    "level" "UnitLevel" NOT NULL,
    "validFrom" TIMESTAMP(3),
    "validTo" TIMESTAMP(3),
    "note" TEXT,

    CONSTRAINT "Unit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnitParent" (
    "id" SERIAL NOT NULL,
    "unitId" INTEGER NOT NULL,
    "parentId" INTEGER NOT NULL,
    "validFrom" TIMESTAMP(3),
    "validTo" TIMESTAMP(3),

    CONSTRAINT "UnitParent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnitLineage" (
    "id" SERIAL NOT NULL,
    "predecessorId" INTEGER NOT NULL,
    "successorId" INTEGER NOT NULL,
    "effectiveDate" TIMESTAMP(3) NOT NULL,
    "kind" "LineageKind" NOT NULL,
    "resolution" TEXT,
    "sourceUrl" TEXT,

    CONSTRAINT "UnitLineage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Field" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "nameVi" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "firstYear" INTEGER,
    "lastYear" INTEGER,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Field_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Model" (
    "id" SERIAL NOT NULL,
    "registrationKey" TEXT NOT NULL,
    "kind" "ModelKind" NOT NULL,
    "holder" "HolderKind" NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "unitId" INTEGER NOT NULL,
    "fieldId" INTEGER NOT NULL,
    "startYear" INTEGER NOT NULL,
    "endYear" INTEGER,
    "origin" "RecordOrigin" NOT NULL,
    "sourceUrl" TEXT,

    CONSTRAINT "Model_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Evaluation" (
    "id" SERIAL NOT NULL,
    "modelId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "rating" "EvaluationRating" NOT NULL,
    "recommendedForReplication" BOOLEAN NOT NULL DEFAULT false,
    "evaluatorUnitId" INTEGER,
    "note" TEXT,

    CONSTRAINT "Evaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Award" (
    "id" SERIAL NOT NULL,
    "modelId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "level" "AwardLevel" NOT NULL,
    "title" TEXT NOT NULL,
    "decisionNumber" TEXT,
    "decisionDate" TIMESTAMP(3),
    "grantorUnitId" INTEGER,

    CONSTRAINT "Award_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Plan" (
    "id" SERIAL NOT NULL,
    "unitId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "documentNumber" TEXT,
    "issuedOn" TIMESTAMP(3),

    CONSTRAINT "Plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SatisfactionSurvey" (
    "id" SERIAL NOT NULL,
    "unitId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "respondents" INTEGER NOT NULL,
    "satisfied" INTEGER NOT NULL,

    CONSTRAINT "SatisfactionSurvey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NewRuralStatus" (
    "id" SERIAL NOT NULL,
    "unitId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "criteriaMet" INTEGER NOT NULL,
    "recognisedOn" TIMESTAMP(3),

    CONSTRAINT "NewRuralStatus_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Indicator" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "nameVi" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "numeratorVi" TEXT NOT NULL,
    "numeratorEn" TEXT NOT NULL,
    "denominatorVi" TEXT NOT NULL,
    "denominatorEn" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Indicator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IndicatorTarget" (
    "id" SERIAL NOT NULL,
    "indicatorId" INTEGER NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "firstYear" INTEGER NOT NULL,
    "lastYear" INTEGER NOT NULL,
    "source" TEXT,

    CONSTRAINT "IndicatorTarget_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Unit_code_key" ON "Unit"("code");

-- CreateIndex
CREATE INDEX "Unit_kind_level_idx" ON "Unit"("kind", "level");

-- CreateIndex
CREATE INDEX "Unit_officialCode_idx" ON "Unit"("officialCode");

-- CreateIndex
CREATE INDEX "UnitParent_parentId_validFrom_validTo_idx" ON "UnitParent"("parentId", "validFrom", "validTo");

-- CreateIndex
CREATE INDEX "UnitParent_unitId_validFrom_validTo_idx" ON "UnitParent"("unitId", "validFrom", "validTo");

-- CreateIndex
CREATE INDEX "UnitLineage_successorId_idx" ON "UnitLineage"("successorId");

-- CreateIndex
CREATE UNIQUE INDEX "UnitLineage_predecessorId_successorId_key" ON "UnitLineage"("predecessorId", "successorId");

-- CreateIndex
CREATE UNIQUE INDEX "Field_code_key" ON "Field"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Model_registrationKey_key" ON "Model"("registrationKey");

-- CreateIndex
CREATE INDEX "Model_unitId_startYear_endYear_idx" ON "Model"("unitId", "startYear", "endYear");

-- CreateIndex
CREATE INDEX "Model_fieldId_startYear_endYear_idx" ON "Model"("fieldId", "startYear", "endYear");

-- CreateIndex
CREATE INDEX "Model_startYear_endYear_idx" ON "Model"("startYear", "endYear");

-- CreateIndex
CREATE INDEX "Evaluation_year_rating_idx" ON "Evaluation"("year", "rating");

-- CreateIndex
CREATE UNIQUE INDEX "Evaluation_modelId_year_key" ON "Evaluation"("modelId", "year");

-- CreateIndex
CREATE INDEX "Award_year_idx" ON "Award"("year");

-- CreateIndex
CREATE INDEX "Award_modelId_idx" ON "Award"("modelId");

-- CreateIndex
CREATE INDEX "Plan_year_idx" ON "Plan"("year");

-- CreateIndex
CREATE UNIQUE INDEX "Plan_unitId_year_key" ON "Plan"("unitId", "year");

-- CreateIndex
CREATE INDEX "SatisfactionSurvey_year_idx" ON "SatisfactionSurvey"("year");

-- CreateIndex
CREATE UNIQUE INDEX "SatisfactionSurvey_unitId_year_key" ON "SatisfactionSurvey"("unitId", "year");

-- CreateIndex
CREATE INDEX "NewRuralStatus_year_idx" ON "NewRuralStatus"("year");

-- CreateIndex
CREATE UNIQUE INDEX "NewRuralStatus_unitId_year_key" ON "NewRuralStatus"("unitId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "Indicator_code_key" ON "Indicator"("code");

-- CreateIndex
CREATE UNIQUE INDEX "IndicatorTarget_indicatorId_firstYear_key" ON "IndicatorTarget"("indicatorId", "firstYear");

-- AddForeignKey
ALTER TABLE "UnitParent" ADD CONSTRAINT "UnitParent_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnitParent" ADD CONSTRAINT "UnitParent_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnitLineage" ADD CONSTRAINT "UnitLineage_predecessorId_fkey" FOREIGN KEY ("predecessorId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnitLineage" ADD CONSTRAINT "UnitLineage_successorId_fkey" FOREIGN KEY ("successorId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Model" ADD CONSTRAINT "Model_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Model" ADD CONSTRAINT "Model_fieldId_fkey" FOREIGN KEY ("fieldId") REFERENCES "Field"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evaluation" ADD CONSTRAINT "Evaluation_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evaluation" ADD CONSTRAINT "Evaluation_evaluatorUnitId_fkey" FOREIGN KEY ("evaluatorUnitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Award" ADD CONSTRAINT "Award_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Award" ADD CONSTRAINT "Award_grantorUnitId_fkey" FOREIGN KEY ("grantorUnitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Plan" ADD CONSTRAINT "Plan_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SatisfactionSurvey" ADD CONSTRAINT "SatisfactionSurvey_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NewRuralStatus" ADD CONSTRAINT "NewRuralStatus_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorTarget" ADD CONSTRAINT "IndicatorTarget_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;
