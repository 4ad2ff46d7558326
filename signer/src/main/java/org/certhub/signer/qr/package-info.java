/**
 * Offline-verifiable QR presentation of a licence, after the EU DCC pipeline with mdoc/SD-CWT style
 * selective disclosure.
 *
 * <p>Make: {@link org.certhub.signer.qr.QrPresentations#make}. Verify: {@link
 * org.certhub.signer.qr.QrVerifier#verify} against a {@link org.certhub.signer.qr.TrustList}; a
 * refusal is a {@link org.certhub.signer.qr.QrVerificationException} with a stable {@link
 * org.certhub.signer.qr.QrVerificationException.Reason}.
 *
 * <h2>Layout</h2>
 *
 * <pre>
 * text     = "CH1:" Base45( zlib(cose) if shorter, else cose )    RFC 9285; 0x78 first byte = zlib
 * cose     = 18([ protected, unprotected, payload, signature ])  tagged COSE_Sign1, RFC 9052
 * protected   = bstr { 1 (alg): -7 | -8 | -65537, 4 (kid): bstr 8 }
 * unprotected = { ? -65537 (disclosures): [ + bstr .cbor [ salt: bstr 16, name: tstr, value: tstr ] ] }
 * payload  = bstr .cbor {
 *   1 (iss): tstr issuer code,        4 (exp): uint seconds,      6 (iat): uint seconds,
 *   10 (nonce): bstr 8,                                         RFC 8392 §4, RFC 9711 §4.1
 *   -65537 (licence): {
 *     1: tstr licence id (GB/T 36904),  2: tstr licence type code,  3: tstr holder name,
 *     4: uint status-list index,        5: [ * bstr 32 ] digests, sorted bytewise
 *   }
 * }
 * signature = 64 bytes: raw r || s (ES256, SM2) or RFC 8032 (Ed25519)
 * </pre>
 *
 * <p>All CBOR is RFC 8949 §4.2.1 core deterministic, and the decoder accepts nothing else. It is
 * bounded: 4096 bytes after decompression (the inflater stops there), depth 8, 512 items, every
 * declared length checked against the bytes left.
 *
 * <p><b>Algorithms.</b> ES256 (-7) and EdDSA (-8) from the IANA COSE registry; SM2 with SM3 (user
 * ID {@code 1234567812345678}) as <b>-65537</b>, the first private-use value, so only our verifiers
 * understand it. The {@code kid} is the first 8 bytes of SHA-256 over the signer certificate's DER
 * (as the EU DCC does). The verifier takes the algorithm from the trusted key and refuses a protected
 * {@code alg} that differs; it tries every trusted key that shares a {@code kid}.
 *
 * <p><b>Selective disclosure.</b> Every entry of {@link org.certhub.signer.licence.Licence#fields()}
 * gets a disclosure {@code [salt, name, value]} with a fresh 16-byte salt; the payload signs only
 * SHA-256 of each disclosure's CBOR bytes (the CBOR framing makes {@code salt || name || value}
 * unambiguous). The holder puts the chosen disclosures in the unprotected header. The verifier
 * hashes each one and refuses any that matches no signed digest, or a field disclosed twice; an
 * undisclosed value cannot be guessed (salted) nor forged (the digest list is signed). Issuer, id,
 * type and holder name are always in clear. Holder binding (a device key, as in mdoc) is not done:
 * the short {@code exp} (5 minutes by default) limits replay of a screenshot.
 *
 * <p><b>Status and trust lists.</b> The presentation carries a status-list index. The hub publishes
 * per issuer a {@link org.certhub.signer.qr.StatusList} (IETF Token Status List, {@code bits} 1, zlib,
 * at least 131,072 entries) as a COSE_Sign1 with {@code typ} {@code application/statuslist+cwt}, and
 * the issuer keys as a {@link org.certhub.signer.qr.SignedTrustList} ({@code typ}
 * {@code application/x.certhub.trustlist+cwt}, the hub chain in {@code x5chain}). Both go through the
 * same COSE_Sign1 code as the presentation, are bounded (1 MiB decompressed list; 4 MiB trust list),
 * and verify to their issue time and expiry so a verifier can show how fresh they are. {@link
 * org.certhub.signer.qr.QrVerifier#checkStatus} refuses a revoked licence with {@code REVOKED},
 * naming the list's issue time, expiry and age. The protected {@code typ} keeps the three signed
 * types apart: a presentation has none, and each list requires its own.
 */
package org.certhub.signer.qr;
