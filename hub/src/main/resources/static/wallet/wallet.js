// The citizen wallet: sign in, list own licences, pick the fields to show, show a short-lived QR that
// refreshes itself before it expires, download the signed licence file, and see who accessed my data.
(() => {
  const T = {
    zh: {
      title: 'CertHub 电子证照', signIn: '登录', idType: '证件类型', idCard: '居民身份证', uscc: '统一社会信用代码',
      holderId: '证件号码', name: '姓名或单位名称', signInDemo: '登录（演示）', signInIdp: '统一身份认证登录',
      noSignIn: '本平台尚未配置统一身份认证。',
      demoNote: '演示模式：只凭证件号码登录。正式环境通过统一身份认证（OpenID Connect）登录。',
      myLicences: '我的证照', signOut: '退出登录', pickFields: '选择要出示的信息', showQr: '出示二维码', download: '下载证照文件', downloadOfd: '下载 OFD（带签章）', downloadPdf: '下载 PDF（带签名）',
      qrHelp: '二维码到期前自动刷新；截图很快失效。', whoAccessed: '谁查看了我的数据', load: '查看记录', time: '时间', department: '部门',
      what: '事项与用途', outcome: '结果', remaining: s => `有效期剩余 ${s}`, refreshing: '正在刷新…', none: '暂无证照',
      noAccesses: '暂无访问记录', accessCount: n => `共 ${n} 条访问记录，均已写入可验证账本`, validUntil: d => `有效期至 ${d}`,
      status: { valid: '有效', revoked: '已撤销', superseded: '已更新', expired: '已过期' },
      outcomes: { allowed: '已获准', denied: '被拒绝', not_found: '未找到', valid: '核验有效', revoked: '核验：已撤销' },
      proof: '存证', proofOk: '✓ 已在账本中验证', proofPending: '等待下一个检查点', proofBad: '✗ 验证失败',
      longTerm: '长期', sessionOver: '登录已过期，请重新登录', error: '出错：',
    },
    en: {
      title: 'CertHub e-licences', signIn: 'Sign in', idType: 'ID type', idCard: 'Resident ID card', uscc: 'Unified social credit code',
      holderId: 'ID number', name: 'Name or company name', signInDemo: 'Sign in (demo)', signInIdp: 'Sign in with the identity provider',
      noSignIn: 'No identity provider is configured on this hub.',
      demoNote: 'Demo mode: sign in with the ID number alone. Production signs in through the identity provider (OpenID Connect).',
      myLicences: 'My licences', signOut: 'Sign out', pickFields: 'Choose what to show', showQr: 'Show QR code', download: 'Download licence file', downloadOfd: 'Download OFD (stamped)', downloadPdf: 'Download PDF (signed)',
      qrHelp: 'The code refreshes itself before it expires; a screenshot soon stops working.', whoAccessed: 'Who accessed my data',
      load: 'Show records', time: 'Time', department: 'Department', what: 'Matter and purpose', outcome: 'Outcome',
      remaining: s => `valid for ${s}`, refreshing: 'refreshing…', none: 'no licences', noAccesses: 'no accesses recorded',
      accessCount: n => `${n} accesses, each on the verifiable ledger`, validUntil: d => `valid until ${d}`,
      status: { valid: 'valid', revoked: 'revoked', superseded: 'superseded', expired: 'expired' },
      outcomes: { allowed: 'allowed', denied: 'refused', not_found: 'not found', valid: 'checked: valid', revoked: 'checked: revoked' },
      proof: 'Proof', proofOk: '✓ verified in the ledger', proofPending: 'awaiting the next checkpoint', proofBad: '✗ verification failed',
      longTerm: 'long-term', sessionOver: 'your session ended; sign in again', error: 'error: ',
    },
  };
  const $ = s => document.querySelector(s);
  let licences = [];
  let current = null;
  let timer = null;
  let expiresAt = 0;
  const i18n = window.CertHubLang(T, () => { renderLicences(); if (current) renderFields(); });
  const t = i18n.t;

  const token = () => sessionStorage.getItem('certhub.wallet.token');

  async function api(path, options = {}) {
    const headers = Object.assign({ Authorization: 'Bearer ' + token() }, options.headers || {});
    const r = await fetch(path, Object.assign({}, options, { headers }));
    if (r.status === 401) { signOut(); throw new Error(t('sessionOver')); }
    if (!r.ok) { const p = await r.json().catch(() => ({})); throw new Error(p.detail || r.status); }
    return r;
  }

  $('#signinForm').onsubmit = async e => {
    e.preventDefault();
    $('#signinError').textContent = '';
    const f = new FormData(e.target);
    const r = await fetch('/api/v1/me/session', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ holder: f.get('holder').trim().toUpperCase(), idType: f.get('idType'), name: f.get('name').trim() }),
    });
    const body = await r.json();
    if (!r.ok) { $('#signinError').textContent = t('error') + (body.detail || r.status); return; }
    sessionStorage.setItem('certhub.wallet.token', body.token);
    await loadLicences();
  };

  function signOut() {
    sessionStorage.removeItem('certhub.wallet.token');
    stopQr();
    current = null;
    $('#signin').hidden = false;
    ['#licences', '#show', '#accesses'].forEach(s => { $(s).hidden = true; });
  }
  $('#signOut').onclick = signOut;

  async function loadLicences() {
    const body = await (await api('/api/v1/me/licences')).json();
    licences = body.licences;
    $('#holderName').textContent = body.holder;
    $('#signin').hidden = true;
    $('#licences').hidden = false;
    $('#accesses').hidden = false;
    renderLicences();
  }

  function renderLicences() {
    const list = $('#licenceList');
    list.replaceChildren();
    if (!licences.length) { const li = document.createElement('li'); li.textContent = t('none'); list.append(li); return; }
    for (const l of licences) {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.className = current && current.id === l.id ? 'selected' : '';
      const status = document.createElement('span');
      status.className = 'status' + (l.status === 'valid' ? '' : ' bad');
      status.textContent = t('status')[l.status] || l.status;
      const until = l.validUntil === 'long-term' ? t('longTerm') : l.validUntil;
      b.append(l.type.name + ' ', status, document.createElement('br'));
      const small = document.createElement('small');
      small.textContent = `${l.issuer.name} · ${t('validUntil', until)}`;
      b.append(small);
      b.onclick = () => choose(l);
      li.append(b);
      list.append(li);
    }
  }

  function choose(l) {
    stopQr();
    current = l;
    renderLicences();
    renderFields();
    $('#show').hidden = false;
    $('#showQr').disabled = l.status !== 'valid';
  }

  function renderFields() {
    $('#showTitle').textContent = current.type.name;
    $('#showId').textContent = current.id;
    const set = $('#fields');
    const chosen = new Set([...set.querySelectorAll('input:checked')].map(i => i.value));
    const fresh = !set.dataset.licence || set.dataset.licence !== current.id;
    set.querySelectorAll('label').forEach(l => l.remove());
    set.dataset.licence = current.id;
    for (const f of current.fields) {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.value = f.name;
      box.checked = fresh ? !f.sensitive : chosen.has(f.name);
      const value = document.createElement('span');
      value.className = 'value';
      value.textContent = f.value;
      label.append(box, f.label + '：', value);
      set.append(label);
    }
  }

  async function showQr() {
    $('#showError').textContent = '';
    const fields = [...document.querySelectorAll('#fields input:checked')].map(i => i.value);
    try {
      const p = await (await api(`/api/v1/me/licences/${encodeURIComponent(current.id)}/presentations`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ fields }),
      })).json();
      $('#qr').src = 'data:image/png;base64,' + p.png;
      $('#qr').dataset.text = p.text;
      expiresAt = Date.parse(p.expiresAt);
      $('#qrBox').hidden = false;
      tick();
      clearInterval(timer);
      timer = setInterval(tick, 1000);
    } catch (e) {
      $('#showError').textContent = t('error') + e.message;
      stopQr();
    }
  }
  $('#showQr').onclick = showQr;

  function tick() {
    const left = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
    // Refresh a little early, so the code on screen is never one a verifier would call expired.
    if (left <= 10) { $('#countdown').textContent = t('refreshing'); clearInterval(timer); showQr(); return; }
    $('#countdown').textContent = t('remaining', `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`);
  }

  function stopQr() {
    clearInterval(timer);
    $('#qrBox').hidden = true;
    $('#qr').removeAttribute('src');
  }

  // The signed JSON, or the printable file with the issuer's seal (OFD, GB/T 33190; PDF).
  async function download(format) {
    const query = format === 'json' ? '' : `?format=${format}`;
    const blob = await (await api(`/api/v1/me/licences/${encodeURIComponent(current.id)}/file${query}`)).blob();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `licence-${current.id}.${format}`;
    a.click();
    URL.revokeObjectURL(a.href);
  }
  $('#download').onclick = () => download('json');
  $('#downloadOfd').onclick = () => download('ofd');
  $('#downloadPdf').onclick = () => download('pdf');

  $('#loadAccesses').onclick = async () => {
    const body = await (await api('/api/v1/me/accesses?limit=100')).json();
    const cp = Merkle.parseCheckpoint(body.checkpoint);
    const tbody = $('#accessTable tbody');
    tbody.replaceChildren();
    for (const a of body.accesses.slice().reverse()) {
      const tr = document.createElement('tr');
      const what = [a.matter ? a.matter.name : a.action, a.purpose].filter(Boolean).join(' · ');
      for (const text of [new Date(a.time).toLocaleString(), a.department.name, what, t('outcomes')[a.outcome] || a.outcome]) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      const proof = document.createElement('td');
      proof.className = 'proof';
      proof.textContent = await inLedger(a, cp);
      tr.append(proof);
      tr.dataset.action = a.action;
      tbody.append(tr);
    }
    $('#accessTable').hidden = body.accesses.length === 0;
    $('#accessStatus').textContent = body.accesses.length ? t('accessCount', body.accesses.length) : t('noAccesses');
  };

  // Which sign-ins this hub offers: the identity provider when configured, the demo form in demo mode only.
  $('#oidcLogin').onclick = () => { location.href = '/api/v1/me/oidc/login'; };
  fetch('/api/v1/me/oidc').then(r => r.json()).then(s => {
    $('#oidc').hidden = !s.configured;
    $('#signinForm').hidden = !s.demoSignIn;
    $('#noSignIn').hidden = s.configured || s.demoSignIn;
  }).catch(() => {});

  // Back from the identity provider: the session token comes in the fragment (never sent to a server);
  // keep it where the wallet keeps tokens and take it out of the address bar and history.
  if (location.hash.startsWith('#token=')) {
    sessionStorage.setItem('certhub.wallet.token', decodeURIComponent(location.hash.slice(7)));
    history.replaceState(null, '', location.pathname + location.search);
  }
  // Checks the entry's inclusion proof against the signed checkpoint in this browser (RFC 9162), so the holder
  // need not take the hub's word that the access is on the ledger.
  async function inLedger(a, cp) {
    if (typeof a.proof !== 'object') return t('proofPending');
    try {
      const leaf = Merkle.b64(a.leafHash);
      const root = await Merkle.rootFromInclusion(a.index, a.proof.size, leaf, a.proof.hashes.map(Merkle.b64));
      return a.proof.size === cp.size && Merkle.equal(root, cp.root) ? t('proofOk') : t('proofBad');
    } catch (e) {
      return t('proofBad');
    }
  }

  if (token()) loadLicences().catch(() => signOut());
})();
