-- The kept rows count no records yet: forgotten, each is computed again when it is next read.
DELETE FROM "UnitTally";

-- AlterTable
ALTER TABLE "UnitTally" ADD COLUMN     "records" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "selfRecords" INTEGER NOT NULL DEFAULT 0;
