// Drives the auditor page in a real headless Chromium with the auditor's client certificate.
// Usage: node audit-page.cjs BASE CERT.pem KEY.pem HOLDER SCREENSHOT.png  (NODE_PATH must find playwright-core)
const { chromium } = require('playwright-core');

const [base, cert, key, holder, shot] = process.argv.slice(2);
const checks = [];
const check = (name, ok, detail) => { checks.push({ name, ok, detail }); if (!ok) throw new Error(`${name}: ${detail}`); };

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      clientCertificates: [{ origin: base, certPath: cert, keyPath: key }],
    });
    const page = await context.newPage();
    await page.goto(base + '/audit/index.html');
    check('chinese by default', (await page.textContent('h1')) === 'CertHub 访问审计', await page.textContent('h1'));

    await page.fill('input[name=holder]', holder);
    await page.click('#search button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#status').textContent.length > 0);
    const status = await page.textContent('#status');
    const rows = await page.locator('#entries tbody tr').count();
    check('search finds entries', rows > 0 && status.startsWith('找到'), `${rows} rows, status "${status}"`);
    check('csv link carries the query', (await page.getAttribute('#csv', 'href')).includes('holder=' + holder), await page.getAttribute('#csv', 'href'));

    await page.click('#entries tbody tr:first-child button.verify');
    const cell = page.locator('#entries tbody tr:first-child td:last-child');
    await page.waitForFunction(() => !document.querySelector('#entries tbody tr:first-child td:last-child button'));
    check('inclusion proof verified in the browser', (await cell.textContent()).startsWith('已验证'), await cell.textContent());

    await page.click('#check');
    await page.waitForFunction(() => document.querySelector('#consistencyResult').textContent.length > 0);
    check('first visit remembers the checkpoint', (await page.textContent('#consistencyResult')).startsWith('首次'), await page.textContent('#consistencyResult'));
    await page.evaluate(() => fetch('/api/v1/audit/entries?holder=x'));
    await page.waitForTimeout(1500);
    await page.click('#check');
    await page.waitForFunction(() => document.querySelector('#consistencyResult').textContent.startsWith('一致') || document.querySelector('#consistencyResult').textContent.startsWith('不一致'));
    check('consistency since the last visit', (await page.textContent('#consistencyResult')).startsWith('一致'), await page.textContent('#consistencyResult'));

    await page.click('#loadAlerts');
    await page.waitForFunction(() => document.querySelector('#alertList').textContent.length > 0);
    check('alerts load', true, await page.textContent('#alertList'));

    await page.click('#lang');
    check('english switch', (await page.textContent('h1')) === 'CertHub access audit', await page.textContent('h1'));
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: shot, fullPage: true });
    console.log(JSON.stringify({ ok: true, checks }));
  } finally {
    await browser.close();
  }
})().catch(err => { console.log(JSON.stringify({ ok: false, error: String(err), checks })); process.exit(1); });
