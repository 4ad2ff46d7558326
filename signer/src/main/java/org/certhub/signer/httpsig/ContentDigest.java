package org.certhub.signer.httpsig;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.certhub.signer.algorithm.Providers;
import org.certhub.signer.httpsig.HttpSignatureException.Reason;
import org.certhub.signer.httpsig.StructuredFields.Bytes;
import org.certhub.signer.httpsig.StructuredFields.Item;
import org.certhub.signer.httpsig.StructuredFields.Member;

/**
 * RFC 9530 {@code Content-Digest}: a dictionary of algorithm → byte sequence over the content.
 *
 * <p>Checking is strict: at least one of {@code sha-256}, {@code sha-512} must be present, every
 * one of those present must match, and other algorithms (including the insecure {@code md5},
 * {@code sha}) are ignored and never sufficient on their own.
 */
public final class ContentDigest {

  /** The field name. */
  public static final String FIELD = "Content-Digest";

  /** The digest algorithms accepted and produced (RFC 9530 §5, status "Active"). */
  public enum Algorithm {
    /** SHA-256, key {@code sha-256}. */
    SHA_256("sha-256", "SHA-256"),
    /** SHA-512, key {@code sha-512}. */
    SHA_512("sha-512", "SHA-512");

    private final String key;
    private final String jcaName;

    Algorithm(String key, String jcaName) {
      this.key = key;
      this.jcaName = jcaName;
    }

    /**
     * Returns the dictionary key.
     *
     * @return {@code "sha-256"} or {@code "sha-512"}
     */
    public String key() {
      return key;
    }

    byte[] digest(byte[] content) {
      try {
        return MessageDigest.getInstance(jcaName, Providers.bc()).digest(content);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("Bouncy Castle must provide " + jcaName, e);
      }
    }
  }

  private ContentDigest() {}

  /**
   * Creates the {@code Content-Digest} field value.
   *
   * @param content the content bytes
   * @param algorithms one or more algorithms, in the order to emit them
   * @return for example {@code "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:"}
   */
  public static String create(byte[] content, Algorithm... algorithms) {
    Objects.requireNonNull(content, "content");
    if (algorithms.length == 0) {
      throw new IllegalArgumentException("at least one algorithm is needed");
    }
    Map<String, Member> dict = new LinkedHashMap<>();
    for (Algorithm a : algorithms) {
      dict.put(a.key, new Item(new Bytes(a.digest(content)), Map.of()));
    }
    return StructuredFields.serializeDictionary(dict);
  }

  /**
   * Checks a {@code Content-Digest} field value against the content.
   *
   * @param fieldValue the (combined) field value
   * @param content the content bytes as received
   * @throws HttpSignatureException {@code MALFORMED} if the field is not a valid dictionary of byte
   *     sequences or has no sha-256/sha-512 member; {@code DIGEST_MISMATCH} if a digest differs
   */
  public static void verify(String fieldValue, byte[] content) throws HttpSignatureException {
    Objects.requireNonNull(fieldValue, "fieldValue");
    Objects.requireNonNull(content, "content");
    Map<String, Member> dict;
    try {
      dict = StructuredFields.parseDictionary(FIELD, fieldValue);
    } catch (StructuredFieldException e) {
      throw new HttpSignatureException(Reason.MALFORMED, e.getMessage(), e);
    }
    int checked = 0;
    for (Algorithm a : Algorithm.values()) {
      Member m = dict.get(a.key);
      if (m == null) {
        continue;
      }
      if (!(m instanceof Item item) || !(item.value() instanceof Bytes expected)) {
        throw new HttpSignatureException(Reason.MALFORMED,
            FIELD + " member " + a.key + " must be a byte sequence, but was: " + m);
      }
      if (!MessageDigest.isEqual(expected.value(), a.digest(content))) {
        throw new HttpSignatureException(Reason.DIGEST_MISMATCH,
            FIELD + " " + a.key + " must match the " + content.length
                + "-byte content, but was: a different digest");
      }
      checked++;
    }
    if (checked == 0) {
      throw new HttpSignatureException(Reason.MALFORMED, FIELD
          + " must contain sha-256 or sha-512, but had: " + dict.keySet());
    }
  }
}
