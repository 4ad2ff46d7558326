// The counter verifier: read a QR presentation by camera, photo or pasted text; the hub checks the
// signature against its trust list and the licence's live status, and this page says the verdict in plain
// words with the disclosed fields, the issuer and its seal. With a department's client certificate the
// check is recorded in the ledger; without one it is anonymous.
(() => {
  const T = {
    zh: {
      title: 'CertHub 证照核验', scanTitle: '扫描、上传或粘贴二维码', camera: '用摄像头扫描', stopCamera: '停止扫描', upload: '上传二维码照片',
      paste: '或粘贴二维码文本', pastePlaceholder: 'CH1:…', check: '核验', holder: '持证主体', type: '证照类型', issuer: '发证机关',
      licenceId: '证照标识', field: '信息项', value: '内容', checking: '核验中…', scanning: '对准二维码…',
      asDepartment: n => `以「${n}」身份核验：每次核验记入访问账本。`, anonymous: '匿名核验：未出示部门证书，不记入账本。',
      times: (i, e, c) => `二维码生成于 ${i}，有效至 ${e}；在线核验于 ${c}（证照状态为实时状态）。`, cameraError: '无法打开摄像头：',
      error: '出错：',
      verdicts: {
        valid: ['有效', '由受信任的发证机关签发，二维码未过期，证照当前有效。'],
        expired: ['已过期', '二维码或证照已过有效期。请持证人在电子证照中刷新二维码。'],
        not_yet_valid: ['尚未生效', '二维码的生成时间在未来：请检查本机时间，或请持证人重新出示。'],
        revoked: ['已撤销', '发证机关已撤销此证照，不能作为有效证明。'],
        superseded: ['已被新版本替代', '此证照已有新版本；请持证人出示最新证照。'],
        forged: ['伪造或被篡改', '签名校验失败：二维码内容被改动，或不是由该发证机关签发。'],
        unknown_issuer: ['签发机关不明', '签名密钥不在信任列表中，或平台没有此证照的记录。'],
        malformed: ['不是证照二维码', '这段内容不是 CertHub 电子证照二维码。'],
        unreadable: ['未识别到二维码', '图片中没有找到清晰的二维码：请对准、靠近、保持稳定后重试。'],
      },
    },
    en: {
      title: 'CertHub licence check', scanTitle: 'Scan, upload or paste a QR code', camera: 'Scan with camera', stopCamera: 'Stop scanning',
      upload: 'Upload a photo of the QR code', paste: 'or paste the QR text', pastePlaceholder: 'CH1:…', check: 'Check', holder: 'Holder',
      type: 'Licence type', issuer: 'Issuer', licenceId: 'Licence ID', field: 'Field', value: 'Value', checking: 'checking…',
      scanning: 'point the camera at the QR code…',
      asDepartment: n => `Checking as "${n}": every check is recorded in the access ledger.`,
      anonymous: 'Anonymous check: no department certificate, nothing is recorded.',
      times: (i, e, c) => `QR made ${i}, valid until ${e}; checked online ${c} (the licence status is live).`,
      cameraError: 'cannot open the camera: ', error: 'error: ',
      verdicts: {
        valid: ['Valid', 'Signed by a trusted issuer, the QR code is current and the licence is in force.'],
        expired: ['Expired', 'The QR code or the licence has expired. Ask the holder to refresh the code in the wallet.'],
        not_yet_valid: ['Not yet valid', 'The QR code claims to be made in the future: check this device\'s clock, or ask for a new one.'],
        revoked: ['Revoked', 'The issuer revoked this licence; it proves nothing.'],
        superseded: ['Superseded', 'A newer version of this licence exists; ask the holder for the current one.'],
        forged: ['Forged or altered', 'The signature does not verify: the content was changed, or the issuer did not sign it.'],
        unknown_issuer: ['Unknown issuer', 'The signing key is not on the trust list, or the hub holds no record of this licence.'],
        malformed: ['Not a licence QR code', 'This is not a CertHub e-licence QR code.'],
        unreadable: ['No QR code found', 'No clear QR code in the image: hold steady, closer, and try again.'],
      },
    },
  };
  const $ = s => document.querySelector(s);
  let last = null;
  let department = null;
  let stream = null;
  const i18n = window.CertHubLang(T, () => { renderWho(); if (last) render(last); });
  const t = i18n.t;

  function renderWho() { $('#who').textContent = department ? t('asDepartment', department) : t('anonymous'); }
  fetch('/api/v1/whoami').then(r => (r.ok ? r.json() : null)).then(w => { department = w && (w.name || w.department); renderWho(); }).catch(renderWho);

  async function verify(body, contentType) {
    $('#busy').textContent = t('checking');
    try {
      const r = await fetch('/api/v1/qr/verify', { method: 'POST', headers: { 'Content-Type': contentType }, body });
      const v = await r.json();
      if (!r.ok) throw new Error(v.detail || r.status);
      $('#busy').textContent = '';
      return v;
    } catch (e) {
      $('#busy').textContent = t('error') + e.message;
      return null;
    }
  }

  function render(v) {
    last = v;
    const [headline, explain] = t('verdicts')[v.verdict] || [v.verdict, ''];
    const box = $('#verdict');
    box.textContent = headline;
    box.dataset.verdict = v.verdict;
    box.className = v.verdict === 'valid' ? 'valid' : ['expired', 'not_yet_valid', 'superseded', 'unreadable'].includes(v.verdict) ? 'warn' : 'invalid';
    $('#explain').textContent = explain;
    $('#reason').textContent = v.reason;
    $('#result').hidden = false;
    $('#licence').hidden = !v.licence;
    if (!v.licence) return;
    $('#holderName').textContent = v.licence.holderName;
    $('#typeName').textContent = v.licence.typeName;
    $('#issuerName').textContent = v.licence.issuerName;
    $('#licenceId').textContent = v.licence.id;
    $('#seal').replaceChildren(seal(v.licence.issuerName));
    const tbody = $('#fields tbody');
    tbody.replaceChildren();
    for (const f of v.fields) {
      const tr = document.createElement('tr');
      tr.dataset.field = f.name;
      const th = document.createElement('th');
      th.textContent = f.label;
      const td = document.createElement('td');
      td.textContent = f.value;
      tr.append(th, td);
      tbody.append(tr);
    }
    const when = s => new Date(s).toLocaleString();
    $('#times').textContent = v.issuedAt ? t('times', when(v.issuedAt), when(v.expiresAt), when(v.checkedAt)) : '';
  }

  // The issuer's seal as drawn on paper: a red ring, the name along the top arc, a star in the middle.
  function seal(name) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 200 200');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', name);
    svg.innerHTML = '<defs><path id="arc" d="M 30 110 A 70 70 0 1 1 170 110"/></defs>'
      + '<circle cx="100" cy="100" r="92" fill="none" stroke="#d0021b" stroke-width="7"/>'
      + '<polygon fill="#d0021b" points="100,62 109,89 138,89 115,106 123,133 100,117 77,133 85,106 62,89 91,89"/>';
    const text = document.createElementNS(ns, 'text');
    text.setAttribute('fill', '#d0021b');
    text.setAttribute('font-size', String(Math.max(12, Math.min(24, 300 / Math.max(1, name.length)))));
    text.setAttribute('font-weight', 'bold');
    const path = document.createElementNS(ns, 'textPath');
    path.setAttribute('href', '#arc');
    path.setAttribute('startOffset', '50%');
    path.setAttribute('text-anchor', 'middle');
    path.textContent = name;
    text.append(path);
    svg.append(text);
    return svg;
  }

  $('#textForm').onsubmit = async e => {
    e.preventDefault();
    const v = await verify(JSON.stringify({ text: new FormData(e.target).get('text').trim() }), 'application/json');
    if (v) render(v);
  };

  $('#photo').onchange = async e => {
    const file = e.target.files[0];
    if (!file) return;
    const v = await verify(file, file.type || 'image/png');
    if (v) render(v);
    e.target.value = '';
  };

  // The camera sends a frame about every 0.8 s until one holds a QR code the hub can read.
  $('#camera').onclick = async () => {
    if (stream) { stopCamera(); return; }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
    } catch (err) {
      $('#busy').textContent = t('cameraError') + err.message;
      return;
    }
    const video = $('#video');
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    $('#camera').textContent = t('stopCamera');
    $('#busy').textContent = t('scanning');
    const canvas = document.createElement('canvas');
    while (stream) {
      await new Promise(r => setTimeout(r, 800));
      if (!stream || !video.videoWidth) continue;
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      canvas.getContext('2d').drawImage(video, 0, 0);
      const blob = await new Promise(r => canvas.toBlob(r, 'image/jpeg', 0.85));
      const v = await verify(blob, 'image/jpeg');
      if (v && v.verdict !== 'unreadable') { stopCamera(); render(v); }
      else if (stream) $('#busy').textContent = t('scanning');
    }
  };

  function stopCamera() {
    if (stream) stream.getTracks().forEach(track => track.stop());
    stream = null;
    $('#video').hidden = true;
    $('#camera').textContent = t('camera');
  }
})();
