// Labels in Vietnamese (the default) and English.
import type { Lang } from './format.ts';

const labels = {
  title: { vi: 'Phong trào "Dân vận khéo"', en: 'The "Dân vận khéo" movement' },
  loading: { vi: 'Đang tải dữ liệu…', en: 'Loading…' },
  error: { vi: 'Không tải được dữ liệu', en: 'The data could not be loaded' },
  retry: { vi: 'Thử lại', en: 'Try again' },
  unit: { vi: 'Đơn vị', en: 'Unit' },
  year: { vi: 'Năm', en: 'Year' },
  search: { vi: 'Tìm đơn vị (có thể gõ không dấu)', en: 'Find a unit (diacritics optional)' },
  target: { vi: 'Mục tiêu', en: 'Target' },
  ratio: { vi: 'Tỷ lệ', en: 'Ratio' },
  numerator: { vi: 'Đạt', en: 'Meeting' },
  denominator: { vi: 'Tổng số', en: 'Total' },
  missing: { vi: 'Chưa đạt', en: 'Not yet meeting' },
  trend: { vi: 'Xu hướng 10 năm', en: '10-year trend' },
  breakdown: { vi: 'Theo đơn vị trực thuộc', en: 'By unit below' },
  showTable: { vi: 'Xem bảng số liệu', en: 'Show data table' },
  hideTable: { vi: 'Ẩn bảng số liệu', en: 'Hide data table' },
  downloadCsv: { vi: 'Tải CSV', en: 'Download CSV' },
  downloadPng: { vi: 'Tải ảnh PNG', en: 'Download PNG' },
  downloadMissing: { vi: 'Tải danh sách chưa đạt (CSV)', en: 'Download the list (CSV)' },
  noMissing: { vi: 'Không còn đơn vị nào chưa đạt.', en: 'Nothing is missing.' },
  more: { vi: 'và {n} đơn vị khác', en: 'and {n} more' },
  drill: { vi: 'Nhấn vào cột để xem chi tiết đơn vị', en: 'Click a bar to open that unit' },
  MET: { vi: 'Đạt mục tiêu', en: 'Target met' },
  BELOW_TARGET: { vi: 'Chưa đạt mục tiêu', en: 'Below target' },
  NO_TARGET: { vi: 'Không có mục tiêu', en: 'No target' },
  NO_DATA: { vi: 'Chưa có dữ liệu', en: 'No data' },
  models: { vi: 'mô hình', en: 'models' },
  respondents: { vi: 'người được khảo sát', en: 'respondents' },
  /** What a satisfaction ratio falls short by: respondents who would have to be satisfied, not respondents. */
  satisfiedRespondents: { vi: 'người được khảo sát hài lòng', en: 'satisfied respondents' },
  language: { vi: 'English', en: 'Tiếng Việt' },
  // The leadership dashboard (web/dashboard).
  dashAppName: { vi: 'Dân vận khéo', en: 'Dân vận khéo' },
  dashSubtitle: { vi: 'Bảng theo dõi thực hiện chỉ tiêu', en: 'Indicator dashboard' },
  dashSkip: { vi: 'Bỏ qua, đến nội dung chính', en: 'Skip to the main content' },
  dashFindUnit: { vi: 'Tìm đơn vị', en: 'Find a unit' },
  dashBreadcrumb: { vi: 'Đường dẫn đơn vị', en: 'Unit path' },
  dashFooter: {
    vi: 'Số liệu tính trực tiếp từ cơ sở dữ liệu phong trào, theo địa giới hành chính tại ngày 31/12 của năm được chọn (hoặc ngày cuối cùng của đơn vị nếu đơn vị kết thúc trong năm).',
    en: 'Figures are computed live from the movement’s database, on the administrative map of 31 December of the chosen year (or the unit’s last day if it ended that year).',
  },
  dashViewSubtitle: { vi: '{kind} · mã {code} · năm {year}', en: '{kind} · code {code} · {year}' },
  dashUnitEnded: {
    vi: 'Đơn vị này không còn tồn tại trong năm {year} nên các chỉ tiêu không có đối tượng để tính.',
    en: 'This unit no longer existed in {year}, so the indicators have nothing to count.',
  },
  dashUnitNotYet: {
    vi: 'Đơn vị này chưa được thành lập trong năm {year} nên các chỉ tiêu không có đối tượng để tính.',
    en: 'This unit did not exist yet in {year}, so the indicators have nothing to count.',
  },
  dashUnitBecame: { vi: 'Đơn vị kế thừa:', en: 'It passed into' },
  dashUnitCameFrom: { vi: 'Đơn vị trước sắp xếp:', en: 'It was formed from' },
  dashUnitNotFound: { vi: 'Không tìm thấy đơn vị “{code}”', en: 'No unit “{code}”' },
  dashUnitNotFoundExplain: {
    vi: 'Mã đơn vị trong đường dẫn không đúng. Hãy tìm đơn vị bằng ô tìm kiếm, hoặc quay về trang chính.',
    en: 'The unit code in the address names no unit. Find the unit with the search box, or go back to the main view.',
  },
  dashBackHome: { vi: 'Về trang chính', en: 'Back to the main view' },
  dashForbidden: { vi: 'Không có quyền xem đơn vị này', en: 'You may not view this unit' },
  dashForbiddenExplain: {
    vi: 'Tài khoản của bạn chỉ xem được số liệu của {area} và các đơn vị trực thuộc.',
    en: 'Your account covers {area} and the units under it.',
  },
  dashErrorExplain: {
    vi: 'Máy chủ không trả lời hoặc trả lời lỗi. Vui lòng kiểm tra kết nối rồi thử lại.',
    en: 'The server did not answer, or answered with an error. Check the connection and try again.',
  },
  dashErrorDetail: { vi: 'Chi tiết', en: 'Details' },
  dashStatus: { vi: 'Tình trạng', en: 'Status' },
  dashShortfall: { vi: 'Còn thiếu {what}', en: 'Short by {what}' },
  dashGapPoints: { vi: 'cách mục tiêu {points} điểm %', en: '{points} points below the target' },
  dashTargetReached: { vi: 'Đã đạt mục tiêu đề ra', en: 'The target is reached' },
  dashNoTargetNote: { vi: 'Năm {year} chưa đặt mục tiêu; tỷ lệ để tham khảo', en: 'No target is set for {year}; the ratio is for reference' },
  dashNoDataNote: { vi: 'Năm {year} không có đối tượng để tính', en: 'Nothing to count in {year}' },
  dashBreakdownKinds: { vi: 'Loại đơn vị trong biểu đồ', en: 'Kind of units in the chart' },
  dashLaggingFirst: { vi: 'thấp nhất trước', en: 'lowest first' },
  dashRank: { vi: 'Hạng', en: 'Rank' },
  dashChangeUp: { vi: 'tăng {points} điểm % so với năm {year}', en: 'up {points} points on {year}' },
  dashChangeDown: { vi: 'giảm {points} điểm % so với năm {year}', en: 'down {points} points on {year}' },
  dashChangeNone: { vi: 'không đổi so với năm {year}', en: 'unchanged on {year}' },
  dashNotApplicable: { vi: 'Không áp dụng', en: 'Does not apply' },
  dashNotApplicableNote: { vi: 'Đơn vị này không có {what} nào để tính', en: 'This unit has no {what} to count' },
  dashMoreModels: { vi: 'và {n} mô hình khác', en: 'and {n} more models' },
  dashMissingNotApplicable: {
    vi: 'Chỉ tiêu tính trên tổng số người được khảo sát nên không có danh sách đơn vị chưa đạt.',
    en: 'This ratio is computed over all respondents: there is no list of missing units.',
  },
  dashDownloading: { vi: 'Đang tải {done} / {total}…', en: 'Loading {done} / {total}…' },
  dashDownloadFailed: { vi: 'Không tải được danh sách. Vui lòng thử lại.', en: 'The list could not be loaded. Please try again.' },
  dashChartBreakdown: { vi: 'Biểu đồ cột theo đơn vị trực thuộc', en: 'Bar chart by unit below' },
  dashChartUnits: { vi: '{n} đơn vị có số liệu', en: '{n} units with data' },
  dashChartMetBelow: { vi: '{met} đạt mục tiêu, {below} chưa đạt', en: '{met} meet the target, {below} below it' },
  dashChartRange: { vi: 'thấp nhất {low}, cao nhất {high}', en: 'lowest {low}, highest {high}' },
  dashChartNoUnits: { vi: 'Không có đơn vị trực thuộc có số liệu.', en: 'No unit below has anything to count.' },
  dashChartSeries: { vi: 'Biểu đồ đường, tỷ lệ qua các năm', en: 'Line chart of the ratio by year' },
  dashSearching: { vi: 'Đang tìm…', en: 'Searching…' },
  dashSearchResults: { vi: '{n} đơn vị phù hợp', en: '{n} matching units' },
  dashSearchNone: { vi: 'Không tìm thấy đơn vị nào', en: 'No unit found' },
  dashSearchFailed: { vi: 'Không tìm được, vui lòng thử lại', en: 'The search failed, please try again' },
  dashSearchMore: { vi: 'và {n} đơn vị khác: gõ thêm để thu hẹp', en: 'and {n} more: type more to narrow' },
  dashOverview: { vi: 'Tổng quan', en: 'Overview' },
  dashOverviewMet: { vi: 'Đạt {met}/{total} chỉ tiêu có mục tiêu.', en: '{met} of {total} targets met.' },
  dashOverviewOthers: { vi: '{n} chỉ tiêu chưa đặt mục tiêu hoặc chưa có dữ liệu.', en: '{n} indicators have no target or no data.' },
  // Signing in (web/dashboard/sign-in.ts).
  signInTitle: { vi: 'Đăng nhập', en: 'Sign in' },
  signInIntro: {
    vi: 'Bảng theo dõi dành cho cán bộ được cấp tài khoản. Đăng nhập để xem số liệu của đơn vị mình.',
    en: 'The dashboard is for officers with an account. Sign in to see your unit’s figures.',
  },
  signInUsername: { vi: 'Tên đăng nhập', en: 'User name' },
  signInPassword: { vi: 'Mật khẩu', en: 'Password' },
  signInSubmit: { vi: 'Đăng nhập', en: 'Sign in' },
  signInBusy: { vi: 'Đang đăng nhập…', en: 'Signing in…' },
  signInMissing: { vi: 'Vui lòng nhập tên đăng nhập và mật khẩu.', en: 'Enter your user name and password.' },
  signInWrong: { vi: 'Sai tên đăng nhập hoặc mật khẩu.', en: 'Wrong user name or password.' },
  signInFailed: { vi: 'Không đăng nhập được. Vui lòng kiểm tra kết nối rồi thử lại.', en: 'Signing in failed. Check the connection and try again.' },
  signInExpired: { vi: 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.', en: 'Your session has expired. Please sign in again.' },
  signInSignedOut: { vi: 'Bạn đã đăng xuất.', en: 'You have signed out.' },
  signOut: { vi: 'Đăng xuất', en: 'Sign out' },
  account: { vi: 'Tài khoản đang đăng nhập', en: 'Signed-in account' },
  wholeCountry: { vi: 'Toàn quốc', en: 'Whole country' },
} satisfies Record<string, Record<Lang, string>>;

export type Label = keyof typeof labels;

export type Values = Record<string, string | number>;

/** A label's words with its {placeholders} filled in; the widget's own labels (web/widgets/labels.ts) use it too. */
export function fill(words: string, values: Values): string {
  return words.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

export function t(label: Label, lang: Lang, values: Values = {}): string {
  return fill(labels[label][lang], values);
}
