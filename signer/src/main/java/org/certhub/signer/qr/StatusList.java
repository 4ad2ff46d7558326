package org.certhub.signer.qr;

import static org.certhub.signer.qr.Cose.*;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.certhub.signer.SignerException;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.qr.QrVerificationException.Reason;

/**
 * A status list after the IETF Token Status List draft ({@code draft-ietf-oauth-status-list}) with
 * {@code bits = 1}: one bit per licence, 0 valid, 1 revoked (the draft's INVALID), read from the least
 * significant bit of each byte. At least {@value #MIN_SIZE} entries, so a fetch reveals nothing about
 * one licence (herd privacy). Immutable; {@link #withRevoked} returns a new list.
 *
 * <p>Signed form ({@link #sign}, {@link #verify}): a tagged COSE_Sign1, protected {@code typ} (16)
 * {@value #TYP}, over deterministic CBOR claims
 *
 * <pre>
 * { 1 (iss): tstr signer's code,  2 (sub): tstr issuer whose licences are listed,
 *   4 (exp): uint seconds,        6 (iat): uint seconds,
 *   65533 (status_list): { "bits": 1, "lst": bstr zlib(bytes) } }
 * </pre>
 *
 * <p>{@code iss} must be the code the signing key is trusted for. The decoded list is bounded:
 * {@value #MAX_BYTES} bytes after decompression, the inflater stops there.
 */
public final class StatusList {

  /** Smallest number of entries (W3C Bitstring Status List's herd-privacy minimum, 16 KiB). */
  public static final int MIN_SIZE = 131_072;
  /** Largest decompressed list, in bytes (8 Mi entries). */
  public static final int MAX_BYTES = 1 << 20;
  /** Bits per entry. */
  public static final int BITS = 1;
  /** The COSE {@code typ} of a signed status list (the draft's CWT media type). */
  public static final String TYP = "application/statuslist+cwt";
  /**
   * The subject of a list that covers every issuer's licences (a hub that draws status indexes from one space for
   * all issuers); any other subject names the one issuer whose licences the list covers.
   */
  public static final String ALL_ISSUERS = "licences";

  static final long ISS = 1;
  static final long SUB = 2;
  static final long EXP = 4;
  static final long IAT = 6;
  /** The draft's CWT claim key for {@code status_list}. */
  static final long STATUS_LIST = 65533;
  static final String K_BITS = "bits";
  static final String K_LST = "lst";
  /** Bound on the signed form: the compressed list cannot be much larger than the raw one. */
  static final Cbor.Limits LIMITS = new Cbor.Limits(MAX_BYTES + 64 * 1024, 8, 64);

  /** A verified signed status list and how fresh it is. */
  public record Verified(StatusList list, String issuer, String subject, Instant issuedAt, Instant expiry) {
    /** Rejects nulls. */
    public Verified {
      Objects.requireNonNull(list, "list");
      Objects.requireNonNull(issuedAt, "issuedAt");
      Objects.requireNonNull(expiry, "expiry");
    }

    /**
     * How old the list is at {@code now}.
     *
     * @param now the verifier's clock
     * @return {@code now - issuedAt}
     */
    public Duration age(Instant now) {
      return Duration.between(issuedAt, now);
    }
  }

  private final byte[] bytes;

  private StatusList(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Creates a list with every entry valid.
   *
   * @param size the number of entries: a multiple of 8, {@value #MIN_SIZE} to 8 * {@value #MAX_BYTES}
   * @return a new list
   * @throws IllegalArgumentException if the size is out of range
   */
  public static StatusList allValid(int size) {
    if (size < MIN_SIZE || size % 8 != 0 || size / 8 > MAX_BYTES) {
      throw new IllegalArgumentException("size must be a multiple of 8 from " + MIN_SIZE + " to " + (8L * MAX_BYTES)
          + ", but was: " + size);
    }
    return new StatusList(new byte[size / 8]);
  }

  /**
   * Returns the number of entries.
   *
   * @return the size, a multiple of 8
   */
  public int size() {
    return bytes.length * 8;
  }

  /**
   * Returns an entry's status value.
   *
   * @param index the entry, 0 to {@code size() - 1}
   * @return 0 (valid) or 1 (revoked)
   * @throws IndexOutOfBoundsException if the index is out of range
   */
  public int get(int index) {
    check(index);
    return (bytes[index >>> 3] >>> (index & 7)) & 1;
  }

  /**
   * Returns whether an entry is revoked.
   *
   * @param index the entry, 0 to {@code size() - 1}
   * @return {@code get(index) == 1}
   * @throws IndexOutOfBoundsException if the index is out of range
   */
  public boolean isRevoked(int index) {
    return get(index) == 1;
  }

  /**
   * Returns a copy with the given entries revoked (revocation is irreversible, so there is no undo).
   *
   * @param indexes entries, each 0 to {@code size() - 1}
   * @return a new list
   * @throws IndexOutOfBoundsException if an index is out of range (and nothing is changed)
   */
  public StatusList withRevoked(int... indexes) {
    for (int i : indexes) {
      check(i);
    }
    byte[] b = bytes.clone();
    for (int i : indexes) {
      b[i >>> 3] |= (byte) (1 << (i & 7));
    }
    return new StatusList(b);
  }

  /**
   * Counts the revoked entries.
   *
   * @return the number of set bits
   */
  public int revokedCount() {
    int n = 0;
    for (byte x : bytes) {
      n += Integer.bitCount(x & 0xff);
    }
    return n;
  }

  /**
   * Returns the draft's {@code lst}: the bytes, zlib-compressed (RFC 1950, DEFLATE).
   *
   * @return a new array
   */
  public byte[] compressed() {
    return Envelope.deflate(bytes);
  }

  /**
   * Reads a compressed list, bounded to {@value #MAX_BYTES} decompressed bytes.
   *
   * @param lst zlib bytes
   * @return the list
   * @throws QrVerificationException MALFORMED if not zlib, over the bound or under {@value #MIN_SIZE} entries
   */
  public static StatusList fromCompressed(byte[] lst) throws QrVerificationException {
    byte[] b = Envelope.inflate(Objects.requireNonNull(lst, "lst"), MAX_BYTES, "status list");
    if (b.length * 8 < MIN_SIZE) {
      throw malformed("status list must have at least " + MIN_SIZE + " entries, but had: " + b.length * 8);
    }
    return new StatusList(b);
  }

  /**
   * Signs the list as a COSE_Sign1 with the key's algorithm.
   *
   * @param key the signing (hub) key, with its certificate
   * @param issuer the code {@code key} is trusted for ({@code iss})
   * @param subject the issuer whose licences the list covers ({@code sub})
   * @param now the issue time
   * @param ttl time until {@code exp}, positive
   * @return the COSE bytes
   * @throws SignerException if the key fails to sign
   */
  public byte[] sign(KeyHandle key, String issuer, String subject, Instant now, Duration ttl) throws SignerException {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(now, "now");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, but was: " + ttl);
    }
    Map<Object, Object> sl = new TreeMap<>();
    sl.put(K_BITS, (long) BITS);
    sl.put(K_LST, compressed());
    Map<Object, Object> claims = new TreeMap<>();
    claims.put(ISS, issuer);
    claims.put(SUB, subject);
    claims.put(EXP, now.plus(ttl).getEpochSecond());
    claims.put(IAT, now.getEpochSecond());
    claims.put(STATUS_LIST, sl);
    return signClaims(key, claims);
  }

  static byte[] signClaims(KeyHandle key, Map<Object, Object> claims) throws SignerException {
    return Cose.sign1(key, TYP, Cbor.encode(claims), Map.of());
  }

  /**
   * Verifies a signed status list: signature by a key of {@code trust} first, then {@code iss}
   * against that key's code, certificate validity, {@code iat}/{@code exp} at {@code now}, then the
   * bounded decompression.
   *
   * @param signed the COSE bytes
   * @param trust keys trusted to sign status lists: the hub's status-signing keys only, never the issuers' trust
   *     list, or one issuer's key could sign a list about another issuer's licences
   * @param now the verifier's clock
   * @return the list with its issuer, subject, issue time and expiry
   * @throws QrVerificationException MALFORMED, UNKNOWN_ISSUER, ALGORITHM_MISMATCH, BAD_SIGNATURE,
   *     EXPIRED or NOT_YET_VALID
   */
  public static Verified verify(byte[] signed, TrustList trust, Instant now) throws QrVerificationException {
    Objects.requireNonNull(signed, "signed");
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(now, "now");
    Cose.Signed s = Cose.verify1(signed, LIMITS, trust, TYP);
    Map<?, ?> claims = map(cbor(s.payload(), LIMITS, "status list payload"), "status list claims");
    onlyKeys(claims, "status list claims", ISS, SUB, EXP, IAT, STATUS_LIST);
    String iss = text(claims.get(ISS), "status list iss (1)");
    String sub = text(claims.get(SUB), "status list sub (2)");
    Instant exp = Instant.ofEpochSecond(integer(claims.get(EXP), "status list exp (4)"));
    Instant iat = Instant.ofEpochSecond(integer(claims.get(IAT), "status list iat (6)"));
    Map<?, ?> sl = map(claims.get(STATUS_LIST), "status list status_list (65533)");
    for (Object k : sl.keySet()) {
      if (!K_BITS.equals(k) && !K_LST.equals(k)) {
        throw malformed("status_list must have only the keys \"bits\" and \"lst\", but had: " + k);
      }
    }
    long bits = integer(sl.get(K_BITS), "status_list.bits");
    if (bits != BITS) {
      throw malformed("status_list.bits must be " + BITS + ", but was: " + bits);
    }
    byte[] lst = bytes(sl.get(K_LST), "status_list.lst");
    if (!s.signer().issuerCode().equals(iss)) {
      throw new QrVerificationException(Reason.UNKNOWN_ISSUER, "status list signing key is trusted for "
          + s.signer().issuerCode() + ", but iss was: " + iss);
    }
    Cose.checkCertificate(s.signer().certificate(), s.kid(), now);
    Cose.checkWindow("status list", iat, exp, now);
    return new Verified(fromCompressed(lst), iss, sub, iat, exp);
  }

  private void check(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException("status list index must be 0 to " + (size() - 1) + ", but was: " + index);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StatusList other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "StatusList[size=" + size() + ", revoked=" + revokedCount() + "]";
  }
}
