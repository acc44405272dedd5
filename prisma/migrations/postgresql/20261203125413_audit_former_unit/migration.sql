-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN     "formerUnitId" INTEGER;

-- CreateIndex
CREATE INDEX "AuditEntry_formerUnitId_at_idx" ON "AuditEntry"("formerUnitId", "at");
