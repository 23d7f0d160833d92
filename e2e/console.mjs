// A whole cycle in the browser: Debian's chromium driven by playwright-core against a demo
// server. Run by the Rust test `crates/cli/tests/it/browser.rs`:  node console.mjs BASE_URL
// HR signs in, uploads a People file with errors and sees every one, uploads the fixed
// file, creates a cycle with the wizard, assigns from the org chart, adds a homeowner,
// opens; the raters answer on a phone; HR watches progress, closes and publishes, and
// creates the accounts of the assessee and their manager; the assessee reads their report
// and the manager their team's; neither opens another's. Prints one line per check and
// exits 1 if any failed. Screenshots of every console page and of the report go to
// e2e/shots/ (not committed), desktop and phone, Chinese and English.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const [base] = process.argv.slice(2);
if (!base) {
  console.error('usage: node console.mjs BASE_URL');
  process.exit(2);
}
const shots = new URL('./shots/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1440, height: 900 } };
const PASSWORD = 'e2e-password-1';

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) {
    failures += 1;
  }
}

async function context(profile = DESKTOP, lang = 'zh-CN') {
  return browser.newContext({
    ...profile,
    locale: lang,
    extraHTTPHeaders: { 'Accept-Language': lang === 'en' ? 'en-US,en;q=0.9' : 'zh-CN,zh;q=0.9' },
  });
}

async function shot(page, name) {
  await page.screenshot({ path: `${shots}${name}.png`, fullPage: true });
}

async function signIn(page, username, password) {
  await page.goto(`${base}/login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
}

// The company's new team: a director, a manager under them, three supervisors under the
// manager. The first file has three mistakes, on three rows.
const HEADER = 'id,name,department,title,superior\n';
const FIXED = `${HEADER}Z000,钟总监,试点区,区域总监,\nZ001,周经理,试点区,项目经理,Z000\n`
  + 'Z002,吴主管,试点区,客服主管,Z001\nZ003,郑主管,试点区,工程主管,Z001\nZ004,冯主管,试点区,秩序主管,Z001\n';
const BROKEN = `${HEADER}Z000,钟总监,试点区,区域总监,\nZ001,,试点区,项目经理,Z000\n`
  + 'Z002,吴主管,试点区,客服主管,Z999\nZ003,郑主管,试点区,工程主管,Z001\nZ003,冯主管,试点区,秩序主管,Z001\n';

async function upload(page, text) {
  await page.goto(`${base}/hr/people`);
  await page.setInputFiles('#file', { name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
  await Promise.all([page.waitForNavigation(), page.click('form[enctype] button[type=submit]')]);
}

async function run() {
  const hr = await (await context()).newPage();
  await signIn(hr, 'admin', 'yardstick-demo');
  check(new URL(hr.url()).pathname === '/hr/', 'HR lands on the console');
  await shot(hr, 'console-cycles-desktop-zh');

  // People: every problem by row, nothing stored; then the fixed file.
  await upload(hr, BROKEN);
  const rows = await hr.locator('.problem-table tbody tr').count();
  const problems = await hr.locator('.problem-table').textContent();
  check(rows >= 3, `the preview lists every problem (${rows} rows)`);
  check(['3', '4', '6'].every((r) => problems.includes(r)), 'the problems name their rows');
  check(await hr.locator('form.confirm-import').count() === 0, 'a file with problems cannot be imported');
  await shot(hr, 'console-people-problems-desktop-zh');
  await hr.goto(`${base}/hr/people`);
  check(!(await hr.content()).includes('Z001'), 'nothing of the broken file was stored');
  await upload(hr, FIXED);
  await shot(hr, 'console-people-preview-desktop-zh');
  await Promise.all([hr.waitForNavigation(), hr.click('form.confirm-import button[type=submit]')]);
  check((await hr.content()).includes('周经理'), 'the fixed file is imported');
  await shot(hr, 'console-people-desktop-zh');

  // The wizard: one assessee, default weights; then assignments and a homeowner.
  await hr.goto(`${base}/hr/cycles/new`);
  await hr.fill('#name', '试点区2026年度评估');
  await hr.check('input[name=person][value=Z001]');
  await shot(hr, 'console-wizard-desktop-zh');
  await Promise.all([hr.waitForNavigation(), hr.click('button[name=action][value=create]')]);
  const cycle = Number(new URL(hr.url()).pathname.split('/')[3]);
  check(new URL(hr.url()).pathname === `/hr/cycles/${cycle}/assignments`, `the wizard made cycle ${cycle}`);
  await Promise.all([hr.waitForNavigation(), hr.click(`form[action="/hr/cycles/${cycle}/assignments/auto"] button`)]);
  await hr.selectOption('#assessee', 'Z001');
  await hr.selectOption('#relationship', 'customer');
  await hr.check('input[name=kind][value=outside]');
  await hr.fill('#outside_name', '业主-试点1栋');
  await hr.fill('#outside_phone', '13900001111');
  await Promise.all([hr.waitForNavigation(), hr.click('form.add-form button[type=submit]')]);
  check((await hr.content()).includes('业主-试点1栋'), 'the homeowner is assigned');
  await shot(hr, 'console-assignments-desktop-zh');
  await Promise.all([hr.waitForNavigation(), hr.click(`form[action="/hr/cycles/${cycle}/open"] button`)]);
  if (new URL(hr.url()).pathname !== `/hr/cycles/${cycle}`) {
    // A confirmation page first.
    await Promise.all([hr.waitForNavigation(), hr.click('main form button.primary')]);
  }
  check(new URL(hr.url()).pathname === `/hr/cycles/${cycle}`, 'the cycle is open and its page shown');
  await shot(hr, 'console-cycle-desktop-zh');

  // Progress lists every rater with a link; the raters answer on a phone.
  await hr.goto(`${base}/hr/cycles/${cycle}/progress`);
  await shot(hr, 'console-progress-desktop-zh');
  const links = await hr.locator('input.link-field').evaluateAll((els) => els.map((e) => e.value));
  check(links.length === 6, `progress lists the six raters' links (${links.length})`);
  const phone = await (await context(PHONE)).newPage();
  for (const [n, link] of links.entries()) {
    await phone.goto(link);
    if (await phone.locator('section.privacy').count() > 0) {
      await Promise.all([phone.waitForNavigation(), phone.click('section.privacy button[type=submit]')]);
    }
    const href = await phone.locator('ul.tasks a').first().getAttribute('href');
    await phone.goto(new URL(href, link).href);
    if (n === 0) {
      await shot(phone, 'rater-questionnaire-phone-zh');
    }
    // Every item answered, a different point per rater and item.
    await phone.evaluate((seed) => {
      const groups = {};
      for (const input of document.querySelectorAll('input[type=radio][name^="item-"]')) {
        (groups[input.name] ||= []).push(input);
      }
      Object.values(groups).forEach((inputs, i) => {
        const points = inputs.filter((x) => x.value !== 'na');
        const chosen = points[(seed + i) % points.length];
        chosen.checked = true;
        chosen.dispatchEvent(new Event('change', { bubbles: true }));
      });
    }, n);
    await phone.fill('textarea[name=comment]', `第${n + 1}位评价人的意见`);
    // The page's script submits in place and says so.
    await phone.click('#submit-button');
    const dialog = phone.locator('dialog[open]');
    if (await dialog.count() > 0) {
      await shot(phone, 'rater-confirm-phone-zh');
      await dialog.locator('button[value="submit"]').click();
    }
    await phone.waitForFunction(() => document.querySelector('.saved')?.textContent.includes('已提交'));
    check(true, `rater ${n + 1} submitted on a phone`);
  }
  await hr.goto(`${base}/hr/cycles/${cycle}/progress`);
  check((await hr.locator('input.link-field').count()) === 0, 'progress shows nobody left to answer');
  await shot(hr, 'console-progress-done-desktop-zh');
  await hr.goto(`${base}/hr/cycles/${cycle}/qr`);
  await shot(hr, 'console-qr-desktop-zh');

  // Close and publish, each through its confirmation.
  for (const step of ['close', 'publish']) {
    await hr.goto(`${base}/hr/cycles/${cycle}/${step}`);
    await shot(hr, `console-${step}-confirm-desktop-zh`);
    await Promise.all([hr.waitForNavigation(), hr.click(`form[action="/hr/cycles/${cycle}/${step}"] button.primary`)]);
  }
  check((await hr.content()).includes('published') || (await hr.locator('.state.published').count()) > 0,
    'the cycle is published');
  await hr.goto(`${base}/hr/cycles/${cycle}/results`);
  await shot(hr, 'console-results-desktop-zh');
  check((await hr.content()).includes('周经理'), 'the results list the assessee');

  // HR makes the accounts of the assessee and of their director.
  for (const [username, role, person] of [['zhou', 'employee', 'Z001'], ['zhong', 'manager', 'Z000']]) {
    await hr.goto(`${base}/hr/users`);
    await hr.fill('#username', username);
    await hr.selectOption('#role', role);
    await hr.selectOption('#person', person);
    await hr.fill('#password', PASSWORD);
    await hr.fill('#repeat', PASSWORD);
    await Promise.all([hr.waitForNavigation(), hr.click('form[action="/hr/users"] button[type=submit]')]);
    check((await hr.content()).includes(username), `HR created the account ${username}`);
  }
  await shot(hr, 'console-users-desktop-zh');
  for (const [path, name] of [['/hr/models', 'models'], ['/hr/models/1', 'model'], ['/hr/audit', 'audit'],
    ['/hr/people', 'people'], ['/hr/', 'cycles']]) {
    const reply = await hr.goto(base + path);
    check(reply.status() === 200, `${path} opens (${reply.status()})`);
    await shot(hr, `console-${name}-after-desktop-zh`);
  }
  // Every console page on a phone and in English too.
  for (const [profile, lang, tag] of [[PHONE, 'zh-CN', 'phone-zh'], [DESKTOP, 'en', 'desktop-en']]) {
    const ctx = await context(profile, lang);
    const page = await ctx.newPage();
    await signIn(page, 'admin', 'yardstick-demo');
    for (const [path, name] of [['/hr/', 'cycles'], ['/hr/people', 'people'], ['/hr/users', 'users'],
      ['/hr/models', 'models'], ['/hr/cycles/new', 'wizard'], [`/hr/cycles/${cycle}`, 'cycle'],
      [`/hr/cycles/${cycle}/assignments`, 'assignments'], [`/hr/cycles/${cycle}/progress`, 'progress'],
      [`/hr/cycles/${cycle}/results`, 'results'], [`/hr/cycles/${cycle}/company?target=20,70,10`, 'company'],
      [`/hr/cycles/${cycle}/analytics`, 'analytics'], ['/hr/audit', 'audit'], [`/reports/${cycle}/Z001`, 'report-hr']]) {
      const reply = await page.goto(base + path);
      check(reply.status() === 200, `${path} opens (${tag})`);
      await shot(page, `console-${name}-${tag}`);
    }
    await ctx.close();
  }

  // The assessee reads their report, and no one else's.
  for (const [profile, lang, tag] of [[DESKTOP, 'zh-CN', 'desktop-zh'], [PHONE, 'zh-CN', 'phone-zh'], [DESKTOP, 'en', 'desktop-en'], [PHONE, 'en', 'phone-en']]) {
    const page = await (await context(profile, lang)).newPage();
    await signIn(page, 'zhou', PASSWORD);
    check(new URL(page.url()).pathname === '/home', `the assessee lands on their home (${tag})`);
    const own = page.locator(`a[href="/reports/${cycle}/Z001"]`);
    check(await own.count() === 1, `their home links their report (${tag})`);
    await Promise.all([page.waitForNavigation(), own.first().click()]);
    check(await page.locator('svg').count() >= 2, `the report has its charts (${tag})`);
    check((await page.content()).includes('周经理'), `the report names the assessee (${tag})`);
    await shot(page, `report-assessee-${tag}`);
    if (tag === 'desktop-zh') {
      // Each download link of the page gives its file, in the assessee's view.
      const links = await page.locator('.downloads a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      check(links.length === 3, `the report offers three downloads (${links.length})`);
      const kinds = { pdf: 'application/pdf', xlsx: 'application/vnd.openxmlformats', csv: 'text/csv' };
      for (const href of links) {
        const reply = await page.request.get(base + href);
        const ext = href.split('.').pop();
        check(reply.status() === 200 && (reply.headers()['content-type'] || '').startsWith(kinds[ext]),
          `${href} downloads (${reply.status()} ${reply.headers()['content-type']})`);
        check(!(await reply.body()).includes('仅供人力资源部'), `${href} is not marked for HR`);
      }
    }
    const other = await page.goto(`${base}/reports/1/${await firstDemoAssessee()}`);
    check(other.status() === 403 || other.status() === 409, `another's report is refused (${other.status()})`);
    if (tag === 'desktop-zh') {
      await page.emulateMedia({ media: 'print' });
      await page.goto(`${base}/reports/${cycle}/Z001`);
      await page.pdf({ path: `${shots}report-assessee-a4.pdf`, format: 'A4', printBackground: true });
    }
    await page.context().close();
  }

  // The director reads their team's report, and no one else's.
  const boss = await (await context()).newPage();
  await signIn(boss, 'zhong', PASSWORD);
  const team = boss.locator(`a[href="/reports/${cycle}/Z001"]`);
  check(await team.count() === 1, 'the manager\'s home lists the report of the person below them');
  await Promise.all([boss.waitForNavigation(), team.first().click()]);
  check((await boss.content()).includes('周经理'), 'the manager reads their team member\'s report');
  await shot(boss, 'report-manager-desktop-zh');
  const notBelow = await boss.goto(`${base}/reports/1/${await firstDemoAssessee()}`);
  check(notBelow.status() === 403 || notBelow.status() === 409, `a report of someone not below them is refused (${notBelow.status()})`);
  const hrPage = await boss.goto(`${base}/hr/`);
  check(hrPage.status() === 403, 'the manager cannot open the console');
}

let demoAssessee;
// An assessee of the demo's first cycle, who is neither the assessee nor below the director.
async function firstDemoAssessee() {
  if (!demoAssessee) {
    const page = await (await context()).newPage();
    await signIn(page, 'admin', 'yardstick-demo');
    const list = await page.evaluate(async () => (await fetch('/api/v1/me/reports')).json());
    demoAssessee = list.find((r) => r.cycle === 1).assessee;
    await page.context().close();
  }
  return demoAssessee;
}

try {
  await run();
} catch (e) {
  console.log(`FAIL ${e.stack || e}`);
  failures += 1;
} finally {
  await browser.close();
}
process.exit(failures > 0 ? 1 : 0);
