// The pure functions behind the dashboard's and widgets' numbers and downloads.
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/lib/csv.ts';
import { formatChange, formatFraction, formatGap, formatNumber, formatPercent } from '../../web/shared/format.ts';

describe('number formats', () => {
  it('write Vietnamese numbers with a dot for thousands and a comma for decimals', () => {
    expect(formatNumber(16189, 'vi')).toBe('16.189');
    expect(formatNumber(16189, 'en')).toBe('16,189');
    expect(formatPercent(0.935, 'vi')).toMatch(/^93,5\s?%$/);
    expect(formatPercent(0.935, 'en')).toBe('93.5%');
    expect(formatPercent(1, 'vi')).toMatch(/^100,0\s?%$/);
  });

  it('show an empty ratio as a dash, never 0 %', () => {
    expect(formatPercent(null, 'vi')).toBe('–');
    expect(formatPercent(undefined, 'en')).toBe('–');
  });

  it('say the numerator over the denominator with what they count', () => {
    expect(formatFraction(92, 108, 'xã', 'vi')).toBe('92 / 108 xã');
    expect(formatFraction(1250, 16189, 'mô hình', 'vi')).toBe('1.250 / 16.189 mô hình');
  });

  it('give the gap in percentage points, or nothing without one', () => {
    expect(formatGap(0.08, 'vi')).toBe('cách mục tiêu 8 điểm %');
    expect(formatGap(0.0856, 'en')).toBe('8.6 points below the target');
    expect(formatGap(null, 'vi')).toBe('');
  });

  it('give a change in points with its sign, or nothing without one', () => {
    expect(formatChange(5.6, 'vi')).toBe('+5,6');
    expect(formatChange(-2, 'en')).toBe('−2');
    expect(formatChange(0, 'vi')).toBe('0');
    expect(formatChange(null, 'vi')).toBe('');
  });
});

describe('CSV', () => {
  it('keeps surrounding spaces by quoting them', () => {
    expect(toCsv(['a'], [[' x ']])).toBe('\uFEFFa\r\n" x "\r\n');
  });

  it('opens in Excel as UTF-8 and quotes what needs quoting', () => {
    const csv = toCsv(
      ['mã', 'tên', 'tỷ lệ'],
      [
        ['02152', 'Xã Cường Lợi', 0.9],
        ['x', 'Tổ "11A", phường Sông Cầu', null],
      ],
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toBe('\uFEFFmã,tên,tỷ lệ\r\n02152,Xã Cường Lợi,0.9\r\nx,"Tổ ""11A"", phường Sông Cầu",\r\n');
  });
});
