// The auditor's page: search the access ledger, export CSV, check each entry's inclusion proof and the
// ledger's consistency since the last visit in the browser, and see supervision alerts. The browser
// presents the auditor's client certificate; the API decides what it may see.
(() => {
  const T = {
    zh: {
      title: 'CertHub 访问审计', search: '查询访问记录', holder: '持证主体代码', department: '部门代码', matter: '事项编码',
      action: '操作', outcome: '结果', from: '起始时间', to: '截止时间', find: '查询', csv: '导出 CSV', index: '序号', time: '时间',
      purpose: '用途', proof: '存证', more: '下一页', consistency: '账本一致性', checkNow: '验证一致性', alerts: '电子监察预警',
      loadAlerts: '查看最近 24 小时', consistencyHelp: '本页记住上次看到的检查点；再次打开时验证账本自那时起只增不改。',
      verify: '验证', verified: '已验证：包含在检查点中', failed: '验证失败', found: n => `找到 ${n} 条记录`, noAlerts: '无预警',
      firstVisit: '首次记录检查点，下次验证', consistent: (a, b) => `一致：账本从 ${a} 条增长到 ${b} 条，未被改写`,
      inconsistent: '不一致：账本被改写！', current: (n, r) => `当前检查点：${n} 条，根哈希 ${r}`, error: '出错：',
    },
    en: {
      title: 'CertHub access audit', search: 'Search access records', holder: 'Holder ID', department: 'Department code', matter: 'Matter code',
      action: 'Action', outcome: 'Outcome', from: 'From', to: 'To', find: 'Search', csv: 'Export CSV', index: 'Index', time: 'Time',
      purpose: 'Purpose', proof: 'Proof', more: 'Next page', consistency: 'Ledger consistency', checkNow: 'Check consistency',
      alerts: 'Supervision alerts', loadAlerts: 'Last 24 hours',
      consistencyHelp: 'This page remembers the last checkpoint it saw and checks that the ledger only grew since.',
      verify: 'Verify', verified: 'verified: included in the checkpoint', failed: 'verification failed', found: n => `${n} records`,
      noAlerts: 'no alerts', firstVisit: 'checkpoint remembered; checked on the next visit',
      consistent: (a, b) => `consistent: the ledger grew from ${a} to ${b} entries, nothing rewritten`,
      inconsistent: 'INCONSISTENT: the ledger was rewritten!', current: (n, r) => `current checkpoint: ${n} entries, root ${r}`,
      error: 'error: ',
    },
  };
  let lang = localStorage.getItem('certhub.lang') || 'zh';
  const $ = s => document.querySelector(s);
  const t = k => T[lang][k];
  let nextAfter = null;

  function applyLang() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.querySelectorAll('[data-i18n]').forEach(e => { e.textContent = t(e.dataset.i18n); });
    document.title = t('title');
    $('#lang').textContent = lang === 'zh' ? 'English' : '中文';
  }

  function query(after) {
    const p = new URLSearchParams();
    new FormData($('#search')).forEach((v, k) => { if (v) p.set(k, v); });
    if (after != null) p.set('after', after);
    return p;
  }

  async function json(url) {
    const r = await fetch(url, { credentials: 'include' });
    const body = await r.json();
    if (!r.ok) throw new Error(body.detail || r.status);
    return body;
  }

  async function checkpoint() {
    const r = await fetch('/ledger/checkpoint');
    return Merkle.parseCheckpoint(await r.text());
  }

  async function search(after) {
    $('#status').textContent = '';
    try {
      const body = await json('/api/v1/audit/entries?' + query(after));
      const tbody = $('#entries tbody');
      if (after == null) tbody.replaceChildren();
      for (const e of body.entries) {
        const tr = document.createElement('tr');
        for (const v of [e.index, e.time, e.action, e.department, e.matter || '', e.outcome, e.purpose || '']) {
          const td = document.createElement('td');
          td.textContent = v;
          tr.append(td);
        }
        const td = document.createElement('td');
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = t('verify');
        b.className = 'verify';
        b.onclick = () => verifyEntry(e, td);
        td.append(b);
        tr.append(td);
        tr.dataset.index = e.index;
        tbody.append(tr);
      }
      nextAfter = body.next ?? null;
      $('#more').hidden = nextAfter == null;
      $('#status').textContent = t('found')(tbody.children.length);
      $('#csv').href = '/api/v1/audit/entries.csv?' + query(null);
    } catch (err) {
      $('#status').textContent = t('error') + err.message;
    }
  }

  async function verifyEntry(e, cell) {
    try {
      const cp = await checkpoint();
      const proof = await json(`/api/v1/ledger/proof/inclusion?index=${e.index}&size=${cp.size}`);
      const leaf = Merkle.b64(e.leafHash);
      const root = await Merkle.rootFromInclusion(e.index, cp.size, leaf, proof.hashes.map(Merkle.b64));
      const ok = Merkle.equal(root, cp.root) && Merkle.equal(leaf, Merkle.b64(proof.leafHash));
      cell.textContent = ok ? t('verified') : t('failed');
      cell.className = ok ? 'ok' : 'bad';
    } catch (err) {
      cell.textContent = t('failed') + ': ' + err.message;
      cell.className = 'bad';
    }
  }

  async function consistency() {
    try {
      const cp = await checkpoint();
      $('#checkpoint').textContent = t('current')(cp.size, btoa(String.fromCharCode(...cp.root)));
      const saved = localStorage.getItem('certhub.checkpoint');
      localStorage.setItem('certhub.checkpoint', cp.text);
      if (!saved) { $('#consistencyResult').textContent = t('firstVisit'); return; }
      const old = Merkle.parseCheckpoint(saved);
      const proof = await json(`/api/v1/ledger/proof/consistency?from=${old.size}&to=${cp.size}`);
      const ok = await Merkle.verifyConsistency(old.size, cp.size, old.root, cp.root, proof.hashes.map(Merkle.b64));
      $('#consistencyResult').textContent = ok ? t('consistent')(old.size, cp.size) : t('inconsistent');
      $('#consistencyResult').className = ok ? 'ok' : 'bad';
    } catch (err) {
      $('#consistencyResult').textContent = t('error') + err.message;
    }
  }

  async function alerts() {
    const list = $('#alertList');
    list.replaceChildren();
    try {
      const body = await json('/api/v1/audit/alerts?hours=24');
      for (const a of body.alerts) {
        const li = document.createElement('li');
        li.textContent = `[${a.kind}] ${a.department}${a.matter ? ' ' + a.matter : ''}: ${a.detail}`;
        list.append(li);
      }
      if (!body.alerts.length) list.textContent = t('noAlerts');
    } catch (err) {
      list.textContent = t('error') + err.message;
    }
  }

  $('#lang').onclick = () => { lang = lang === 'zh' ? 'en' : 'zh'; localStorage.setItem('certhub.lang', lang); applyLang(); };
  $('#search').onsubmit = ev => { ev.preventDefault(); search(null); };
  $('#more').onclick = () => search(nextAfter);
  $('#check').onclick = consistency;
  $('#loadAlerts').onclick = alerts;
  applyLang();
})();
