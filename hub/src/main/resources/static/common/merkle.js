// RFC 9162 verification in the browser (WebCrypto SHA-256), so the page checks the hub's proofs itself
// rather than trusting its answers.
const Merkle = (() => {
  const b64 = s => Uint8Array.from(atob(s), c => c.charCodeAt(0));
  const sha256 = async (...parts) => {
    const len = parts.reduce((n, p) => n + p.length, 0);
    const buf = new Uint8Array(len);
    let o = 0;
    for (const p of parts) { buf.set(p, o); o += p.length; }
    return new Uint8Array(await crypto.subtle.digest('SHA-256', buf));
  };
  const node = (l, r) => sha256(Uint8Array.of(1), l, r);
  const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

  // RFC 9162 §2.1.3.2
  async function rootFromInclusion(index, size, leafHash, proof) {
    if (index >= size) throw new Error('index beyond size');
    let fn = BigInt(index), sn = BigInt(size) - 1n, r = leafHash;
    for (const p of proof) {
      if (sn === 0n) throw new Error('proof too long');
      if ((fn & 1n) === 1n || fn === sn) {
        r = await node(p, r);
        if ((fn & 1n) === 0n) { while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; } }
      } else {
        r = await node(r, p);
      }
      fn >>= 1n; sn >>= 1n;
    }
    if (sn !== 0n) throw new Error('proof too short');
    return r;
  }

  // RFC 9162 §2.1.4.2
  async function verifyConsistency(size1, size2, root1, root2, proof) {
    if (size1 === size2) return proof.length === 0 && equal(root1, root2);
    if (size1 === 0) return proof.length === 0;
    if (proof.length === 0) return false;
    let path = proof.slice();
    if (((size1 & (size1 - 1)) === 0)) path = [root1, ...path];
    let fn = BigInt(size1 - 1), sn = BigInt(size2 - 1);
    while ((fn & 1n) === 1n) { fn >>= 1n; sn >>= 1n; }
    let fr = path[0], sr = path[0];
    for (const c of path.slice(1)) {
      if (sn === 0n) return false;
      if ((fn & 1n) === 1n || fn === sn) {
        fr = await node(c, fr); sr = await node(c, sr);
        while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      } else {
        sr = await node(sr, c);
      }
      fn >>= 1n; sn >>= 1n;
    }
    return sn === 0n && equal(fr, root1) && equal(sr, root2);
  }

  // C2SP tlog-checkpoint body: origin, size, base64 root hash.
  function parseCheckpoint(note) {
    const lines = note.split('\n');
    return { origin: lines[0], size: Number(lines[1]), root: b64(lines[2]), text: note };
  }

  return { b64, equal, rootFromInclusion, verifyConsistency, parseCheckpoint };
})();
