package org.certhub.signer.algorithm;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The closed registry of digest algorithms: SHA-256 (FIPS 180-4) and SM3 (GB/T 32905-2016, GM/T
 * 0004-2012).
 *
 * <p>Digests stored in records are self-describing: {@code "<prefix>:<lower-case hex>"}, for example
 * {@code "sha256:ba7816bf…"} or {@code "sm3:66c7f0f4…"}.
 */
public enum DigestAlgorithm {
  /** SHA-256, OID 2.16.840.1.101.3.4.2.1. */
  SHA256("sha256", "SHA-256", "2.16.840.1.101.3.4.2.1"),
  /** SM3, OID 1.2.156.10197.1.401. */
  SM3("sm3", "SM3", "1.2.156.10197.1.401");

  private final String prefix;
  private final String jcaName;
  private final String oid;

  DigestAlgorithm(String prefix, String jcaName, String oid) {
    this.prefix = prefix;
    this.jcaName = jcaName;
    this.oid = oid;
  }

  /**
   * Returns the prefix of self-describing digests.
   *
   * @return {@code "sha256"} or {@code "sm3"}
   */
  public String prefix() {
    return prefix;
  }

  /**
   * Returns the JCA name used with {@link Providers#bc()}.
   *
   * @return {@code "SHA-256"} or {@code "SM3"}
   */
  public String jcaName() {
    return jcaName;
  }

  /**
   * Returns the algorithm's object identifier.
   *
   * @return the dotted OID
   */
  public String oid() {
    return oid;
  }

  /**
   * Computes the digest of {@code data}.
   *
   * @param data the input, not null
   * @return a new 32-byte array
   */
  public byte[] digest(byte[] data) {
    Objects.requireNonNull(data, "data");
    return newMessageDigest().digest(data);
  }

  /**
   * Computes the self-describing digest {@code "<prefix>:<hex>"} of {@code data}.
   *
   * @param data the input, not null
   * @return for example {@code "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}
   */
  public String describe(byte[] data) {
    return prefix + ":" + HexFormat.of().formatHex(digest(data));
  }

  /**
   * Returns a fresh {@link MessageDigest} from the Bouncy Castle provider.
   *
   * @return a new, unshared instance
   */
  public MessageDigest newMessageDigest() {
    try {
      return MessageDigest.getInstance(jcaName, Providers.bc());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Bouncy Castle must provide " + jcaName, e);
    }
  }
}
