/**
 * RFC 9421 HTTP Message Signatures over requests, and RFC 9530 {@code Content-Digest}.
 *
 * <p>Server side: adapt the incoming request into an {@link org.certhub.signer.httpsig.HttpRequest}
 * and call {@link org.certhub.signer.httpsig.HttpSignatureVerifier#verify}; keys come from a {@link
 * org.certhub.signer.httpsig.KeyResolver} by {@code keyid}, and each key fixes its algorithm. The
 * result carries {@code sha256:<hex>} of the signature base for the ledger. Client side: {@link
 * org.certhub.signer.httpsig.HttpSigner}.
 *
 * <p>Algorithms ({@link org.certhub.signer.httpsig.HttpSignatureAlgorithm}): {@code
 * ecdsa-p256-sha256} and {@code ed25519} from the IANA registry, and the private-use {@code
 * sm2-sm3} (SM2/SM3, user ID {@code 1234567812345678}, raw 64-byte {@code r || s}). The header
 * parser is a strict subset of RFC 8941 that also refuses duplicate keys.
 *
 * <p>Not supported: response signatures ({@code @status}, {@code ;req}), component parameters
 * ({@code ;sf}, {@code ;bs}, {@code ;key}, {@code ;name}), {@code @query-param}, HMAC and RSA.
 */
package org.certhub.signer.httpsig;
