// The citizen wallet and the counter verifier in a real headless Chromium: the holder signs in, picks fields
// and shows a QR; a screenshot of it is uploaded to the verifier page (with a department's client
// certificate), which says "valid" with exactly those fields; after the issuer revokes the licence the same
// QR checks as "revoked" online; the holder sees the department's checks under "who accessed my data".
// Then the camera path: a browser whose fake camera films a QR code (a Y4M video the Java test made from a fresh
// presentation of the food licence) scans it and says "valid".
// Usage: node wallet-verify.cjs BASE HOLDER HOLDER_NAME COUNTER_CERT COUNTER_KEY ISSUER_CERT ISSUER_KEY OUT_DIR CAMERA_Y4M
const { chromium } = require('playwright-core');
const path = require('path');

const [base, holder, holderName, counterCert, counterKey, issuerCert, issuerKey, outDir, cameraVideo] = process.argv.slice(2);
const checks = [];
const check = (name, ok, detail) => { checks.push({ name, ok, detail }); if (!ok) throw new Error(`${name}: ${detail}`); };
const SHOWN = ['name', 'type', 'legalRepresentative', 'registeredCapital', 'establishedOn'];
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

async function cameraScan() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ARGS.concat(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${cameraVideo}`]),
  });
  try {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    await context.grantPermissions(['camera'], { origin: base });
    const page = await context.newPage();
    await page.goto(base + '/verify');
    await page.click('#camera');
    await page.waitForFunction(() => document.querySelector('#verdict').dataset.verdict, null, { timeout: 60000 });
    const v = await page.getAttribute('#verdict', 'data-verdict');
    check('the camera scans a QR code and checks it', v === 'valid', `${v}: ${await page.textContent('#reason')}`);
    check('the camera stops after a result', await page.locator('#video').isHidden(), 'video still shown');
  } finally {
    await browser.close();
  }
}

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS });
  try {
    const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, ignoreHTTPSErrors: true };
    const citizen = await (await browser.newContext(phone)).newPage();
    await citizen.goto(base + '/wallet');
    check('wallet in chinese by default', (await citizen.textContent('h1')) === 'CertHub 电子证照', await citizen.textContent('h1'));

    await citizen.selectOption('select[name=idType]', '001');
    await citizen.fill('input[name=holder]', holder);
    await citizen.fill('input[name=name]', holderName);
    await citizen.click('#signinForm button[type=submit]');
    await citizen.waitForSelector('#licenceList li button');
    const business = citizen.locator('#licenceList li button', { hasText: '营业执照' }).first();
    check('wallet lists own licences', await business.count() === 1, await citizen.textContent('#licenceList'));
    await business.click();
    const licenceId = (await citizen.textContent('#showId')).trim();
    for (const box of await citizen.locator('#fields input[type=checkbox]').all()) {
      await box.setChecked(SHOWN.includes(await box.getAttribute('value')));
    }
    await citizen.click('#showQr');
    await citizen.waitForFunction(() => { const i = document.querySelector('#qr'); return i.src && i.complete && i.naturalWidth > 0; });
    const countdown = await citizen.textContent('#countdown');
    check('QR shows with a countdown', /有效期剩余 [45]:\d\d/.test(countdown), countdown);
    const qrText = await citizen.getAttribute('#qr', 'data-text');
    check('presentation text', qrText.startsWith('CH1:'), qrText.slice(0, 20));
    const qrShot = path.join(outDir, 'wallet-qr.png');
    await citizen.locator('#qr').screenshot({ path: qrShot });
    await citizen.screenshot({ path: path.join(outDir, 'wallet-page.png'), fullPage: true });

    const counterContext = await browser.newContext(Object.assign({}, phone,
      { clientCertificates: [{ origin: base, certPath: counterCert, keyPath: counterKey }] }));
    const counter = await counterContext.newPage();
    await counter.goto(base + '/verify');
    await counter.waitForFunction(() => document.querySelector('#who').textContent.startsWith('以'));
    check('verifier knows the department', true, await counter.textContent('#who'));

    const verdictOf = async () => {
      await counter.waitForFunction(() => document.querySelector('#verdict').dataset.verdict);
      const v = await counter.getAttribute('#verdict', 'data-verdict');
      const text = await counter.textContent('#verdict');
      await counter.evaluate(() => { delete document.querySelector('#verdict').dataset.verdict; });
      return { v, text };
    };
    await counter.setInputFiles('#photo', qrShot);
    let r = await verdictOf();
    check('uploaded screenshot is valid', r.v === 'valid' && r.text === '有效', JSON.stringify(r));
    const shown = await counter.$$eval('#fields tbody tr', rows => rows.map(tr => tr.dataset.field));
    check('exactly the chosen fields are shown', JSON.stringify(shown.slice().sort()) === JSON.stringify(SHOWN.slice().sort()), shown.join(','));
    check('undisclosed address stays hidden', !(await counter.textContent('#fields')).includes('文三路'), await counter.textContent('#fields'));
    check('holder name', (await counter.textContent('#holderName')) === holderName, await counter.textContent('#holderName'));
    check('issuer seal drawn', await counter.locator('#seal svg textPath').count() === 1, await counter.textContent('#issuerName'));
    await counter.screenshot({ path: path.join(outDir, 'verify-valid.png'), fullPage: true });

    await counter.fill('textarea[name=text]', 'hello, not a licence');
    await counter.click('#textForm button[type=submit]');
    r = await verdictOf();
    check('garbage text is malformed', r.v === 'malformed', JSON.stringify(r));
    const i = qrText.length - 20;
    const swapped = qrText.slice(0, i) + (qrText[i] === 'A' ? 'B' : 'A') + qrText.slice(i + 1);
    await counter.fill('textarea[name=text]', swapped);
    await counter.click('#textForm button[type=submit]');
    r = await verdictOf();
    check('a changed character is refused', ['forged', 'malformed'].includes(r.v), JSON.stringify(r));
    const blank = path.join(outDir, 'no-qr.png');
    await counter.locator('header').screenshot({ path: blank });
    await counter.setInputFiles('#photo', blank);
    r = await verdictOf();
    check('an image without a QR code is unreadable', r.v === 'unreadable', JSON.stringify(r));

    const issuer = await browser.newContext({ ignoreHTTPSErrors: true, clientCertificates: [{ origin: base, certPath: issuerCert, keyPath: issuerKey }] });
    const revoked = await issuer.request.post(`${base}/api/v1/licences/${encodeURIComponent(licenceId)}/revocation`,
      { data: { reason: '浏览器测试：吊销' } });
    check('issuer revokes the licence', revoked.status() === 200, revoked.status() + ' ' + await revoked.text());

    await counter.setInputFiles('#photo', qrShot);
    r = await verdictOf();
    check('the same QR now checks revoked online', r.v === 'revoked' && r.text === '已撤销', JSON.stringify(r));
    await counter.click('#lang');
    check('verifier english switch', (await counter.textContent('#verdict')) === 'Revoked' && (await counter.textContent('h1')) === 'CertHub licence check',
      await counter.textContent('#verdict'));

    await citizen.click('#loadAccesses');
    await citizen.waitForFunction(() => document.querySelector('#accessStatus').textContent.length > 0);
    const actions = await citizen.$$eval('#accessTable tbody tr', rows => rows.map(tr => tr.dataset.action));
    check('holder sees the counter checks', actions.filter(a => a === 'qr.verify').length >= 2, actions.join(','));
    const proofs = await citizen.$$eval('#accessTable tbody td.proof', cells => cells.map(c => c.textContent));
    check('each access is proved in the browser against the signed checkpoint',
      proofs.some(p => p.startsWith('✓')) && !proofs.some(p => p.startsWith('✗')), proofs.join(' | '));
    await citizen.click('#showQr');
    await citizen.waitForFunction(() => document.querySelector('#showError').textContent.length > 0);
    check('a revoked licence cannot be shown', (await citizen.textContent('#showError')).includes('revoked'), await citizen.textContent('#showError'));
    await citizen.click('#lang');
    check('wallet english switch', (await citizen.textContent('h1')) === 'CertHub e-licences', await citizen.textContent('h1'));
  } finally {
    await browser.close();
  }
  await cameraScan();
  console.log(JSON.stringify({ ok: true, checks }));
})().catch(err => { console.log(JSON.stringify({ ok: false, error: String(err), checks })); process.exit(1); });
