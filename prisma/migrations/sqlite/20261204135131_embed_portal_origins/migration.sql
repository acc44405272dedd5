-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_EmbedToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "indicator" TEXT NOT NULL,
    "unitCode" TEXT NOT NULL,
    "fromYear" INTEGER NOT NULL,
    "toYear" INTEGER NOT NULL,
    "chart" TEXT NOT NULL,
    "label" TEXT,
    "issuedBy" TEXT NOT NULL,
    "issuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME,
    "revokedAt" DATETIME,
    "portalOrigins" TEXT
);
INSERT INTO "new_EmbedToken" ("chart", "expiresAt", "fromYear", "id", "indicator", "issuedAt", "issuedBy", "label", "revokedAt", "toYear", "unitCode") SELECT "chart", "expiresAt", "fromYear", "id", "indicator", "issuedAt", "issuedBy", "label", "revokedAt", "toYear", "unitCode" FROM "EmbedToken";
DROP TABLE "EmbedToken";
ALTER TABLE "new_EmbedToken" RENAME TO "EmbedToken";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
