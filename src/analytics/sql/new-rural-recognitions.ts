// The day each commune was first recognised as meeting the new-rural standard. Feeds NEW_RURAL_RECOGNISED.
import type { Database } from '../../db/client.ts';

export async function newRuralRecognitions(db: Database): Promise<{ ownerId: number; recognisedOn: Date }[]> {
  const rows = await db.$queryRaw<{ ownerId: number; recognisedOn: Date | string }[]>`
    SELECT "unitId" AS "ownerId", MIN("recognisedOn") AS "recognisedOn"
    FROM "NewRuralStatus" WHERE "recognisedOn" IS NOT NULL
    GROUP BY "unitId"`;
  // SQLite hands back an aggregate of a DateTime column as the stored text.
  return rows.map((row) => ({ ownerId: row.ownerId, recognisedOn: new Date(row.recognisedOn) }));
}
