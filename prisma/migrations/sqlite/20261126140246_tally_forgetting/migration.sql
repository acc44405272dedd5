-- CreateTable
CREATE TABLE "TallyForgetting" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "version" INTEGER NOT NULL,
    "unitId" INTEGER,
    "indicatorId" INTEGER
);

-- CreateIndex
CREATE INDEX "TallyForgetting_version_idx" ON "TallyForgetting"("version");
