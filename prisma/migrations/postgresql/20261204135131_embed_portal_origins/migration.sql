-- AlterTable
ALTER TABLE "EmbedToken" ADD COLUMN     "portalOrigins" TEXT,
ALTER COLUMN "expiresAt" DROP NOT NULL;
