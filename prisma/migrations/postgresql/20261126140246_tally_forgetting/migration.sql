-- CreateTable
CREATE TABLE "TallyForgetting" (
    "id" SERIAL NOT NULL,
    "version" INTEGER NOT NULL,
    "unitId" INTEGER,
    "indicatorId" INTEGER,

    CONSTRAINT "TallyForgetting_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TallyForgetting_version_idx" ON "TallyForgetting"("version");
