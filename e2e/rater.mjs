// The rater's side in a real browser: Debian's chromium on a 390 px phone, driven by
// playwright-core. Run by the Rust test `crates/cli/tests/it/browser.rs` against a demo
// server:  node rater.mjs BASE_URL LIST_PATH LIST_PATH LIST_PATH
// Each LIST_PATH is a rater's link (/r/{token}) with something left to answer. Prints one
// line per check and exits 1 on the first failure. Screenshots go to e2e/shots/ (not
// committed), phone and desktop, Chinese and English.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { mkdirSync } from 'node:fs';

const [base, ...lists] = process.argv.slice(2);
if (!base || lists.length < 3) {
  console.error('usage: node rater.mjs BASE_URL LIST_PATH LIST_PATH LIST_PATH');
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

async function context(profile, { lang = 'zh-CN', js = true } = {}) {
  return browser.newContext({
    ...profile,
    javaScriptEnabled: js,
    locale: lang,
    extraHTTPHeaders: { 'Accept-Language': lang === 'en' ? 'en-US,en;q=0.9' : 'zh-CN,zh;q=0.9' },
  });
}

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) {
    failures += 1;
  }
}

async function shot(page, name) {
  await page.screenshot({ path: `${shots}${name}.png`, fullPage: true });
}

// The first assessee of a list whose response is not submitted: its questionnaire's path.
// An outside rater of a cycle with a privacy notice reads it first, once.
async function pendingQuestionnaire(page, list) {
  await page.goto(base + list);
  if (await page.locator('section.privacy').count() > 0) {
    await shot(page, 'privacy-notice');
    await page.locator('section.privacy button[type=submit]').click();
    await page.waitForURL((u) => u.pathname === list);
    check(await page.locator('section.privacy').count() === 0 && await page.locator('ul.tasks').count() === 1,
      'an outside rater reads the privacy notice once, then sees the list');
    await page.goto(base + list);
    check(await page.locator('section.privacy').count() === 0, 'the notice is not shown again');
  }
  const href = await page.locator('ul.tasks a:has(.status:not(.submitted))').first().getAttribute('href');
  return href;
}

async function radio(page, code, value) {
  return page.locator(`input[name="item-${code}"][value="${value}"]`);
}

async function choose(page, code, value) {
  await page.locator(`label:has(input[name="item-${code}"][value="${value}"])`).click();
}

async function isChecked(page, code, value) {
  return (await radio(page, code, value)).isChecked();
}

async function run() {
  // 1. With JavaScript on a phone: N/A survives a saved draft and a reload; drafts save
  //    themselves; submitting with items unanswered asks first, naming how many.
  {
    const ctx = await context(PHONE);
    const page = await ctx.newPage();
    await page.goto(base + lists[0]);
    await shot(page, 'rater-list-phone-zh');
    const path = await pendingQuestionnaire(page, lists[0]);
    await page.goto(base + path);
    await shot(page, 'rater-questionnaire-phone-zh');
    const labels = await page.locator('.choices small').first().isVisible();
    check(labels, 'the labels of the scale are shown on a 390 px phone');
    await choose(page, '1.1', '4');
    await choose(page, '1.2', 'na');
    await page.locator('button[value="draft"]').click();
    await page.waitForURL(/\?saved=/);
    check(await page.locator('.saved').isVisible(), 'saving a draft goes back to the list with a confirmation');
    await page.goto(base + path);
    await page.reload();
    check(await isChecked(page, '1.2', 'na'), 'a chosen N/A is still chosen after the draft is saved and the page reloaded');
    check(await isChecked(page, '1.1', '4'), 'a chosen point is still chosen after reloading');
    const checkedNow = await page.locator('input[type=radio]:checked').count();
    check((await page.locator('#answered').textContent()).trim() === String(checkedNow),
      `the counter counts every answer, N/A included (${checkedNow})`);
    // The draft saves itself.
    await choose(page, '2.1', '5');
    await page.locator('#autosave.ok').waitFor({ timeout: 10000 });
    await page.reload();
    check(await isChecked(page, '2.1', '5'), 'a draft saved by itself is there after a reload');
    // Jumping to a dimension.
    await page.locator('nav.jump a').nth(3).click();
    await page.waitForTimeout(300);
    check(page.url().endsWith('#dim-4'), 'the dimension links jump to their dimension');
    // Submitting with items unanswered: a dialog naming how many.
    const unanswered = (await page.locator('fieldset.item').count())
      - (await page.locator('input[type=radio]:checked').count());
    await page.locator('#submit-button').click();
    const dialog = page.locator('dialog#confirm');
    await dialog.waitFor({ state: 'visible' });
    const question = await page.locator('#confirm-text').textContent();
    check(question.includes(`还有 ${unanswered} 项未作答`), `the dialog names the ${unanswered} items unanswered: ${question}`);
    await shot(page, 'rater-confirm-dialog-phone-zh');
    await dialog.locator('button[value="back"]').click();
    check(!(await dialog.isVisible()), 'going back from the dialog submits nothing');
    await page.locator('#submit-button').click();
    await dialog.locator('button[value="submit"]').click();
    await page.waitForURL(/\?saved=/);
    check((await page.locator('.saved').textContent()).includes('已提交'), 'confirming in the dialog submits');
    await shot(page, 'rater-submitted-phone-zh');
    await ctx.close();
  }

  // 2. Without JavaScript: the confirmation page.
  {
    const ctx = await context(PHONE, { js: false });
    const page = await ctx.newPage();
    const path = await pendingQuestionnaire(page, lists[1]);
    await page.goto(base + path);
    await choose(page, '1.1', '3');
    await choose(page, '1.3', 'na');
    const unanswered = (await page.locator('fieldset.item').count())
      - (await page.locator('input[type=radio]:checked').count());
    await page.locator('#submit-button').click();
    await page.waitForLoadState();
    const text = await page.locator('main').textContent();
    check(text.includes(`还有 ${unanswered} 项未作答`),
      `without JavaScript a confirmation page names the ${unanswered} items unanswered`);
    await shot(page, 'rater-confirm-page-phone-zh');
    await page.locator('button[value="submit"]').click();
    await page.waitForURL(/\?saved=/);
    check((await page.locator('.saved').textContent()).includes('已提交'), 'confirming on the page submits');
    await ctx.close();
  }

  // 3. A form on another site posting to a questionnaire is refused.
  {
    const ctx = await context(PHONE);
    const page = await ctx.newPage();
    const path = await pendingQuestionnaire(page, lists[2]);
    await page.goto(base + path);
    const csrf = await page.locator('input[name="csrf"]').getAttribute('value');
    const evil = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!DOCTYPE html><form method="post" action="${base}${path}">` +
        `<input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="item-1.1" value="1">` +
        `<button name="action" value="draft">go</button></form>`);
    });
    await new Promise((resolve) => evil.listen(0, '127.0.0.2', resolve));
    const evilUrl = `http://127.0.0.2:${evil.address().port}/`;
    await page.goto(evilUrl);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.locator('button').click(),
    ]);
    check(response.status() === 403, `a cross-site form post answers 403 (got ${response.status()})`);
    await page.waitForLoadState();
    check((await page.locator('main').textContent()).includes('其他网站'), 'the refusal says why, in Chinese');
    await shot(page, 'rater-cross-site-refused-phone-zh');
    await page.goto(base + path);
    check(!(await isChecked(page, '1.1', '1')), 'the refused post changed nothing');
    evil.close();
    await ctx.close();
  }

  // 4. Screenshots in English and on a desktop.
  for (const [profile, name] of [[PHONE, 'phone'], [DESKTOP, 'desktop']]) {
    for (const lang of ['zh-CN', 'en']) {
      const ctx = await context(profile, { lang });
      const page = await ctx.newPage();
      const tag = `${name}-${lang === 'en' ? 'en' : 'zh'}`;
      await page.goto(base + lists[2]);
      await shot(page, `rater-list-${tag}`);
      const path = await pendingQuestionnaire(page, lists[2]);
      await page.goto(base + path);
      await shot(page, `rater-questionnaire-${tag}`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      check(!wide, `the questionnaire does not scroll sideways (${tag})`);
      await page.goto(`${base}/login`);
      await shot(page, `login-${tag}`);
      // The demo's administrator signs in and opens the page to change their password.
      await page.fill('#username', 'admin');
      await page.fill('#password', 'yardstick-demo');
      await page.click('button[type=submit]');
      await page.waitForURL((u) => u.pathname !== '/login');
      await page.click('a.user');
      await page.waitForURL((u) => u.pathname === '/account/password');
      await shot(page, `account-password-${tag}`);
      const fields = await page.locator('form input[type=password]').count();
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      check(fields === 3 && !sideways, `the password page asks three fields and fits the screen (${tag})`);
      await ctx.close();
    }
  }
}

try {
  await run();
} catch (e) {
  console.log(`FAIL ${e.stack || e}`);
  failures += 1;
} finally {
  await browser.close();
}
console.log(failures === 0 ? 'all browser checks passed' : `${failures} browser checks failed`);
process.exit(failures === 0 ? 0 : 1);
