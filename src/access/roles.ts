// The roles of DESIGN's users and what each may do. Every rule of the API names one of these lists, so that
// who-may-do-what reads in one place (docs/access.md has the same table in words).
import type { Role } from '../generated/sqlite/client.ts';

export type { Role };

export const ROLE_NAMES: Record<Role, { vi: string; en: string }> = {
  ADMIN: { vi: 'Quản trị viên', en: 'Administrator' },
  PROVINCE_OFFICER: { vi: 'Cán bộ cấp tỉnh', en: 'Province officer' },
  DISTRICT_OFFICER: { vi: 'Cán bộ cấp huyện', en: 'District officer' },
  COMMUNE_OFFICER: { vi: 'Cán bộ cấp xã', en: 'Commune officer' },
  ANALYST: { vi: 'Chuyên viên phân tích', en: 'Analyst' },
  VIEWER: { vi: 'Người xem', en: 'Viewer' },
};

export const ROLES = Object.keys(ROLE_NAMES) as Role[];

/** Who writes the movement's records (models, evaluations, plans, surveys, status), within their subtree. */
export const RECORD_WRITERS: readonly Role[] = ['ADMIN', 'PROVINCE_OFFICER', 'DISTRICT_OFFICER', 'COMMUNE_OFFICER'];
/** Who keeps the unit tree (creates, renames, moves, merges and splits units), within their subtree. */
export const TREE_KEEPERS: readonly Role[] = ['ADMIN', 'PROVINCE_OFFICER'];
/** Who reads the audit trail, within their subtree: viewers see dashboards only. */
export const AUDIT_READERS: readonly Role[] = ['ADMIN', 'PROVINCE_OFFICER', 'DISTRICT_OFFICER', 'COMMUNE_OFFICER', 'ANALYST'];
/** Who may see the schema (introspection, GraphiQL's documentation) where the server limits it to analysts. */
export const SCHEMA_READERS: readonly Role[] = ['ADMIN', 'ANALYST'];

/** The level of the unit an officer holds; the other roles may hold any unit, or none (the whole country). */
export const OFFICER_LEVELS: Partial<Record<Role, 'PROVINCE' | 'DISTRICT' | 'COMMUNE'>> = {
  PROVINCE_OFFICER: 'PROVINCE',
  DISTRICT_OFFICER: 'DISTRICT',
  COMMUNE_OFFICER: 'COMMUNE',
};
