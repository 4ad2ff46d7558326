// The wallet's identity-provider sign-in in a real headless Chromium: the page offers the button (and, in demo
// mode, the demo form), the button goes through the provider and back, the wallet takes the session token
// from the fragment, keeps it in sessionStorage, removes it from the address bar and lists the holder's licences.
// Usage: node wallet-oidc.cjs BASE HOLDER_NAME
const { chromium } = require('playwright-core');

const [base, holderName] = process.argv.slice(2);
const checks = [];
const check = (name, ok, detail) => { checks.push({ name, ok, detail }); if (!ok) throw new Error(`${name}: ${detail}`); };

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
    await page.goto(base + '/wallet');
    await page.waitForSelector('#oidcLogin', { state: 'visible' });
    check('button in chinese', (await page.textContent('#oidcLogin')) === '统一身份认证登录', await page.textContent('#oidcLogin'));
    check('demo form still there in demo mode', await page.isVisible('#signinForm'), 'hidden');
    await page.click('#lang');
    check('button in english', (await page.textContent('#oidcLogin')) === 'Sign in with the identity provider', await page.textContent('#oidcLogin'));
    await page.click('#oidcLogin');
    await page.waitForSelector('#licenceList li button');
    check('holder name', (await page.textContent('#holderName')) === holderName, await page.textContent('#holderName'));
    check('token out of the address bar', !page.url().includes('token'), page.url());
    const stored = await page.evaluate(() => sessionStorage.getItem('certhub.wallet.token'));
    check('token in sessionStorage', !!stored && stored.includes('.'), String(stored));
    console.log(JSON.stringify({ ok: true, checks }));
  } catch (e) {
    console.log(JSON.stringify({ ok: false, error: String(e), checks }));
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
})();
