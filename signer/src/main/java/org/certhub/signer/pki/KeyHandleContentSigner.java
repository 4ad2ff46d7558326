package org.certhub.signer.pki;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.certhub.signer.SignerException;
import org.certhub.signer.key.KeyHandle;

/**
 * Adapts a {@link KeyHandle} to Bouncy Castle's {@link ContentSigner}, so certificates are signed
 * without touching key bytes. The signature AlgorithmIdentifier carries no parameters (RFC 5758 §3.2,
 * RFC 8410 §3, GM/T 0015). Public so CMS and time-stamp signing reuse it; one instance signs once.
 */
public final class KeyHandleContentSigner implements ContentSigner {

  /** Carries a checked signing failure through BC's unchecked ContentSigner contract. */
  public static final class SigningFailure extends RuntimeException {
    SigningFailure(SignerException cause) {
      super(cause.getMessage(), cause);
    }

    /**
     * Returns the signing failure this carries.
     *
     * @return the key store's or token's exception
     */
    public SignerException signerException() {
      return (SignerException) getCause();
    }
  }

  private final KeyHandle key;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  /**
   * Wraps a key; its algorithm fixes the signature AlgorithmIdentifier.
   *
   * @param key the signing key, not null
   */
  public KeyHandleContentSigner(KeyHandle key) {
    this.key = key;
  }

  @Override
  public AlgorithmIdentifier getAlgorithmIdentifier() {
    return new AlgorithmIdentifier(new ASN1ObjectIdentifier(key.algorithm().oid()));
  }

  @Override
  public OutputStream getOutputStream() {
    return buffer;
  }

  @Override
  public byte[] getSignature() {
    try {
      return key.sign(buffer.toByteArray());
    } catch (SignerException e) {
      throw new SigningFailure(e);
    }
  }
}
