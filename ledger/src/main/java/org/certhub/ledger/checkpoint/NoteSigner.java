package org.certhub.ledger.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.certhub.ledger.LedgerFailureException;

/**
 * Signs C2SP signed notes (c2sp.org/signed-note) with one Ed25519 key (signature type 0x01).
 *
 * <p>The key fixes the algorithm: there is no way to sign with anything but Ed25519, and the key
 * name and key ID are bound at construction. The private key is used only through {@code
 * Signature.getInstance("Ed25519").initSign(privateKey)}, so it may be a handle to a hardware
 * token; its bytes are never read.
 *
 * <p>Thread-safe: each signature uses a fresh {@link Signature}.
 */
public final class NoteSigner {

  private final String keyName;
  private final byte[] publicKey;
  private final PrivateKey privateKey;
  private final int keyId;

  private final List<Cosigner> cosigners = new java.util.ArrayList<>();

  /**
   * A second signer of every checkpoint with an algorithm the ledger itself does not implement (SM2 for GM
   * deployments). Its signature line uses note signature type {@code 0xff} ("longer identifier
   * follows"): the key ID is {@code SHA-256(name || 0x0A || 0xff || identifier || 0x0A || SPKI DER)[:4]}
   * and its verifier key is {@code <name>+<hex key ID>+<base64(0xff || identifier || 0x0A || SPKI DER)>},
   * e.g. identifier {@code SM2-SM3} with the SM2 public key's SubjectPublicKeyInfo. Verifiers that do not
   * know the key ignore the line (c2sp.org/signed-note), so Ed25519-only tools keep working.
   *
   * @param keyName the cosigner's key name
   * @param identifier the algorithm identifier after 0xff, e.g. {@code SM2-SM3}
   * @param spki the public key's DER SubjectPublicKeyInfo
   * @param sign signs the note text's UTF-8 bytes
   */
  public record Cosigner(String keyName, String identifier, byte[] spki, java.util.function.Function<byte[], byte[]> sign) {
    /** The typed key bytes: 0xff, the identifier, a newline, the SPKI. */
    public byte[] typedKey() {
      byte[] id = identifier.getBytes(StandardCharsets.UTF_8);
      byte[] out = new byte[1 + id.length + 1 + spki.length];
      out[0] = (byte) 0xff;
      System.arraycopy(id, 0, out, 1, id.length);
      out[1 + id.length] = '\n';
      System.arraycopy(spki, 0, out, 2 + id.length, spki.length);
      return out;
    }

    /** The key ID per the scheme above. */
    public int keyId() {
      byte[] typed = typedKey();
      return Notes.keyId(keyName, typed[0], java.util.Arrays.copyOfRange(typed, 1, typed.length));
    }

    /** The C2SP verifier key string. */
    public String verifierKey() {
      return keyName + "+" + Notes.hexId(keyId()) + "+" + Base64.getEncoder().encodeToString(typedKey());
    }
  }

  /** This signer, with {@code cosigner} adding a second signature line to every note. */
  public NoteSigner withCosigner(Cosigner cosigner) {
    String problem = Notes.nameProblem(cosigner.keyName());
    if (problem != null) {
      throw new IllegalArgumentException("cosigner keyName must be a valid note key name, but was: " + problem);
    }
    NoteSigner copy = new NoteSigner(keyName, publicKey, privateKey);
    copy.cosigners.addAll(cosigners);
    copy.cosigners.add(cosigner);
    return copy;
  }

  private NoteSigner(String keyName, byte[] publicKey, PrivateKey privateKey) {
    this.keyName = keyName;
    this.publicKey = publicKey;
    this.privateKey = privateKey;
    this.keyId = Notes.keyId(keyName, Notes.ED25519_TYPE, publicKey);
  }

  /**
   * Creates a signer for an Ed25519 key pair.
   *
   * <p>The 32 raw public-key bytes are taken from the 44-byte X.509 SubjectPublicKeyInfo encoding
   * of {@code publicKey} (RFC 8410). To catch a private key that does not belong to the public key
   * (which would publish checkpoints nobody can verify), a probe message is signed and verified
   * once here.
   *
   * @param keyName the key name, conventionally the log origin; non-empty, no whitespace, no
   *     {@code '+'}
   * @param publicKey the Ed25519 public key
   * @param privateKey the matching private key, possibly a hardware handle
   * @return the signer
   * @throws IllegalArgumentException if the name is invalid, the public key is not Ed25519, the
   *     private key cannot be used for Ed25519 signing, or the two keys do not match
   * @throws LedgerFailureException if the probe signature fails for another reason (for example a
   *     hardware token error)
   */
  public static NoteSigner ed25519(String keyName, PublicKey publicKey, PrivateKey privateKey) {
    Objects.requireNonNull(keyName, "keyName");
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(privateKey, "privateKey");
    String problem = Notes.nameProblem(keyName);
    if (problem != null) {
      throw new IllegalArgumentException(
          "keyName must be non-empty without whitespace or '+', but was: " + problem);
    }
    byte[] raw = rawEd25519(publicKey);
    NoteSigner signer = new NoteSigner(keyName, raw, privateKey);
    byte[] probe = ("certhub note signer key check\n" + keyName + "\n")
        .getBytes(StandardCharsets.UTF_8);
    byte[] sig = signer.signBytes(probe);
    try {
      Signature v = Signature.getInstance("Ed25519");
      v.initVerify(publicKey);
      v.update(probe);
      if (!v.verify(sig)) {
        throw new IllegalArgumentException(
            "privateKey must match publicKey of " + keyName + ", but was: a different key");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("publicKey must be usable for Ed25519: " + e, e);
    }
    return signer;
  }

  /**
   * Signs a note text and returns the signed note: the text, a blank line, and the signature line
   * {@code "— <name> <base64(keyID || signature)>\n"} (U+2014 EM DASH).
   *
   * @param noteText the text to sign: non-empty, ending in {@code '\n'}, no control characters
   *     other than newline, no blank line at its end
   * @return the signed note
   * @throws IllegalArgumentException if the text breaks these rules
   * @throws LedgerFailureException if the private key fails to sign (for example a hardware token
   *     error); the cause is the {@link GeneralSecurityException}
   */
  public String sign(String noteText) {
    Objects.requireNonNull(noteText, "noteText");
    if (noteText.isEmpty() || !noteText.endsWith("\n")) {
      throw new IllegalArgumentException(
          "noteText must end with a newline, but was: " + Notes.quote(noteText));
    }
    if (noteText.endsWith("\n\n") || noteText.equals("\n")) {
      throw new IllegalArgumentException(
          "noteText must not end with a blank line, but was: " + Notes.quote(noteText));
    }
    int control = Notes.firstControl(noteText);
    if (control >= 0) {
      throw new IllegalArgumentException(
          String.format(
              "noteText must not contain control characters, but was: U+%04X at index %d",
              (int) noteText.charAt(control),
              control));
    }
    byte[] sig = signBytes(noteText.getBytes(StandardCharsets.UTF_8));
    byte[] blob = new byte[4 + sig.length];
    blob[0] = (byte) (keyId >>> 24);
    blob[1] = (byte) (keyId >>> 16);
    blob[2] = (byte) (keyId >>> 8);
    blob[3] = (byte) keyId;
    System.arraycopy(sig, 0, blob, 4, sig.length);
    StringBuilder out = new StringBuilder(noteText).append('\n').append(Notes.EM_DASH_SPACE).append(keyName).append(' ')
        .append(Base64.getEncoder().encodeToString(blob)).append('\n');
    for (Cosigner c : cosigners) {
      byte[] cs = c.sign().apply(noteText.getBytes(StandardCharsets.UTF_8));
      int id = c.keyId();
      byte[] b = new byte[4 + cs.length];
      b[0] = (byte) (id >>> 24);
      b[1] = (byte) (id >>> 16);
      b[2] = (byte) (id >>> 8);
      b[3] = (byte) id;
      System.arraycopy(cs, 0, b, 4, cs.length);
      out.append(Notes.EM_DASH_SPACE).append(c.keyName()).append(' ').append(Base64.getEncoder().encodeToString(b)).append('\n');
    }
    return out.toString();
  }

  /**
   * Returns the C2SP verifier key: {@code <name>+<hex keyID>+<base64(0x01 || public key)>}.
   *
   * @return the verifier key string, suitable for {@link NoteVerifier#fromVerifierKey(String)}
   */
  public String verifierKey() {
    byte[] typed = new byte[1 + publicKey.length];
    typed[0] = Notes.ED25519_TYPE;
    System.arraycopy(publicKey, 0, typed, 1, publicKey.length);
    return keyName + "+" + Notes.hexId(keyId) + "+" + Base64.getEncoder().encodeToString(typed);
  }

  /**
   * Returns the key ID: the first four bytes, big-endian, of {@code SHA-256(name || 0x0A || 0x01
   * || public key)}.
   *
   * @return the key ID
   */
  public int keyId() {
    return keyId;
  }

  /**
   * Returns the key name.
   *
   * @return the name used in signature lines
   */
  public String keyName() {
    return keyName;
  }

  private byte[] signBytes(byte[] message) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(privateKey);
      s.update(message);
      return s.sign();
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException("privateKey must be an Ed25519 signing key: " + e, e);
    } catch (GeneralSecurityException e) {
      throw new LedgerFailureException("cannot sign a note with key " + keyName, e);
    }
  }

  static byte[] rawEd25519(PublicKey publicKey) {
    byte[] spki = publicKey.getEncoded();
    if (spki == null
        || spki.length != Notes.ED25519_SPKI_PREFIX.length + 32
        || !Arrays.equals(
            spki, 0, Notes.ED25519_SPKI_PREFIX.length,
            Notes.ED25519_SPKI_PREFIX, 0, Notes.ED25519_SPKI_PREFIX.length)) {
      throw new IllegalArgumentException(
          "publicKey must be an Ed25519 key with a 44-byte X.509 encoding, but was: "
              + publicKey.getAlgorithm() + " with "
              + (spki == null ? "no encoding" : spki.length + " bytes"));
    }
    return Arrays.copyOfRange(spki, Notes.ED25519_SPKI_PREFIX.length, spki.length);
  }

  @Override
  public String toString() {
    return "NoteSigner[" + keyName + "+" + Notes.hexId(keyId) + ", Ed25519]";
  }
}
