-- CreateTable
CREATE TABLE "Unit" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "officialCode" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "searchName" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "validFrom" DATETIME,
    "validTo" DATETIME,
    "note" TEXT
);

-- CreateTable
CREATE TABLE "UnitParent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "unitId" INTEGER NOT NULL,
    "parentId" INTEGER NOT NULL,
    "validFrom" DATETIME,
    "validTo" DATETIME,
    CONSTRAINT "UnitParent_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "UnitParent_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Unit" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UnitLineage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "predecessorId" INTEGER NOT NULL,
    "successorId" INTEGER NOT NULL,
    "effectiveDate" DATETIME NOT NULL,
    "kind" TEXT NOT NULL,
    "resolution" TEXT,
    "sourceUrl" TEXT,
    CONSTRAINT "UnitLineage_predecessorId_fkey" FOREIGN KEY ("predecessorId") REFERENCES "Unit" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "UnitLineage_successorId_fkey" FOREIGN KEY ("successorId") REFERENCES "Unit" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Field" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "nameVi" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "firstYear" INTEGER,
    "lastYear" INTEGER,
    "sortOrder" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "Model" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "registrationKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "unitId" INTEGER NOT NULL,
    "fieldId" INTEGER NOT NULL,
    "startYear" INTEGER NOT NULL,
    "endYear" INTEGER,
    "origin" TEXT NOT NULL,
    "sourceUrl" TEXT,
    CONSTRAINT "Model_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Model_fieldId_fkey" FOREIGN KEY ("fieldId") REFERENCES "Field" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Evaluation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "modelId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "rating" TEXT NOT NULL,
    "recommendedForReplication" BOOLEAN NOT NULL DEFAULT false,
    "evaluatorUnitId" INTEGER,
    "note" TEXT,
    CONSTRAINT "Evaluation_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Evaluation_evaluatorUnitId_fkey" FOREIGN KEY ("evaluatorUnitId") REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Award" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "modelId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "level" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "decisionNumber" TEXT,
    "decisionDate" DATETIME,
    "grantorUnitId" INTEGER,
    CONSTRAINT "Award_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Award_grantorUnitId_fkey" FOREIGN KEY ("grantorUnitId") REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Plan" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "unitId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "documentNumber" TEXT,
    "issuedOn" DATETIME,
    CONSTRAINT "Plan_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SatisfactionSurvey" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "unitId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "respondents" INTEGER NOT NULL,
    "satisfied" INTEGER NOT NULL,
    CONSTRAINT "SatisfactionSurvey_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "NewRuralStatus" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "unitId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "criteriaMet" INTEGER NOT NULL,
    "recognisedOn" DATETIME,
    CONSTRAINT "NewRuralStatus_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Indicator" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "nameVi" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "numeratorVi" TEXT NOT NULL,
    "numeratorEn" TEXT NOT NULL,
    "denominatorVi" TEXT NOT NULL,
    "denominatorEn" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "IndicatorTarget" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "indicatorId" INTEGER NOT NULL,
    "value" REAL NOT NULL,
    "firstYear" INTEGER NOT NULL,
    "lastYear" INTEGER NOT NULL,
    "source" TEXT,
    CONSTRAINT "IndicatorTarget_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
