package org.certhub.ledger.tree;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The RFC 9162 §2.1.1 Merkle tree hash, parameterised by a hash function {@code H}.
 *
 * <ul>
 *   <li>empty tree: {@code MTH({}) = H()}
 *   <li>leaf: {@code MTH({d}) = H(0x00 || d)}
 *   <li>interior node: {@code H(0x01 || left || right)}
 * </ul>
 *
 * <p>The 0x00/0x01 domain separation prevents second-preimage attacks where an interior node is
 * presented as a leaf. Instances are immutable and thread-safe: every call uses a fresh
 * {@link MessageDigest} from the supplier.
 */
public final class Hasher {

  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;

  private final Supplier<MessageDigest> digests;
  private final String algorithm;
  private final int size;
  private final byte[] emptyRoot;

  private Hasher(Supplier<MessageDigest> digests) {
    this.digests = Objects.requireNonNull(digests, "digests");
    MessageDigest probe = Objects.requireNonNull(digests.get(), "digests.get()");
    this.algorithm = probe.getAlgorithm();
    this.size = probe.getDigestLength();
    if (size <= 0) {
      throw new IllegalArgumentException(
          "digest length must be known and positive, but was: " + size + " for " + algorithm);
    }
    this.emptyRoot = probe.digest();
  }

  /**
   * Returns the RFC 6962 hasher: SHA-256.
   *
   * @return a SHA-256 hasher
   */
  public static Hasher sha256() {
    return of("SHA-256");
  }

  /**
   * Returns a hasher using a JCA message digest available from the installed providers.
   *
   * @param jcaDigestName the JCA standard name, for example {@code "SHA-256"}
   * @return the hasher
   * @throws IllegalArgumentException if no installed provider offers the digest
   */
  public static Hasher of(String jcaDigestName) {
    Objects.requireNonNull(jcaDigestName, "jcaDigestName");
    try {
      MessageDigest.getInstance(jcaDigestName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalArgumentException(
          "jcaDigestName must name an installed message digest, but was: " + jcaDigestName, e);
    }
    return new Hasher(
        () -> {
          try {
            return MessageDigest.getInstance(jcaDigestName);
          } catch (NoSuchAlgorithmException e) {
            // Checked at construction; providers are not uninstalled at run time.
            throw new IllegalStateException("digest " + jcaDigestName + " disappeared", e);
          }
        });
  }

  /**
   * Returns a hasher using digests from a supplier, for digests that need a specific provider
   * (for example SM3 from Bouncy Castle: {@code () -> MessageDigest.getInstance("SM3", bc)}).
   *
   * @param digests returns a new, unshared {@link MessageDigest} on every call
   * @return the hasher
   * @throws IllegalArgumentException if the digest length is not known
   */
  public static Hasher of(Supplier<MessageDigest> digests) {
    return new Hasher(digests);
  }

  /**
   * Returns the root hash of the empty tree, {@code H()} (RFC 9162 §2.1.1).
   *
   * @return a fresh copy of the empty root
   */
  public byte[] emptyRoot() {
    return emptyRoot.clone();
  }

  /**
   * Returns the leaf hash {@code H(0x00 || entry)}.
   *
   * @param entry the leaf input (the log entry bytes), may be empty
   * @return the leaf hash, {@link #size()} bytes
   */
  public byte[] hashLeaf(byte[] entry) {
    Objects.requireNonNull(entry, "entry");
    MessageDigest md = digests.get();
    md.update(LEAF_PREFIX);
    md.update(entry);
    return md.digest();
  }

  /**
   * Returns the interior node hash {@code H(0x01 || left || right)}.
   *
   * @param left the left child hash
   * @param right the right child hash
   * @return the node hash, {@link #size()} bytes
   */
  public byte[] hashChildren(byte[] left, byte[] right) {
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(right, "right");
    MessageDigest md = digests.get();
    md.update(NODE_PREFIX);
    md.update(left);
    md.update(right);
    return md.digest();
  }

  /**
   * Returns the hash length in bytes (32 for SHA-256 and SM3).
   *
   * @return the digest length
   */
  public int size() {
    return size;
  }

  /**
   * Returns the JCA name of the digest, for diagnostics.
   *
   * @return the digest algorithm name
   */
  public String algorithm() {
    return algorithm;
  }

  @Override
  public String toString() {
    return "Hasher[" + algorithm + "]";
  }
}
