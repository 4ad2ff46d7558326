package org.certhub.signer.key;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.certhub.signer.algorithm.Providers;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.algorithm.UnsupportedAlgorithmException;

/**
 * Verifies signatures with one public key; the algorithm is bound to the key, never to the input.
 *
 * <p>Accepted encodings: for {@link SignatureAlgorithm#SM2_SM3} and {@link
 * SignatureAlgorithm#ECDSA_P256_SHA256} the strict DER {@code SEQUENCE {r, s}} (BER variants are
 * rejected) and, for interoperability with vendors that emit it, the raw 64-byte {@code r || s}
 * form, which is converted to DER before verification (this library never writes it). SM2 uses the
 * default user ID {@code 1234567812345678}. Ed25519 signatures are the 64-byte RFC 8032 form.
 *
 * <p>Instances are immutable in behaviour and safe for concurrent use. Create one per key and keep it:
 * initialised JCA {@link Signature} objects are pooled and reused across calls ({@code verify()}
 * resets them to the initialised state), which saves the SM2 user-ID digest Z on every call.
 */
public final class Verifier {

  private final SignatureAlgorithm algorithm;
  private final PublicKey publicKey;
  private final ConcurrentLinkedQueue<Signature> idle = new ConcurrentLinkedQueue<>();

  private Verifier(SignatureAlgorithm algorithm, PublicKey publicKey) {
    this.algorithm = algorithm;
    this.publicKey = publicKey;
  }

  /**
   * Creates a verifier for a certificate's public key. The certificate itself is not validated here;
   * use {@code ChainValidator} for that.
   *
   * @param certificate the signer's certificate, not null
   * @return a verifier bound to the certificate key's algorithm
   * @throws UnsupportedAlgorithmException if the key is outside the registry
   */
  public static Verifier forCertificate(X509Certificate certificate)
      throws UnsupportedAlgorithmException {
    Objects.requireNonNull(certificate, "certificate");
    return forPublicKey(certificate.getPublicKey());
  }

  /**
   * Creates a verifier for a public key.
   *
   * @param publicKey the key, from any provider, not null
   * @return a verifier bound to the key's algorithm
   * @throws UnsupportedAlgorithmException if the key is outside the registry
   */
  public static Verifier forPublicKey(PublicKey publicKey) throws UnsupportedAlgorithmException {
    Objects.requireNonNull(publicKey, "publicKey");
    SignatureAlgorithm algorithm = SignatureAlgorithm.forKey(publicKey);
    return new Verifier(algorithm, Keys.toBc(publicKey, algorithm));
  }

  /**
   * Returns the algorithm fixed by the key.
   *
   * @return the algorithm
   */
  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * Verifies {@code signature} over {@code data}. Returns normally only if it is valid.
   *
   * @param signature the signature bytes, not null
   * @param data the signed message, not null
   * @throws SignatureVerificationException if the signature is malformed or does not verify
   */
  public void verify(byte[] signature, byte[] data) throws SignatureVerificationException {
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(data, "data");
    byte[] sig = signature;
    if (algorithm != SignatureAlgorithm.ED25519 && sig.length == 64 && !isStrictDer(sig)) {
      sig = org.certhub.signer.algorithm.RawSignatures.toDer(sig);
    }
    boolean ok;
    try {
      Signature v = idle.poll();
      if (v == null) {
        v = Signature.getInstance(algorithm.jcaName(), Providers.bc());
        v.initVerify(publicKey);
      }
      v.update(data);
      ok = v.verify(sig);
      idle.offer(v); // verify() returned, so it has reset the instance; a throwing one is dropped
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new SignatureVerificationException(
          "signature must be a well-formed " + algorithm + " signature, but was: "
              + signature.length + " bytes that do not decode", e);
    }
    if (!ok) {
      throw new SignatureVerificationException(
          "signature must be a valid " + algorithm + " signature over the data, but was: invalid");
    }
  }

  private static boolean isStrictDer(byte[] sig) {
    try {
      ASN1Primitive p = ASN1Primitive.fromByteArray(sig);
      return p instanceof ASN1Sequence seq
          && seq.size() == 2
          && Arrays.equals(sig, p.getEncoded(ASN1Encoding.DER));
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }


  @Override
  public String toString() {
    return "Verifier[" + algorithm + "]";
  }
}
