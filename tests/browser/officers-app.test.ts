// The officers' and administrators' app (/app, issue 16) in Chromium, on PostgreSQL: an officer registers
// a model and records its evaluation by form, a refused value shown at its field in Vietnamese with nothing
// written; an administrator issues an embed token, copies its snippet, sees its preview and revokes it, after
// which its widget says so; each screen shows only what the role may do, and each write is in the audit log.
// One database is enough for the pages: every write they make is checked on both in tests/database (models,
// data-entry, unit-entry, import, user-admin, catalogue, embed), and each provider is under pages here:
// PostgreSQL, where a province goes live, in this file and going-live's; SQLite in the dashboard's, the widget's and GraphiQL's.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { createDatabase } from '../../src/db/client.ts';
import { createFacts } from '../../src/analytics/facts.ts';
import { createListener } from '../../src/server/listener.ts';
import { artifacts, launchChromium } from '../support/browser.ts';
import { demoCopy, type TestDatabase } from '../support/databases.ts';
import { listen } from '../support/listening.ts';
import { DEMO_PASSWORD } from '../../src/demo/users.ts';
import { testServer } from '../support/viewers.ts';

describe("the officers' app on postgresql", () => {
  const provider = 'postgresql';
  let database: TestDatabase;
  let db: Database;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof listen>>;
  let context: BrowserContext;

  beforeAll(async () => {
    database = await demoCopy(provider);
    db = createDatabase(database.url);
    [browser, server] = await Promise.all([launchChromium(), listen(createListener(testServer(db)))]);
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    await db?.$disconnect();
    await database?.drop();
  });

  /** A new tab signed in on the app's own form as a demo user. */
  async function signedIn(username: string, path = '/app'): Promise<Page> {
    await context?.close();
    context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await page.goto(`${server.origin}${path}`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    return page;
  }
  const problemAt = (page: Page, field: string) => page.locator(`[data-problem-for="${field}"]`);

  it('lets a commune officer register a model and record its evaluation by form; a refused value shows at its field and writes nothing', async () => {
    const page = await signedIn('xa.cuongloi');
    const nav = page.getByRole('navigation', { name: 'Các màn hình' });
    // A commune officer keeps records; embed tokens are the administrators'.
    await expect(nav.getByRole('link', { name: 'Mô hình, điển hình' }).isVisible()).resolves.toBe(true);
    expect(await nav.getByRole('link', { name: 'Nhúng biểu đồ' }).count()).toBe(0);
    await nav.getByRole('link', { name: 'Mô hình, điển hình' }).click();
    await page.getByRole('heading', { name: 'Đăng ký mô hình, điển hình' }).waitFor();
    const form = page.getByRole('form', { name: 'Đăng ký mô hình, điển hình' });
    // Their own commune is the unit the form starts with.
    expect(await form.getByLabel('Mã đơn vị thực hiện').inputValue()).toBe('02152');
    const [models, audit] = [await db.model.count(), await db.auditEntry.count()];

    // Found here, by the API's own rules: nothing is sent.
    await form.getByLabel('Mã đăng ký').fill('CL 2019 bad key!');
    await form.getByLabel('Tên mô hình').fill('Dân vận khéo trong xây dựng đường giao thông nông thôn');
    await form.getByLabel('Năm bắt đầu').fill('1980');
    await form.getByRole('button', { name: 'Đăng ký' }).click();
    await expect(problemAt(page, 'registrationKey').textContent()).resolves.toBe('chỉ gồm chữ, số và . _ / -');
    await expect(problemAt(page, 'startYear').textContent()).resolves.toBe('phải là một năm từ 1990 đến 2100');
    expect(await form.getByLabel('Mã đăng ký').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByRole('alert').textContent()).toContain('Chưa lưu: 3 ô cần sửa');

    // Found by the API, which alone knows the records: a unit that does not exist, then one outside the
    // officer's commune.
    await form.getByLabel('Mã đăng ký').fill('CL-2019-APP');
    await form.getByLabel('Năm bắt đầu').fill('2019');
    await form.getByLabel('Lĩnh vực').selectOption({ label: 'Xây dựng nông thôn mới' });
    await form.getByLabel('Mã đơn vị thực hiện').fill('KHONG-CO');
    await form.getByRole('button', { name: 'Đăng ký' }).click();
    await problemAt(page, 'unit').waitFor();
    expect(await problemAt(page, 'unit').textContent()).toMatch(/KHONG-CO/);
    expect(await problemAt(page, 'registrationKey').count()).toBe(0);
    await form.getByLabel('Mã đơn vị thực hiện').fill('02155');
    await form.getByRole('button', { name: 'Đăng ký' }).click();
    await form.getByText('Xã Lương Hạ (02155) nằm ngoài địa bàn của bạn').waitFor();
    expect([await db.model.count(), await db.auditEntry.count()]).toEqual([models, audit]);

    await form.getByLabel('Mã đơn vị thực hiện').fill('02152');
    await form.getByRole('button', { name: 'Đăng ký' }).click();
    await form.getByText('Đã đăng ký CL-2019-APP').waitFor();
    expect(await db.model.findUniqueOrThrow({ where: { registrationKey: 'CL-2019-APP' }, include: { unit: true, field: true } })).toMatchObject({
      title: 'Dân vận khéo trong xây dựng đường giao thông nông thôn',
      startYear: 2019,
      unit: { code: '02152' },
      field: { nameVi: 'Xây dựng nông thôn mới' },
    });

    // The model just registered is the one the evaluation form names.
    const evaluation = page.getByRole('form', { name: 'Ghi kết quả đánh giá' });
    expect(await evaluation.getByLabel('Mã đăng ký của mô hình').inputValue()).toBe('CL-2019-APP');
    await evaluation.getByLabel('Năm đánh giá').fill('2018');
    await evaluation.getByRole('button', { name: 'Ghi đánh giá' }).click();
    await problemAt(page, 'year').waitFor();
    expect(await problemAt(page, 'year').textContent()).toMatch(/2019/);
    expect(await db.evaluation.count({ where: { model: { registrationKey: 'CL-2019-APP' } } })).toBe(0);

    await evaluation.getByLabel('Năm đánh giá').fill('2019');
    await evaluation.getByLabel('Kết quả').selectOption({ label: 'Tiêu biểu' });
    await evaluation.getByLabel('Đề nghị nhân rộng').check();
    await evaluation.getByRole('button', { name: 'Ghi đánh giá' }).click();
    await evaluation.getByText('Đã ghi đánh giá năm 2019 của CL-2019-APP: Tiêu biểu.').waitFor();
    await page.screenshot({ path: `${artifacts}/app-models-${provider}.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${artifacts}/app-models-phone-${provider}.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 720 });
    expect(await db.evaluation.findFirstOrThrow({ where: { model: { registrationKey: 'CL-2019-APP' } } })).toMatchObject({
      year: 2019,
      rating: 'OUTSTANDING',
      recommendedForReplication: true,
    });
    // Both writes are the officer's, in the audit trail.
    const entries = await db.auditEntry.findMany({ where: { id: { gt: (await db.auditEntry.findMany({ orderBy: { id: 'asc' } }))[audit - 1]?.id ?? 0 } } });
    expect(entries.map((entry) => [entry.entity, entry.action, entry.actor])).toEqual([
      ['Model', 'CREATE', 'xa.cuongloi'],
      ['Evaluation', 'CREATE', 'xa.cuongloi'],
    ]);

    // The audit log screen shows them, newest first, with what each write set.
    await nav.getByRole('link', { name: 'Nhật ký thay đổi' }).click();
    await page.getByLabel('Tài khoản', { exact: true }).fill('xa.cuongloi');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.getByText('2 thay đổi').waitFor();
    const logged = page.locator('[data-audit-entry]');
    expect(await logged.count()).toBe(2);
    expect(await logged.nth(0).locator('.audit-head').textContent()).toMatch(/xa\.cuongloi · Tạo đánh giá CL-2019-APP\/2019$/);
    expect(await logged.nth(1).locator('.audit-head').textContent()).toMatch(/xa\.cuongloi · Tạo mô hình CL-2019-APP$/);
    expect(
      await logged
        .nth(0)
        .getByRole('row', { name: /rating/ })
        .textContent(),
    ).toContain('OUTSTANDING');
    await nav.getByRole('link', { name: 'Mô hình, điển hình' }).click();

    // The list of the commune's models edits one, and records its award.
    const listed = page.locator('tr[data-model="CL-2019-APP"]');
    await listed.getByRole('button', { name: 'Sửa' }).click();
    const edit = page.getByRole('form', { name: 'Sửa mô hình CL-2019-APP' });
    expect(await edit.getByLabel('Tên mô hình').inputValue()).toBe('Dân vận khéo trong xây dựng đường giao thông nông thôn');
    await edit.getByLabel('Tên mô hình').fill('Dân vận khéo trong làm đường giao thông nông thôn');
    await edit.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByText('Đã lưu mô hình CL-2019-APP.').waitFor();
    expect((await db.model.findUniqueOrThrow({ where: { registrationKey: 'CL-2019-APP' } })).title).toBe('Dân vận khéo trong làm đường giao thông nông thôn');
    const award = page.getByRole('form', { name: 'Ghi khen thưởng' });
    expect(await award.getByLabel('Mã đăng ký của mô hình').inputValue()).toBe('CL-2019-APP');
    await award.getByLabel('Năm đánh giá').fill('2019');
    await award.getByLabel('Hình thức khen thưởng').fill('Giấy khen');
    await award.getByLabel(/Ngày quyết định/).fill('2020-01-15');
    await award.getByRole('button', { name: 'Ghi khen thưởng' }).click();
    expect(await problemAt(page, 'award.decisionDate').textContent()).toBe('phải thuộc năm khen thưởng');
    await award.getByLabel(/Ngày quyết định/).fill('2019-12-15');
    await award.getByRole('button', { name: 'Ghi khen thưởng' }).click();
    await award.getByText('Đã ghi khen thưởng năm 2019 của CL-2019-APP.').waitFor();
    expect(await db.award.findMany({ where: { model: { registrationKey: 'CL-2019-APP' } }, select: { year: true, title: true, level: true } })).toEqual([
      { year: 2019, title: 'Giấy khen', level: 'DISTRICT' },
    ]);
    await edit.getByRole('button', { name: 'Thôi sửa' }).click();

    // In English, the same form and its problems.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Register a model or exemplar' }).waitFor();
    await page.getByRole('form', { name: 'Register a model or exemplar' }).getByLabel('Title').fill('');
    await page.getByRole('form', { name: 'Register a model or exemplar' }).getByRole('button', { name: 'Register' }).click();
    expect(await problemAt(page, 'title').textContent()).toBe('must not be empty');
  });

  it("records a unit's yearly plan, survey and new-rural status by form, each refused value at its field and nothing written", async () => {
    const page = await signedIn('xa.cuongloi', '/app/yearly');
    const survey = page.getByRole('form', { name: 'Khảo sát sự hài lòng' });
    expect(await survey.getByLabel('Mã đơn vị').inputValue()).toBe('02152');
    const surveys = () => db.satisfactionSurvey.findMany({ where: { year: 2019, unit: { code: '02152' } } });
    const before = await surveys();
    await survey.getByLabel('Năm đánh giá').fill('2019');
    await survey.getByLabel('Số người được khảo sát').fill('200');
    await survey.getByLabel('Số người hài lòng').fill('250');
    await survey.getByRole('button', { name: 'Ghi' }).click();
    expect(await problemAt(page, 'yearlySurvey.satisfied').textContent()).toBe('không được vượt quá số người được khảo sát');
    expect(await surveys()).toEqual(before);
    await survey.getByLabel('Số người hài lòng').fill('180');
    await survey.getByRole('button', { name: 'Ghi' }).click();
    await survey.getByText('Đã ghi số liệu năm 2019 của 02152.').waitFor();
    expect((await surveys()).map(({ respondents, satisfied }) => [respondents, satisfied])).toEqual([[200, 180]]);

    const status = page.getByRole('form', { name: 'Kết quả xây dựng nông thôn mới' });
    const statuses = () => db.newRuralStatus.findMany({ where: { year: 2019, unit: { code: '02152' } } });
    const statusBefore = await statuses();
    await status.getByLabel('Năm đánh giá').fill('2019');
    await status.getByLabel('Số tiêu chí đạt (trên 19)').fill('15');
    await status.getByLabel(/Ngày được công nhận/).fill('2019-12-20');
    await status.getByRole('button', { name: 'Ghi' }).click();
    expect(await problemAt(page, 'yearlyStatus.recognisedOn').textContent()).toBe('chỉ được công nhận khi đạt đủ 19 tiêu chí');
    expect(await statuses()).toEqual(statusBefore);
    // Only the API knows the area: another commune's plan is refused, and says so.
    const plan = page.getByRole('form', { name: 'Kế hoạch của đơn vị' });
    const plans = () => db.plan.findMany({ where: { unit: { code: '02155' } }, orderBy: { year: 'asc' } });
    const plansBefore = await plans();
    await plan.getByLabel('Mã đơn vị').fill('02155');
    await plan.getByLabel('Năm đánh giá').fill('2019');
    await plan.getByLabel(/Số kế hoạch/).fill('99-KH/XA');
    await plan.getByRole('button', { name: 'Ghi' }).click();
    await plan.getByText(/nằm ngoài địa bàn của bạn/).waitFor();
    expect(await plans()).toEqual(plansBefore);
  });

  it('checks a spreadsheet first: one bad row shows its row, column, value and message and nothing is written; the fixed file imports with its summary', async () => {
    const page = await signedIn('huyen.nari', '/app/import');
    await page.getByRole('heading', { name: 'Nhập từ bảng tính' }).waitFor();
    // A district officer keeps records, not the tree: no units among the kinds.
    const kinds = await page.getByLabel('Loại số liệu').locator('option').allTextContents();
    expect(kinds).toContain('Kế hoạch của đơn vị');
    expect(kinds).not.toContain('Đơn vị');
    await page.getByLabel('Loại số liệu').selectOption({ label: 'Kế hoạch của đơn vị' });
    // The template and the area's records, as files.
    const downloaded = async (button: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
      const chunks: Buffer[] = [];
      for await (const chunk of (await file.createReadStream())!) chunks.push(chunk as Buffer);
      return { name: file.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
    };
    const template = await downloaded('Tải tệp mẫu');
    expect(template.name).toBe('plans.csv');
    expect(template.text.split(/\r?\n/)[0]).toBe('\uFEFFMã đơn vị,Năm,Số kế hoạch,Ngày ban hành');
    const area = await downloaded('Tải số liệu hiện có của địa bàn');
    expect(area.name).toBe('plans-066.csv');
    // The district's plans only: every unit in the export is within Na Rì.
    const codes = new Set(
      area.text
        .split(/\r?\n/)
        .slice(1)
        .filter(Boolean)
        .map((line) => line.split(',')[0]!),
    );
    const tree = await createFacts(db).tree();
    const district = new Set([...tree.below(tree.byCode('066')!.id)].map((id) => tree.unit(id).code));
    expect(codes.size).toBeGreaterThan(0);
    expect([...codes].filter((code) => !district.has(code))).toEqual([]);
    const units = ['02155', '02158'];
    const plans = () => db.plan.count({ where: { year: 2019, unit: { code: { in: units } } } });
    const before = await plans();
    const csv = (year: string) => `Mã đơn vị,Năm,Số kế hoạch,Ngày ban hành\n02155,2019,07-KH/ĐU,2019-02-01\n02158,${year},09-KH/ĐU,\n`;
    const choose = (text: string) =>
      page.getByLabel('Tệp CSV hoặc XLSX').setInputFiles({ name: 'ke-hoach.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });

    // The outcome, said in the form (the list of recent imports below says it too).
    const form = page.getByRole('form', { name: 'Nhập từ bảng tính' });
    await choose(csv('hai nghìn'));
    await page.getByRole('button', { name: 'Kiểm tra (chưa ghi)' }).click();
    await form.getByText('Tệp có 1 lỗi; không có gì được ghi.').waitFor();
    const row = page.locator('[data-import-problems] tbody tr');
    expect(await row.count()).toBe(1);
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(0, 3)).toEqual(['3', 'Năm', 'hai nghìn']);
    expect(cells[3]).toMatch(/năm/);
    expect(await page.getByRole('button', { name: 'Xác nhận nhập' }).isDisabled()).toBe(true);
    expect(await plans()).toBe(before);

    await choose(csv('2019'));
    await page.getByRole('button', { name: 'Kiểm tra (chưa ghi)' }).click();
    await form.getByText(/^Tệp hợp lệ: 2 dòng/).waitFor();
    expect(await plans()).toBe(before);
    await page.getByRole('button', { name: 'Xác nhận nhập' }).click();
    await form.getByText(/^Đã nhập 2 dòng: tạo mới \d+, cập nhật \d+, giữ nguyên \d+\.$/).waitFor();
    expect(await plans()).toBe(2);
    const entries = await db.auditEntry.findMany({ where: { entity: 'Plan', actor: 'huyen.nari' } });
    // Each row a new document number: created or changed, each filed as the officer's import.
    expect(entries.map((entry) => [entry.entityKey.slice(0, 5), entry.source])).toEqual(
      expect.arrayContaining([
        ['02155', 'IMPORT'],
        ['02158', 'IMPORT'],
      ]),
    );
    expect(entries.length).toBe(2);

    // The server ran each as a job and keeps their outcomes: leaving the screen and coming back, the officer
    // finds the three (newest first) and shows the first check's problem again.
    await page.reload();
    const jobs = page.locator('[data-import-jobs] tbody tr');
    await jobs.first().waitFor();
    expect(await jobs.count()).toBe(3);
    expect(await jobs.locator('td:nth-child(4)').allTextContents()).toEqual([
      expect.stringMatching(/^Đã nhập 2 dòng/),
      expect.stringMatching(/^Tệp hợp lệ: 2 dòng/),
      expect.stringMatching(/^Tệp có 1 lỗi/),
    ]);
    expect(await jobs.first().locator('td:nth-child(3)').textContent()).toBe('Kế hoạch của đơn vị · nhập');
    await jobs.nth(2).getByRole('button', { name: 'Xem' }).click();
    expect((await row.locator('td').allTextContents()).slice(0, 3)).toEqual(['3', 'Năm', 'hai nghìn']);
    expect(await page.getByRole('button', { name: 'Xác nhận nhập' }).isDisabled()).toBe(true);
  });

  it('shows an officer and a viewer only the screens of their role (the API refuses the rest: tests/database), and a viewer makes, uses and revokes an API token of their own', async () => {
    const page = await signedIn('xa.cuongloi', '/app/embeds');
    await page.getByText('Tài khoản của bạn không được dùng màn hình này.').waitFor();
    expect(await page.getByRole('heading', { name: 'Cấp mã nhúng' }).count()).toBe(0);
    const viewer = await signedIn('xem.backan', '/app/models');
    await viewer.getByText('Tài khoản của bạn không được dùng màn hình này.').waitFor();
    await viewer.getByRole('link', { name: 'Trang đầu' }).click();
    await viewer.getByText('Tài khoản của bạn chỉ được xem số liệu: hãy dùng Bảng theo dõi.').waitFor();
    expect(await viewer.getByRole('navigation', { name: 'Các màn hình' }).getByRole('link').allTextContents()).toEqual([
      'Trang đầu',
      'Mã API',
      'Bảng theo dõi',
    ]);

    // A token of their own, for a script: shown once, working, then revoked.
    await viewer.getByRole('navigation', { name: 'Các màn hình' }).getByRole('link', { name: 'Mã API' }).click();
    await viewer.getByLabel('Dùng cho việc gì').fill('bảng tính tổng hợp');
    await viewer.getByRole('button', { name: 'Tạo mã API' }).click();
    const token = (await viewer.locator('[data-api-token]').textContent())!;
    expect(token).toMatch(/^dvk_/);
    const me = (bearer: string) =>
      viewer.evaluate(
        async (auth) =>
          (
            await fetch('/graphql', {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: auth },
              body: '{"query":"{ me { username } }"}',
            })
          ).status,
        bearer,
      );
    expect(await me(`Bearer ${token}`)).toBe(200);
    viewer.once('dialog', (dialog) => void dialog.accept());
    await viewer
      .getByRole('row', { name: /bảng tính tổng hợp/ })
      .getByRole('button', { name: 'Thu hồi' })
      .click();
    await viewer
      .getByRole('row', { name: /bảng tính tổng hợp/ })
      .getByText(/Đã thu hồi/)
      .waitFor();
    expect(await me(`Bearer ${token}`)).toBe(401);
  });

  it('lets an administrator create an officer, whose generated password signs in, give a new password and disable the account', async () => {
    const page = await signedIn('quantri', '/app/users');
    const form = page.getByRole('form', { name: 'Tạo tài khoản' });
    await form.getByLabel('Tên đăng nhập').fill('x');
    await form.getByLabel('Họ tên, chức vụ').fill('Nguyễn Thị Bình, cán bộ Ban Dân vận Huyện ủy Na Rì');
    await form.getByLabel('Vai trò').selectOption({ label: 'Cán bộ cấp huyện' });
    await form.getByLabel(/Mã đơn vị/).fill('06');
    await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
    expect(await problemAt(page, 'username').textContent()).toBe('từ 3 đến 64 ký tự a-z, 0-9, . _ -');
    await form.getByLabel('Tên đăng nhập').fill('binh.nari');
    await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
    // Only the API knows the unit's level.
    await problemAt(page, 'unit').waitFor();
    expect(await problemAt(page, 'unit').textContent()).toMatch(/DISTRICT/);
    expect(await db.user.count({ where: { username: 'binh.nari' } })).toBe(0);
    await form.getByLabel(/Mã đơn vị/).fill('066');
    await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await form.getByText('Đã tạo tài khoản binh.nari.').waitFor();
    const password = (await page.locator('[data-password]').textContent())!;
    expect(await page.locator('tr[data-account="binh.nari"]').textContent()).toContain('Cán bộ cấp huyện');

    // The new officer signs in with it, in a browser of their own.
    const theirs = await browser.newContext();
    const officer = await theirs.newPage();
    await officer.goto(`${server.origin}/app`);
    await officer.getByLabel('Tên đăng nhập').fill('binh.nari');
    await officer.getByLabel('Mật khẩu').fill(password);
    await officer.getByRole('button', { name: 'Đăng nhập' }).click();
    await officer.getByText('Xin chào, Nguyễn Thị Bình, cán bộ Ban Dân vận Huyện ủy Na Rì').waitFor();

    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('tr[data-account="binh.nari"]').getByRole('button', { name: 'Cấp lại mật khẩu' }).click();
    await page.waitForFunction((old) => document.querySelector('[data-password]')?.textContent !== old, password);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('tr[data-account="binh.nari"]').getByRole('button', { name: 'Khóa' }).click();
    await page
      .locator('tr[data-account="binh.nari"]')
      .getByText(/Đã khóa/)
      .waitFor();
    // Their session stops at once: the next screen they open signs them out.
    await officer.getByRole('navigation', { name: 'Các màn hình' }).getByRole('link', { name: 'Mô hình, điển hình' }).click();
    await officer.getByText('Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.').waitFor();
    await theirs.close();
    // No button lets the administrator disable their own account.
    expect(await page.locator('tr[data-account="quantri"]').getByRole('button').count()).toBe(0);
    // Enabled again, then given another role and unit.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('tr[data-account="binh.nari"]').getByRole('button', { name: 'Mở khóa' }).click();
    await page.locator('tr[data-account="binh.nari"]').getByText('Đang dùng').waitFor();
    await page.locator('tr[data-account="binh.nari"]').getByRole('button', { name: 'Sửa' }).click();
    const change = page.getByRole('form', { name: 'Sửa tài khoản binh.nari' });
    await change.getByLabel('Vai trò').selectOption({ label: 'Cán bộ cấp xã' });
    await change.getByLabel(/Mã đơn vị/).fill('02152');
    await change.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await change.getByText('Đã lưu tài khoản binh.nari.').waitFor();
    await page.locator('tr[data-account="binh.nari"]').getByText('Cán bộ cấp xã').waitFor();
    expect(await db.user.findUniqueOrThrow({ where: { username: 'binh.nari' }, include: { unit: true } })).toMatchObject({
      role: 'COMMUNE_OFFICER',
      disabledAt: null,
      unit: { code: '02152' },
    });
    const audit = await db.auditEntry.findMany({ where: { entity: 'User', entityKey: 'binh.nari' }, orderBy: { id: 'asc' } });
    expect(audit.map((entry) => [entry.action, entry.actor])).toEqual([
      ['CREATE', 'quantri'],
      ['UPDATE', 'quantri'],
      ['UPDATE', 'quantri'],
      ['UPDATE', 'quantri'],
      ['UPDATE', 'quantri'],
    ]);
  });

  it("lets a whole-country administrator edit an indicator's target, which the dashboard then shows, and create an indicator and rename it; a bad value, definition or name shows where it is and saves nothing", async () => {
    const page = await signedIn('quantri', '/app/indicators');
    await page.getByLabel('Chỉ tiêu', { exact: true }).selectOption({ label: 'Xã có mô hình hiệu quả trong xây dựng nông thôn mới' });
    const form = page.getByRole('form', { name: 'Xã có mô hình hiệu quả trong xây dựng nông thôn mới' });
    const stored = () => db.indicator.findUniqueOrThrow({ where: { code: 'COMMUNE_NTM_EFFECTIVE' }, include: { targets: { orderBy: { firstYear: 'asc' } } } });
    const before = await stored();
    expect(await form.getByLabel('Từ năm 1').inputValue()).toBe('2018');
    await form.getByLabel('Mục tiêu (%) 1').fill('150');
    await form.getByRole('button', { name: 'Lưu chỉ tiêu' }).click();
    expect(await problemAt(page, 'targets.0.value').textContent()).toBe('một số từ 0 đến 100');
    await form.getByLabel('Mục tiêu (%) 1').fill('90');
    // Only the API knows the definition language.
    const definition = await form.getByLabel('Định nghĩa (JSON)').inputValue();
    await form.getByLabel('Định nghĩa (JSON)').fill('{ "measure": "EVERYTHING" }');
    await form.getByRole('button', { name: 'Lưu chỉ tiêu' }).click();
    await problemAt(page, 'definition').waitFor();
    expect(await problemAt(page, 'definition').textContent()).toMatch(/^measure: .*UNITS_WITH_MODELS/);
    expect(await stored()).toEqual(before);

    await form.getByLabel('Định nghĩa (JSON)').fill(definition);
    await form.getByRole('button', { name: 'Lưu chỉ tiêu' }).click();
    await form.getByText('Đã lưu chỉ tiêu "Xã có mô hình hiệu quả trong xây dựng nông thôn mới".').waitFor();
    const after = await stored();
    expect(after.targets.map((target) => [target.firstYear, target.lastYear, target.value])).toEqual([
      [2018, 2020, 0.9],
      [2021, 2025, 1],
    ]);
    expect(after.sortOrder).toBe(before.sortOrder);

    await page.goto(`${server.origin}/dashboard?unit=06&year=2019`);
    const target = page.locator('[data-card="COMMUNE_NTM_EFFECTIVE"] [data-field="target"]');
    await target.waitFor();
    expect(await target.textContent()).toBe('Mục tiêu 90,0%');
    const [entry] = await db.auditEntry.findMany({ where: { entity: 'Indicator', entityKey: 'COMMUNE_NTM_EFFECTIVE' } });
    expect(entry).toMatchObject({ action: 'UPDATE', actor: 'quantri' });

    // A new indicator: a name left empty is refused at its field, nothing saved; then saved, it is the
    // indicator chosen, its code fixed, and its English name changed.
    await page.goto(`${server.origin}/app/indicators`);
    await page.getByRole('button', { name: 'Thêm chỉ tiêu mới' }).click();
    const fresh = page.getByRole('form', { name: 'Thêm chỉ tiêu mới' });
    const names = {
      'Mã chỉ tiêu': 'PLAN_APP',
      'Tên chỉ tiêu (tiếng Việt)': 'Xã có kế hoạch thực hiện phong trào',
      'Tử số đếm gì (tiếng Việt)': 'xã có kế hoạch',
      'Tử số đếm gì (tiếng Anh)': 'communes with a plan',
      'Mẫu số đếm gì (tiếng Việt)': 'xã',
      'Mẫu số đếm gì (tiếng Anh)': 'communes',
    };
    for (const [label, value] of Object.entries(names)) await fresh.getByLabel(label).fill(value);
    await fresh.getByRole('button', { name: 'Lưu chỉ tiêu' }).click();
    await problemAt(page, 'nameEn').waitFor();
    expect(await db.indicator.count({ where: { code: 'PLAN_APP' } })).toBe(0);
    await fresh.getByLabel('Tên chỉ tiêu (tiếng Anh)').fill('Communes with a plan');
    await fresh.getByRole('button', { name: 'Lưu chỉ tiêu' }).click();
    await page.getByText('Đã lưu chỉ tiêu "Xã có kế hoạch thực hiện phong trào".').waitFor();
    expect(await db.indicator.findUniqueOrThrow({ where: { code: 'PLAN_APP' } })).toMatchObject({
      nameVi: 'Xã có kế hoạch thực hiện phong trào',
      nameEn: 'Communes with a plan',
      definition: JSON.stringify({ measure: 'UNITS_WITH_PLAN', unitKinds: ['COMMUNE'] }),
    });
    // Once the list is read again, the new indicator is the one chosen.
    await expect.poll(() => page.getByLabel('Chỉ tiêu', { exact: true }).inputValue()).toBe('PLAN_APP');
    const created = page.getByRole('form', { name: 'Xã có kế hoạch thực hiện phong trào' });
    expect(await created.getByLabel('Mã chỉ tiêu').getAttribute('readonly')).not.toBeNull();
    await created.getByLabel('Tên chỉ tiêu (tiếng Anh)').fill('Communes with a yearly plan');
    await created.getByRole('button', { name: 'Lưu chỉ tiêu' }).click();
    await expect.poll(async () => (await db.indicator.findUniqueOrThrow({ where: { code: 'PLAN_APP' } })).nameEn).toBe('Communes with a yearly plan');
    expect((await db.auditEntry.findMany({ where: { entity: 'Indicator', entityKey: 'PLAN_APP' } })).map((audited) => audited.action)).toEqual([
      'CREATE',
      'UPDATE',
    ]);
  });

  it('lets an administrator issue an embed token, copy its snippet, preview it and revoke it, after which the widget says so', async () => {
    const page = await signedIn('quantri');
    await page.getByRole('navigation', { name: 'Các màn hình' }).getByRole('link', { name: 'Nhúng biểu đồ' }).click();
    const form = page.getByRole('form', { name: 'Cấp mã nhúng' });
    await form.getByLabel('Chỉ tiêu').selectOption({ label: 'Xã có mô hình hiệu quả trong xây dựng nông thôn mới' });
    await form.getByLabel('Mã đơn vị').fill('06');
    await form.getByLabel('Từ năm').fill('2016');
    await form.getByLabel('Đến năm').fill('2019');
    await form.getByLabel('Ghi chú nhận biết').fill('Cổng thông tin Bắc Kạn');
    await form.getByLabel(/Hiệu lực/).fill('9999');
    await form.getByRole('button', { name: 'Cấp mã' }).click();
    expect(await problemAt(page, 'days').textContent()).toBe('phải là từ 1 đến 1826 ngày');
    expect(await db.embedToken.count({ where: { label: 'Cổng thông tin Bắc Kạn' } })).toBe(0);
    await form.getByLabel(/Hiệu lực/).fill('20');
    await form.getByRole('button', { name: 'Cấp mã' }).click();
    await page.getByRole('heading', { name: 'Đoạn mã nhúng' }).waitFor();

    const record = await db.embedToken.findFirstOrThrow({ where: { label: 'Cổng thông tin Bắc Kạn' } });
    expect(record).toMatchObject({ indicator: 'COMMUNE_NTM_EFFECTIVE', unitCode: '06', fromYear: 2016, toYear: 2019, chart: 'gauge', issuedBy: 'quantri' });
    const snippet = await page.locator('#issued-snippet').inputValue();
    expect(snippet).toContain(`${server.origin}/widgets/dvk`);
    await page.getByRole('button', { name: 'Sao chép đoạn mã' }).click();
    await page.getByText('Đã sao chép.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);

    // The preview is the token's iframe page: its chart, as a portal shows it.
    const preview = page.frameLocator('iframe[title="Xem trước"]');
    await preview.locator('canvas').first().waitFor({ timeout: 30_000 });
    // Twenty days: the list warns that it expires soon.
    const row = page.locator(`tr[data-token="${record.id}"]`);
    expect(await row.textContent()).toContain('Sắp hết hạn');
    await page.getByText('1 mã nhúng hết hạn trong 30 ngày tới').waitFor();
    await page.screenshot({ path: `${artifacts}/app-embeds-${provider}.png`, fullPage: true });

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: /Thu hồi/ }).click();
    await row.getByText(/Đã thu hồi/).waitFor();
    expect((await db.embedToken.findUniqueOrThrow({ where: { id: record.id } })).revokedAt).not.toBeNull();
    await page.locator('iframe[title="Xem trước"]').evaluate((frame: HTMLIFrameElement) => frame.contentWindow!.location.reload());
    await preview.getByText('Liên kết đến biểu đồ này đã bị thu hồi.').waitFor({ timeout: 30_000 });
    const audit = await db.auditEntry.findMany({ where: { entity: 'EmbedToken', entityKey: record.id }, orderBy: { id: 'asc' } });
    expect(audit.map((entry) => [entry.action, entry.actor])).toEqual([
      ['CREATE', 'quantri'],
      ['UPDATE', 'quantri'],
    ]);
  });
});
