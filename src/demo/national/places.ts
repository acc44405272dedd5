// The places of the national data set: Vietnam's 63 provinces with their statistics-office codes, each
// with roughly as many districts as it had around 2020 (the urban ones, quận, in the five centrally-run
// cities), and generated names for the districts and communes below them. No district or commune of the
// national data set is a real one.
import type { Random } from '../random.ts';

export interface ProvincePlace {
  code: string;
  name: string;
  districts: number;
  /** Urban districts (quận) of a centrally-run city. */
  urbanDistricts?: number;
  /** Local naming traditions beside the Sino-Vietnamese names everywhere. */
  localNames?: 'northern-highlands' | 'central-highlands';
}

const NH = 'northern-highlands' as const;
const CH = 'central-highlands' as const;

export const PROVINCES: ProvincePlace[] = [
  { code: '01', name: 'Thành phố Hà Nội', districts: 30, urbanDistricts: 12 },
  { code: '02', name: 'Tỉnh Hà Giang', districts: 11, localNames: NH },
  { code: '04', name: 'Tỉnh Cao Bằng', districts: 10, localNames: NH },
  { code: '06', name: 'Tỉnh Bắc Kạn', districts: 8, localNames: NH },
  { code: '08', name: 'Tỉnh Tuyên Quang', districts: 7, localNames: NH },
  { code: '10', name: 'Tỉnh Lào Cai', districts: 9, localNames: NH },
  { code: '11', name: 'Tỉnh Điện Biên', districts: 10, localNames: NH },
  { code: '12', name: 'Tỉnh Lai Châu', districts: 8, localNames: NH },
  { code: '14', name: 'Tỉnh Sơn La', districts: 12, localNames: NH },
  { code: '15', name: 'Tỉnh Yên Bái', districts: 9, localNames: NH },
  { code: '17', name: 'Tỉnh Hòa Bình', districts: 10, localNames: NH },
  { code: '19', name: 'Tỉnh Thái Nguyên', districts: 9 },
  { code: '20', name: 'Tỉnh Lạng Sơn', districts: 11, localNames: NH },
  { code: '22', name: 'Tỉnh Quảng Ninh', districts: 13 },
  { code: '24', name: 'Tỉnh Bắc Giang', districts: 10 },
  { code: '25', name: 'Tỉnh Phú Thọ', districts: 13 },
  { code: '26', name: 'Tỉnh Vĩnh Phúc', districts: 9 },
  { code: '27', name: 'Tỉnh Bắc Ninh', districts: 8 },
  { code: '30', name: 'Tỉnh Hải Dương', districts: 12 },
  { code: '31', name: 'Thành phố Hải Phòng', districts: 15, urbanDistricts: 7 },
  { code: '33', name: 'Tỉnh Hưng Yên', districts: 10 },
  { code: '34', name: 'Tỉnh Thái Bình', districts: 8 },
  { code: '35', name: 'Tỉnh Hà Nam', districts: 6 },
  { code: '36', name: 'Tỉnh Nam Định', districts: 10 },
  { code: '37', name: 'Tỉnh Ninh Bình', districts: 8 },
  { code: '38', name: 'Tỉnh Thanh Hóa', districts: 27 },
  { code: '40', name: 'Tỉnh Nghệ An', districts: 21 },
  { code: '42', name: 'Tỉnh Hà Tĩnh', districts: 13 },
  { code: '44', name: 'Tỉnh Quảng Bình', districts: 8 },
  { code: '45', name: 'Tỉnh Quảng Trị', districts: 10 },
  { code: '46', name: 'Tỉnh Thừa Thiên Huế', districts: 9 },
  { code: '48', name: 'Thành phố Đà Nẵng', districts: 8, urbanDistricts: 6 },
  { code: '49', name: 'Tỉnh Quảng Nam', districts: 18 },
  { code: '51', name: 'Tỉnh Quảng Ngãi', districts: 13 },
  { code: '52', name: 'Tỉnh Bình Định', districts: 11 },
  { code: '54', name: 'Tỉnh Phú Yên', districts: 9 },
  { code: '56', name: 'Tỉnh Khánh Hòa', districts: 9 },
  { code: '58', name: 'Tỉnh Ninh Thuận', districts: 7 },
  { code: '60', name: 'Tỉnh Bình Thuận', districts: 10 },
  { code: '62', name: 'Tỉnh Kon Tum', districts: 10, localNames: CH },
  { code: '64', name: 'Tỉnh Gia Lai', districts: 17, localNames: CH },
  { code: '66', name: 'Tỉnh Đắk Lắk', districts: 15, localNames: CH },
  { code: '67', name: 'Tỉnh Đắk Nông', districts: 8, localNames: CH },
  { code: '68', name: 'Tỉnh Lâm Đồng', districts: 12 },
  { code: '70', name: 'Tỉnh Bình Phước', districts: 11 },
  { code: '72', name: 'Tỉnh Tây Ninh', districts: 9 },
  { code: '74', name: 'Tỉnh Bình Dương', districts: 9 },
  { code: '75', name: 'Tỉnh Đồng Nai', districts: 11 },
  { code: '77', name: 'Tỉnh Bà Rịa - Vũng Tàu', districts: 8 },
  { code: '79', name: 'Thành phố Hồ Chí Minh', districts: 24, urbanDistricts: 19 },
  { code: '80', name: 'Tỉnh Long An', districts: 15 },
  { code: '82', name: 'Tỉnh Tiền Giang', districts: 11 },
  { code: '83', name: 'Tỉnh Bến Tre', districts: 9 },
  { code: '84', name: 'Tỉnh Trà Vinh', districts: 9 },
  { code: '86', name: 'Tỉnh Vĩnh Long', districts: 8 },
  { code: '87', name: 'Tỉnh Đồng Tháp', districts: 12 },
  { code: '89', name: 'Tỉnh An Giang', districts: 11 },
  { code: '91', name: 'Tỉnh Kiên Giang', districts: 15 },
  { code: '92', name: 'Thành phố Cần Thơ', districts: 9, urbanDistricts: 5 },
  { code: '93', name: 'Tỉnh Hậu Giang', districts: 8 },
  { code: '94', name: 'Tỉnh Sóc Trăng', districts: 11 },
  { code: '95', name: 'Tỉnh Bạc Liêu', districts: 7 },
  { code: '96', name: 'Tỉnh Cà Mau', districts: 9 },
];

/** Sino-Vietnamese syllables that make most of the country's place names ("Tân Lập", "Quang Trung"). */
const FIRST_SYLLABLES = [
  'An',
  'Bình',
  'Cẩm',
  'Cao',
  'Đại',
  'Đông',
  'Đồng',
  'Đức',
  'Hải',
  'Hòa',
  'Hồng',
  'Hợp',
  'Hưng',
  'Hương',
  'Khánh',
  'Kim',
  'Lạc',
  'Liên',
  'Long',
  'Lộc',
  'Minh',
  'Mỹ',
  'Nam',
  'Nghĩa',
  'Ngọc',
  'Phong',
  'Phú',
  'Phúc',
  'Phước',
  'Quang',
  'Quảng',
  'Sơn',
  'Tân',
  'Tây',
  'Thạch',
  'Thái',
  'Thanh',
  'Thạnh',
  'Thiện',
  'Thuận',
  'Thượng',
  'Tiên',
  'Trung',
  'Văn',
  'Vân',
  'Vĩnh',
  'Xuân',
  'Yên',
];
const SECOND_SYLLABLES = [
  'An',
  'Bình',
  'Châu',
  'Cường',
  'Điền',
  'Định',
  'Đức',
  'Dương',
  'Giang',
  'Hà',
  'Hải',
  'Hiệp',
  'Hòa',
  'Hội',
  'Hồng',
  'Hưng',
  'Khánh',
  'Kiên',
  'Lâm',
  'Lập',
  'Linh',
  'Lộc',
  'Lợi',
  'Long',
  'Lương',
  'Minh',
  'Mỹ',
  'Nghĩa',
  'Phong',
  'Phú',
  'Quang',
  'Sơn',
  'Tân',
  'Thắng',
  'Thành',
  'Thịnh',
  'Thọ',
  'Thủy',
  'Thuận',
  'Tiến',
  'Trung',
  'Vinh',
  'Xuân',
  'Yên',
];

/** Names in the Tày, Nùng and Thái tradition of the northern highlands ("Nà Phặc", "Mường Lạn"). */
const NORTHERN_HIGHLANDS: [string[], string[]] = [
  ['Bản', 'Bó', 'Cốc', 'Khuổi', 'Lũng', 'Mường', 'Nà', 'Nậm', 'Pác', 'Phiêng', 'Pò', 'Tả'],
  ['Chang', 'Đon', 'Giàng', 'Hin', 'Khao', 'Khoen', 'Làng', 'Lạn', 'Luông', 'Mòn', 'Phai', 'Phặc', 'Tẩu', 'Thàng', 'Vài'],
];

/** Names in the Ê Đê, Gia Rai and Ba Na tradition of the central highlands ("Ea Kar", "Ia Grai"). */
const CENTRAL_HIGHLANDS: [string[], string[]] = [
  ['Đắk', 'Ea', 'Ia', 'Kon', 'Krông'],
  ['Bông', 'Blang', 'Drông', 'Grai', 'Hring', 'Kar', 'Lấp', 'Mar', 'Pơng', 'Rông', 'Tơ', 'Yang'],
];

const LOCAL_NAMES = { 'northern-highlands': NORTHERN_HIGHLANDS, 'central-highlands': CENTRAL_HIGHLANDS };

/** Share of the names in a region with a local tradition that follow it. */
const LOCAL_NAME_SHARE = 0.4;

function drawPlaceName(random: Random, localNames: ProvincePlace['localNames']): string {
  const [first, second] = localNames && random.chance(LOCAL_NAME_SHARE) ? LOCAL_NAMES[localNames] : [FIRST_SYLLABLES, SECOND_SYLLABLES];
  const head = random.pick(first);
  const tail = random.pick(second.filter((syllable) => syllable !== head));
  return `${head} ${tail}`;
}

/**
 * Place names unique among their siblings (the communes of a district, the districts of a province): a
 * few draws for a fresh one, then a number, as the country does with its "Tân Lập 2".
 */
export class SiblingNames {
  private readonly taken = new Set<string>();

  constructor(
    private readonly random: Random,
    private readonly localNames: ProvincePlace['localNames'],
  ) {}

  /** Takes a given name (a district seat named after its district), numbered if a sibling has it. */
  take(name: string): string {
    let candidate = name;
    for (let number = 2; this.taken.has(candidate); number += 1) candidate = `${name} ${number}`;
    this.taken.add(candidate);
    return candidate;
  }

  draw(): string {
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const name = drawPlaceName(this.random, this.localNames);
      if (!this.taken.has(name)) return this.take(name);
    }
    return this.take(drawPlaceName(this.random, this.localNames));
  }

  /** A merged commune's name from its predecessors' ("Tân Lập" and "Quang Hòa" make "Tân Hòa"), or a fresh one. */
  merged(names: string[]): string {
    const head = names[0]!.split(' ')[0]!;
    const tail = names[names.length - 1]!.split(' ').at(-1)!;
    const name = `${head} ${tail}`;
    return head !== tail && !this.taken.has(name) ? this.take(name) : this.draw();
  }
}
