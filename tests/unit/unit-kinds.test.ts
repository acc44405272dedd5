// Kinds of unit in words (src/units/kinds.ts): one table for the dashboard, the definitions and the import.
import { describe, expect, it } from 'vitest';
import { COLUMNS } from '../../src/import/columns.ts';
import { describeDefinition } from '../../src/indicators/definition.ts';
import { unitKindNames } from '../../src/indicators/phrases.ts';
import { UNIT_KIND_WORDS } from '../../src/units/kinds.ts';

const kindColumn = COLUMNS.UNITS.find((column) => column.key === 'kind')!;

describe('kinds of unit', () => {
  it('are read by the import under their label, their code, and the names officers write', () => {
    const read = (cell: string) => kindColumn.parse(cell).value;
    expect(['Đơn vị cấp huyện', 'Huyện', 'huyen', 'DISTRICT'].map(read)).toEqual(['DISTRICT', 'DISTRICT', 'DISTRICT', 'DISTRICT']);
    expect(['Cơ quan, đơn vị', 'Cơ quan', 'AGENCY'].map(read)).toEqual(['AGENCY', 'AGENCY', 'AGENCY']);
    expect(kindColumn.parse('Quận').problem?.en).toMatch(/^not in the list: Cả nước \(COUNTRY\), Tỉnh \(PROVINCE\), Đơn vị cấp huyện \(DISTRICT\)/);
  });

  it('are named in sentences by the same table', () => {
    for (const [kind, words] of Object.entries(UNIT_KIND_WORDS)) expect(unitKindNames[kind as keyof typeof unitKindNames]).toEqual(words.many);
    // What a leader reads: the definition's sentence names districts and agencies as the table says several.
    expect(describeDefinition({ measure: 'UNITS_WITH_PLAN', unitKinds: ['DISTRICT', 'AGENCY'] }, new Map())).toEqual({
      vi: 'Tỷ lệ huyện, thành phố và cơ quan, đơn vị có kế hoạch thực hiện phong trào trong năm',
      en: 'Share of districts and agencies with a plan for the movement for the year',
    });
    expect(kindColumn.hintVi).toBe(
      Object.values(UNIT_KIND_WORDS)
        .map((words) => words.one.vi)
        .join(' / '),
    );
  });
});
