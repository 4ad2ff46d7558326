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
 * unprotected = { -65537 (disclosures): [ { * uint index => tstr value },    disclosed fields
 *                                         bstr (16 bytes per subtree seed),  canonical cover order
 *                                         { * uint index => bstr 32 } ] }    undisclosed digests
 * payload  = bstr .cbor {
 *   4 (exp): uint seconds,  6 (iat): uint seconds,  10 (nonce): bstr 8,   RFC 8392 §4, RFC 9711 §4.1
 *   -65537 (licence): {
 *     1: [ tstr type code, tstr issuer code, tstr serial, uint version ]   licence id (GB/T 36904)
 *     2: tstr holder name / uint index of the disclosed field holding it,
 *     3: uint status-list index,  4: bstr 32 commitment
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
 * <p><b>Licence.</b> The id travels as its components ({@link org.certhub.signer.licence.LicenceId#of}
 * recomputes the check character); issuer and type are inside it, and the key must be trusted for
 * that issuer. Fields are named by their index in the licence type's field list, which verifiers read
 * from the trust list ({@link org.certhub.signer.qr.TrustedType}; append-only, at most 64 fields).
 *
 * <p><b>Selective disclosure</b> (as SD-CWT and mdoc). Salts come from a GGM tree: a random 16-byte
 * root seed per presentation, children the first 16 bytes of HMAC-SHA256(node, [0] or [1]), depth 6,
 * leaf {@code i} the salt of field {@code i}. Each field the licence has gets the digest SHA-256 of
 * CBOR {@code [salt, index, value]}; the payload signs only the commitment SHA-256 of the CBOR map
 * index to digest. The holder shows the disclosed values, the fewest subtree seeds covering exactly
 * their leaves (in an order derived from the index set, so no positions are encoded), and the other
 * fields' digests. The verifier derives the salts, recomputes the disclosed digests, rebuilds the
 * map, hashes it and compares with the commitment ({@code TAMPERED_DISCLOSURE} on any change). An
 * undisclosed value can be neither learned (128-bit salt behind a seed never shown) nor forged (the
 * commitment is signed), and the holder can still withhold fields after signing. Holder binding (a
 * device key, as in mdoc) is not done: the short {@code exp} (5 minutes by default) limits replay of
 * a screenshot. docs/qr.md has the sizes.
 *
 * <p><b>Status and trust lists.</b> The presentation carries a status-list index. The hub publishes
 * per issuer a {@link org.certhub.signer.qr.StatusList} (IETF Token Status List, {@code bits} 1, zlib,
 * at least 131,072 entries) as a COSE_Sign1 with {@code typ} {@code application/statuslist+cwt}, and
 * the issuer keys with the licence types as a {@link org.certhub.signer.qr.SignedTrustList} ({@code typ}
 * {@code application/x.certhub.trustlist+cwt}, the hub chain in {@code x5chain}). Both go through the
 * same COSE_Sign1 code as the presentation, are bounded (1 MiB decompressed list; 4 MiB trust list),
 * and verify to their issue time and expiry so a verifier can show how fresh they are. {@link
 * org.certhub.signer.qr.QrVerifier#checkStatus} refuses a revoked licence with {@code REVOKED},
 * naming the list's issue time, expiry and age. The protected {@code typ} keeps the three signed
 * types apart: a presentation has none, and each list requires its own.
 */
package org.certhub.signer.qr;
