package org.certhub.signer.qr;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.certhub.signer.SignerException;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.licence.Licence;
import org.certhub.signer.licence.LicenceId;
import org.certhub.signer.licence.LicenceType;
import org.certhub.signer.licence.SignedLicence;

/**
 * Makes the QR presentation of a licence: claims as deterministic CBOR, a COSE_Sign1 by the issuer's
 * key, the holder's chosen disclosures beside the signature, zlib when it helps, Base45, {@code CH1:}.
 * The layout is in the package documentation.
 */
public final class QrPresentations {

  /** The default lifetime of a presentation: short, so a screenshot is worth little. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

  // CWT claim keys (RFC 8392 §4, RFC 9711 §4.1 for nonce) and our private-use claim. No iss: the
  // issuer code is inside the licence id.
  static final long EXP = 4;
  static final long IAT = 6;
  static final long NONCE = 10;
  static final long LICENCE = -65537;
  // Keys inside the LICENCE claim.
  static final long L_ID = 1;
  static final long L_HOLDER_NAME = 2;
  static final long L_STATUS_INDEX = 3;
  static final long L_COMMITMENT = 4;
  // COSE header labels (RFC 9052 §3.1) and our private-use label for disclosures.
  static final long H_ALG = 1;
  static final long H_KID = 4;
  static final long H_DISCLOSURES = -65537;
  static final long COSE_SIGN1_TAG = 18;

  static final int NONCE_BYTES = 8;
  static final int DIGEST_BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private QrPresentations() {}

  /**
   * Makes a presentation valid for {@link #DEFAULT_LIFETIME}.
   *
   * @see #make(Licence, LicenceType, KeyHandle, Set, Instant, Duration, int)
   */
  public static String make(Licence licence, LicenceType type, KeyHandle key, Set<String> disclosedFields, Instant now,
      int statusIndex) throws SignerException {
    return make(licence, type, key, disclosedFields, now, DEFAULT_LIFETIME, statusIndex);
  }

  /**
   * Makes a presentation of a signed licence (its JSON signature is not carried: the COSE signature
   * replaces it).
   *
   * @see #make(Licence, LicenceType, KeyHandle, Set, Instant, Duration, int)
   */
  public static String make(SignedLicence licence, LicenceType type, KeyHandle key, Set<String> disclosedFields,
      Instant now, Duration lifetime, int statusIndex) throws SignerException {
    return make(Objects.requireNonNull(licence, "licence").licence(), type, key, disclosedFields, now, lifetime,
        statusIndex);
  }

  /**
   * Makes a presentation. Every entry of {@link Licence#fields()} gets a salted digest, named by the
   * field's index in {@code type}, and the signed claims commit to all of them; only {@code
   * disclosedFields} travel in clear, the others as their digests.
   *
   * @param licence the licence
   * @param type the licence's type, whose field order gives the indexes (verifiers read it from the
   *     trust list)
   * @param key the issuer's signing key; its leaf certificate names the {@code kid}
   * @param disclosedFields names of fields to show, each a key of {@link Licence#fields()}
   * @param now the issue time ({@code iat})
   * @param lifetime time until {@code exp}, positive
   * @param statusIndex the licence's index in the issuer's status list, non-negative
   * @return the text to put in a QR code, {@code CH1:} then Base45
   * @throws SignerException if the key fails to sign
   * @throws IllegalArgumentException if the type is not the licence's, lacks one of its fields or has
   *     more than 64 fields, a disclosed field is not in the licence, the key has no certificate, or lifetime or status index
   *     are out of range
   */
  public static String make(Licence licence, LicenceType type, KeyHandle key, Set<String> disclosedFields,
      Instant now, Duration lifetime, int statusIndex) throws SignerException {
    Objects.requireNonNull(licence, "licence");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(lifetime, "lifetime");
    for (String f : Objects.requireNonNull(disclosedFields, "disclosedFields")) {
      if (!licence.fields().containsKey(f)) {
        throw new IllegalArgumentException("disclosedFields must be fields of the licence " + licence.fields().keySet()
            + ", but included: \"" + f + "\"");
      }
    }
    if (!type.code().equals(licence.typeCode())) {
      throw new IllegalArgumentException("type must be the licence's " + licence.typeCode() + ", but was: " + type.code());
    }
    for (String f : licence.fields().keySet()) {
      if (type.field(f).isEmpty()) {
        throw new IllegalArgumentException("licence fields must be fields of type " + type.code() + ", but included: \""
            + f + "\"");
      }
    }
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("lifetime must be positive, but was: " + lifetime);
    }
    if (statusIndex < 0) {
      throw new IllegalArgumentException("statusIndex must be non-negative, but was: " + statusIndex);
    }
    if (key.chain().isEmpty()) {
      throw new IllegalArgumentException("key must have a certificate (the kid is its hash), but had none");
    }
    if (type.fields().size() > SaltTree.LEAVES) {
      throw new IllegalArgumentException("type must have at most " + SaltTree.LEAVES + " fields to be presented, but "
          + type.code() + " has " + type.fields().size());
    }

    // Each field's digest by its index in the type, salted with its leaf of a fresh salt tree; only the
    // commitment to all of them is signed, so the disclosed ones are recomputed from the values and the
    // subtree seeds, and only the undisclosed ones travel as digests.
    byte[] root = random(SaltTree.SEED_BYTES);
    List<byte[]> salts = SaltTree.first(root, type.fields().size());
    Map<Object, Object> digests = new TreeMap<>();
    Map<Object, Object> disclosed = new TreeMap<>();
    Map<Object, Object> undisclosed = new TreeMap<>();
    SortedSet<Integer> disclosedIndexes = new TreeSet<>();
    for (int i = 0; i < type.fields().size(); i++) {
      String name = type.fields().get(i).name();
      String value = licence.fields().get(name);
      if (value == null) {
        continue;
      }
      byte[] digest = digest(salts.get(i), i, value);
      digests.put((long) i, digest);
      if (disclosedFields.contains(name)) {
        disclosed.put((long) i, value);
        disclosedIndexes.add(i);
      } else {
        undisclosed.put((long) i, digest);
      }
    }
    ByteArrayOutputStream seeds = new ByteArrayOutputStream();
    for (SaltTree.Node node : SaltTree.cover(disclosedIndexes)) {
      seeds.writeBytes(SaltTree.seed(root, node));
    }

    Map<Object, Object> lic = new TreeMap<>();
    LicenceId id = licence.id();
    // The components only: the verifier recomputes the check character, and type and issuer are in it.
    lic.put(L_ID, List.of(id.typeCode(), id.issuerCode(), id.serial(), (long) id.version()));
    lic.put(L_HOLDER_NAME, holderName(licence, type, disclosedFields));
    lic.put(L_STATUS_INDEX, (long) statusIndex);
    lic.put(L_COMMITMENT, commitment(digests));
    Map<Object, Object> claims = new TreeMap<>();
    claims.put(EXP, now.plus(lifetime).getEpochSecond());
    claims.put(IAT, now.getEpochSecond());
    claims.put(NONCE, random(NONCE_BYTES));
    claims.put(LICENCE, lic);
    byte[] payload = Cbor.encode(claims);

    Map<Object, Object> unprotected = new TreeMap<>();
    unprotected.put(H_DISCLOSURES, List.of(disclosed, seeds.toByteArray(), undisclosed));
    byte[] cose = Cose.sign1(key, null, payload, unprotected);
    return Envelope.wrap(cose);
  }

  /** A field's digest: SHA-256 of the deterministic CBOR {@code [salt, index, value]}. */
  static byte[] digest(byte[] salt, long index, String value) {
    return sha256(Cbor.encode(List.of(salt, index, value)));
  }

  /**
   * The holder's name, or the index of the first disclosed field whose value it is (the name then
   * travels once). That field can then not be withheld: the verifier requires it to be disclosed.
   */
  private static Object holderName(Licence licence, LicenceType type, Set<String> disclosedFields) {
    String name = licence.holder().name();
    for (int i = 0; i < type.fields().size(); i++) {
      String field = type.fields().get(i).name();
      if (disclosedFields.contains(field) && name.equals(licence.fields().get(field))) {
        return (long) i;
      }
    }
    return name;
  }

  /** The signed commitment: SHA-256 of the deterministic CBOR map position to digest, all fields. */
  static byte[] commitment(Map<Object, Object> digests) {
    return sha256(Cbor.encode(digests));
  }

  /** RFC 9052 §4.4 Sig_structure for COSE_Sign1, with empty external AAD. */
  static byte[] sigStructure(byte[] protectedBytes, byte[] payload) {
    return Cbor.encode(List.of("Signature1", protectedBytes, new byte[0], payload));
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JRE", e);
    }
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
