-- CreateIndex
CREATE INDEX "UnitTally_indicatorId_fieldId_day_code_idx" ON "UnitTally"("indicatorId", "fieldId", "day", "code");
