// The words of the officers' and administrators' app (/app), in Vietnamese (the default) and English. The
// labels shared with the dashboard (sign-in, account, language) stay in web/shared/i18n.ts; the lists'
// Vietnamese labels (ratings, kinds, holders) are the server's own (src/entry/rules.ts).
import type { Lang } from '../shared/format.ts';
import { fill, type Values } from '../shared/i18n.ts';

const words = {
  appSubtitle: { vi: 'Nhập liệu và quản trị', en: 'Data entry and administration' },
  appSkip: { vi: 'Bỏ qua, đến nội dung chính', en: 'Skip to the main content' },
  appNav: { vi: 'Các màn hình', en: 'Screens' },
  appHome: { vi: 'Trang đầu', en: 'Start' },
  appModels: { vi: 'Mô hình, điển hình', en: 'Models and exemplars' },
  appEmbeds: { vi: 'Nhúng biểu đồ', en: 'Embedded charts' },
  appDashboard: { vi: 'Bảng theo dõi', en: 'Dashboard' },
  appSignInIntro: {
    vi: 'Dành cho cán bộ nhập liệu và quản trị viên. Đăng nhập bằng tài khoản được cấp.',
    en: 'For the officers who keep the data and for administrators. Sign in with your account.',
  },
  appWelcome: { vi: 'Xin chào, {name}', en: 'Welcome, {name}' },
  appYourArea: {
    vi: 'Bạn nhập và sửa số liệu của {area} và các đơn vị trực thuộc.',
    en: 'You enter and correct the records of {area} and the units under it.',
  },
  appReadOnly: {
    vi: 'Tài khoản của bạn chỉ được xem số liệu: hãy dùng Bảng theo dõi.',
    en: 'Your account may read figures only: use the dashboard.',
  },
  appNotAllowed: { vi: 'Tài khoản của bạn không được dùng màn hình này.', en: 'Your account may not use this screen.' },
  appNotFound: { vi: 'Không có màn hình này.', en: 'There is no such screen.' },
  appSaving: { vi: 'Đang lưu…', en: 'Saving…' },
  appFailed: { vi: 'Không lưu được. Vui lòng kiểm tra kết nối rồi thử lại.', en: 'Nothing was saved. Check the connection and try again.' },
  appFixProblems: { vi: 'Chưa lưu: {n} ô cần sửa (xem bên dưới từng ô).', en: 'Not saved: {n} fields to correct (see below each field).' },
  appRequired: { vi: 'bắt buộc', en: 'required' },
  appOptional: { vi: 'không bắt buộc', en: 'optional' },
  appMustFill: { vi: 'Vui lòng nhập ô này', en: 'Fill in this field' },
  appWholeNumber: { vi: 'phải là số nguyên', en: 'must be a whole number' },
  // Models and their evaluations.
  modelsIntro: {
    vi: 'Đăng ký mô hình, điển hình "Dân vận khéo" của đơn vị và ghi kết quả đánh giá hằng năm.',
    en: 'Register the "Dân vận khéo" models and exemplars of your units and record their yearly evaluation.',
  },
  registerModel: { vi: 'Đăng ký mô hình, điển hình', en: 'Register a model or exemplar' },
  registerSubmit: { vi: 'Đăng ký', en: 'Register' },
  registered: { vi: 'Đã đăng ký {key}: {title}.', en: 'Registered {key}: {title}.' },
  registrationKey: { vi: 'Mã đăng ký', en: 'Registration key' },
  modelTitle: { vi: 'Tên mô hình', en: 'Title' },
  modelKind: { vi: 'Loại', en: 'Kind' },
  holder: { vi: 'Chủ thể', en: 'Holder' },
  modelUnit: { vi: 'Mã đơn vị thực hiện', en: 'Code of the unit that runs it' },
  field: { vi: 'Lĩnh vực', en: 'Field' },
  startYear: { vi: 'Năm bắt đầu', en: 'First year' },
  endYear: { vi: 'Năm kết thúc', en: 'Last year' },
  description: { vi: 'Mô tả', en: 'Description' },
  sourceUrl: { vi: 'Đường dẫn nguồn', en: 'Source address' },
  recordEvaluation: { vi: 'Ghi kết quả đánh giá', en: 'Record an evaluation' },
  evaluationSubmit: { vi: 'Ghi đánh giá', en: 'Record' },
  evaluated: { vi: 'Đã ghi đánh giá năm {year} của {key}: {rating}.', en: 'Recorded the {year} evaluation of {key}: {rating}.' },
  evaluationModel: { vi: 'Mã đăng ký của mô hình', en: 'Registration key of the model' },
  evaluationYear: { vi: 'Năm đánh giá', en: 'Year' },
  rating: { vi: 'Kết quả', en: 'Rating' },
  replication: { vi: 'Đề nghị nhân rộng', en: 'Recommended for replication' },
  evaluator: { vi: 'Mã đơn vị đánh giá', en: 'Code of the evaluating unit' },
  note: { vi: 'Ghi chú', en: 'Note' },
  recentModels: { vi: 'Mô hình mới đăng ký gần đây trong địa bàn', en: 'Models lately registered in your area' },
  noModels: { vi: 'Chưa có mô hình nào.', en: 'No model yet.' },
  evaluate: { vi: 'Ghi đánh giá', en: 'Evaluate' },
  // Embedded charts.
  embedsIntro: {
    vi: 'Cấp mã nhúng để cổng thông tin hiển thị biểu đồ một chỉ tiêu; sao chép đoạn mã, xem trước, thu hồi khi không dùng nữa.',
    en: 'Issue an embed token for a portal to show one indicator’s chart; copy its snippet, preview it, revoke it when the page goes.',
  },
  issueEmbed: { vi: 'Cấp mã nhúng', en: 'Issue an embed token' },
  issueSubmit: { vi: 'Cấp mã', en: 'Issue' },
  indicator: { vi: 'Chỉ tiêu', en: 'Indicator' },
  embedUnit: { vi: 'Mã đơn vị', en: 'Unit code' },
  fromYear: { vi: 'Từ năm', en: 'From year' },
  toYear: { vi: 'Đến năm', en: 'To year' },
  chart: { vi: 'Kiểu biểu đồ', en: 'Chart type' },
  chart_bar: { vi: 'Cột theo đơn vị trực thuộc', en: 'Bars per unit below' },
  chart_gauge: { vi: 'Tỷ lệ so với mục tiêu', en: 'One ratio against its target' },
  chart_line: { vi: 'Xu hướng qua các năm', en: 'Trend over the years' },
  days: { vi: 'Hiệu lực (ngày; để trống: không hết hạn)', en: 'Valid for (days; empty: never expires)' },
  portalOrigins: { vi: 'Địa chỉ cổng thông tin được nhúng (mỗi dòng một địa chỉ)', en: 'Portal origins allowed (one a line)' },
  label: { vi: 'Ghi chú nhận biết', en: 'Label' },
  issued: { vi: 'Đã cấp mã nhúng. Dán đoạn mã nhúng vào trang của cổng thông tin.', en: 'Issued. Paste its snippet into the portal’s page.' },
  snippet: { vi: 'Đoạn mã nhúng', en: 'Snippet' },
  copy: { vi: 'Sao chép đoạn mã', en: 'Copy the snippet' },
  copied: { vi: 'Đã sao chép.', en: 'Copied.' },
  preview: { vi: 'Xem trước', en: 'Preview' },
  tokens: { vi: 'Các mã nhúng đã cấp', en: 'Embed tokens issued' },
  noTokens: { vi: 'Chưa cấp mã nhúng nào.', en: 'No embed token yet.' },
  issuedAt: { vi: 'Ngày cấp', en: 'Issued' },
  expires: { vi: 'Hết hạn', en: 'Expires' },
  never: { vi: 'Không hết hạn', en: 'Never' },
  state: { vi: 'Trạng thái', en: 'State' },
  live: { vi: 'Đang dùng', en: 'Live' },
  expiresSoon: { vi: 'Sắp hết hạn: cấp mã mới để thay', en: 'Expires soon: issue a new one' },
  revoked: { vi: 'Đã thu hồi {date}', en: 'Revoked {date}' },
  expired: { vi: 'Đã hết hạn', en: 'Expired' },
  revoke: { vi: 'Thu hồi', en: 'Revoke' },
  confirmRevoke: {
    vi: 'Thu hồi mã nhúng {id}? Biểu đồ trên cổng thông tin sẽ ngừng hiển thị.',
    en: 'Revoke embed token {id}? Its chart on the portal stops showing.',
  },
  soonWarning: {
    vi: '{n} mã nhúng hết hạn trong 30 ngày tới: biểu đồ của chúng sẽ ngừng hiển thị nếu không cấp mã mới.',
    en: '{n} embed tokens expire within 30 days: their charts stop unless new ones are issued.',
  },
  actions: { vi: 'Thao tác', en: 'Actions' },
} satisfies Record<string, Record<Lang, string>>;

export type Word = keyof typeof words;

export function w(word: Word, lang: Lang, values: Values = {}): string {
  return fill(words[word][lang], values);
}
