package org.certhub.ledger.checkpoint;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/** Test keys: the golang.org/x/mod/sumdb/note "PeterNeumann" example key, and fresh keys. */
public final class TestKeys {

  /** Verifier key from golang.org/x/mod/sumdb/note (note.go doc and note_test.go). */
  public static final String PETER_VKEY =
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

  /** Signer key from the same source: base64 of 0x01 || 32-byte Ed25519 seed. */
  static final String PETER_SKEY_B64 = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";

  /** The example text and signed note from the same source. */
  static final String PETER_TEXT =
      "If you think cryptography is the answer to your problem,\n"
          + "then you don't know what your problem is.\n";

  static final String PETER_SIGNED =
      PETER_TEXT
          + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

  private TestKeys() {}

  /** The PeterNeumann key pair as JCA keys. */
  public static KeyPair peter() {
    try {
      byte[] seed = Arrays.copyOfRange(Base64.getDecoder().decode(PETER_SKEY_B64), 1, 33);
      KeyFactory kf = KeyFactory.getInstance("Ed25519");
      PrivateKey priv = kf.generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
      byte[] raw = Arrays.copyOfRange(Base64.getDecoder().decode(PETER_VKEY.split("\\+", 3)[2]), 1, 33);
      byte[] spki = new byte[44];
      System.arraycopy(Notes.ED25519_SPKI_PREFIX, 0, spki, 0, 12);
      System.arraycopy(raw, 0, spki, 12, 32);
      PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(spki));
      return new KeyPair(pub, priv);
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** A signer with the PeterNeumann key. */
  public static NoteSigner peterSigner() {
    KeyPair kp = peter();
    return NoteSigner.ed25519("PeterNeumann", kp.getPublic(), kp.getPrivate());
  }

  /** A fresh random Ed25519 key pair. */
  public static KeyPair fresh() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** A signer with a fresh random key. */
  public static NoteSigner freshSigner(String name) {
    KeyPair kp = fresh();
    return NoteSigner.ed25519(name, kp.getPublic(), kp.getPrivate());
  }
}
