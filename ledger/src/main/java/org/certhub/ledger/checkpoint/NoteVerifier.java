package org.certhub.ledger.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.certhub.ledger.LedgerVerificationException;

/**
 * Verifies C2SP signed notes (c2sp.org/signed-note) against one trusted Ed25519 key.
 *
 * <p>Rules applied by {@link #verify(String)}:
 *
 * <ul>
 *   <li>The note must have no control characters other than newline, end in a newline, and have a
 *       blank line separating the text from one or more signature lines (split at the last blank
 *       line). At most {@value #MAX_SIGNATURES} signature lines are accepted.
 *   <li>Each signature line is exactly {@code "— <name> <base64>\n"} with U+2014 EM DASH; the
 *       base64 decodes to a 4-byte key ID followed by the signature.
 *   <li>Signature lines from other keys (a different name or key ID) are ignored.
 *   <li>Every signature line with this key's name and key ID must verify; one failure rejects the
 *       note.
 *   <li>At least one signature line must come from this key.
 * </ul>
 *
 * <p>Thread-safe and immutable.
 */
public final class NoteVerifier {

  /** The most signature lines a note may carry (the specification requires at least 16). */
  public static final int MAX_SIGNATURES = 100;

  private final String keyName;
  private final int keyId;
  private final PublicKey publicKey;

  private NoteVerifier(String keyName, int keyId, PublicKey publicKey) {
    this.keyName = keyName;
    this.keyId = keyId;
    this.publicKey = publicKey;
  }

  /**
   * Parses a C2SP verifier key {@code <name>+<hex keyID>+<base64(0x01 || 32-byte public key)>}.
   *
   * @param vkey the verifier key string
   * @return a verifier trusting exactly that key
   * @throws CheckpointFormatException if the string is malformed, the type is not Ed25519 (0x01),
   *     the key has the wrong length, or the key ID does not match the name and key
   */
  public static NoteVerifier fromVerifierKey(String vkey) throws CheckpointFormatException {
    Objects.requireNonNull(vkey, "vkey");
    String[] parts = vkey.split("\\+", 3);
    if (parts.length != 3) {
      throw new CheckpointFormatException(
          "verifier key must be <name>+<hex key ID>+<base64 key>, but was: " + Notes.quote(vkey));
    }
    String name = parts[0];
    String problem = Notes.nameProblem(name);
    if (problem != null) {
      throw new CheckpointFormatException(
          "verifier key name must be non-empty without whitespace or '+', but was: " + problem);
    }
    if (!parts[1].matches("[0-9a-f]{8}")) {
      throw new CheckpointFormatException(
          "verifier key ID must be 8 lowercase hex digits, but was: " + Notes.quote(parts[1]));
    }
    int claimedId = Integer.parseUnsignedInt(parts[1], 16);
    byte[] typed;
    try {
      typed = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new CheckpointFormatException(
          "verifier key must be base64, but was: " + Notes.quote(parts[2]));
    }
    if (typed.length == 0 || typed[0] != Notes.ED25519_TYPE) {
      throw new CheckpointFormatException(
          "verifier key type must be 0x01 (Ed25519), but was: "
              + (typed.length == 0 ? "empty" : String.format("0x%02x", typed[0] & 0xff)));
    }
    if (typed.length != 33) {
      throw new CheckpointFormatException(
          "verifier key length must be 33 bytes (type and 32-byte Ed25519 key), but was: "
              + typed.length);
    }
    byte[] raw = Arrays.copyOfRange(typed, 1, 33);
    int computedId = Notes.keyId(name, Notes.ED25519_TYPE, raw);
    if (computedId != claimedId) {
      throw new CheckpointFormatException(
          "verifier key ID must be " + Notes.hexId(computedId) + " (computed from name and key),"
              + " but was: " + parts[1]);
    }
    PublicKey publicKey;
    try {
      byte[] spki = new byte[Notes.ED25519_SPKI_PREFIX.length + 32];
      System.arraycopy(Notes.ED25519_SPKI_PREFIX, 0, spki, 0, Notes.ED25519_SPKI_PREFIX.length);
      System.arraycopy(raw, 0, spki, Notes.ED25519_SPKI_PREFIX.length, 32);
      publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new CheckpointFormatException(
          "verifier key must be a valid Ed25519 public key, but was rejected: " + e.getMessage());
    }
    return new NoteVerifier(name, computedId, publicKey);
  }

  /**
   * Verifies a signed note and returns its text.
   *
   * @param signedNote the signed note
   * @return the verified note text, ending in a newline (without the blank line and signatures)
   * @throws CheckpointFormatException if the note is malformed (see the class documentation)
   * @throws LedgerVerificationException if no signature line comes from this key, or one that
   *     does fails to verify
   */
  public String verify(String signedNote)
      throws CheckpointFormatException, LedgerVerificationException {
    Objects.requireNonNull(signedNote, "signedNote");
    int control = Notes.firstControl(signedNote);
    if (control >= 0) {
      throw new CheckpointFormatException(
          String.format(
              "signed note must not contain control characters other than newline, but was:"
                  + " U+%04X at index %d",
              (int) signedNote.charAt(control),
              control));
    }
    if (!signedNote.endsWith("\n")) {
      throw new CheckpointFormatException(
          "signed note must end with a newline, but was: no final newline");
    }
    int split = signedNote.lastIndexOf("\n\n");
    if (split < 0) {
      throw new CheckpointFormatException(
          "signed note must have a blank line before its signatures, but was: no blank line");
    }
    String text = signedNote.substring(0, split + 1);
    String block = signedNote.substring(split + 2);
    if (block.isEmpty()) {
      throw new CheckpointFormatException(
          "signed note must have at least one signature line, but was: none");
    }
    String[] lines = block.substring(0, block.length() - 1).split("\n", -1);
    if (lines.length > MAX_SIGNATURES) {
      throw new CheckpointFormatException(
          "signed note must have at most " + MAX_SIGNATURES + " signature lines, but was: "
              + lines.length);
    }
    byte[] message = text.getBytes(StandardCharsets.UTF_8);
    boolean verified = false;
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String where = "signature line " + (i + 1);
      String line = lines[i];
      if (!line.startsWith(Notes.EM_DASH_SPACE)) {
        throw new CheckpointFormatException(
            where + " must start with \"\u2014 \" (U+2014 EM DASH, space), but was: "
                + Notes.quote(line));
      }
      String rest = line.substring(Notes.EM_DASH_SPACE.length());
      int space = rest.indexOf(' ');
      if (space <= 0 || rest.indexOf(' ', space + 1) >= 0) {
        throw new CheckpointFormatException(
            where + " must be \"\u2014 <name> <base64>\", but was: " + Notes.quote(line));
      }
      String name = rest.substring(0, space);
      byte[] blob;
      try {
        blob = Base64.getDecoder().decode(rest.substring(space + 1));
      } catch (IllegalArgumentException e) {
        throw new CheckpointFormatException(
            where + " signature must be base64, but was: "
                + Notes.quote(rest.substring(space + 1)));
      }
      if (blob.length < 5) {
        throw new CheckpointFormatException(
            where + " signature must be at least 5 bytes (key ID and signature), but was: "
                + blob.length + " bytes");
      }
      int id = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8)
          | (blob[3] & 0xff);
      seen.add(name + "+" + Notes.hexId(id));
      if (!name.equals(keyName) || id != keyId) {
        continue; // unknown key: ignored, as the specification requires
      }
      byte[] sig = Arrays.copyOfRange(blob, 4, blob.length);
      if (!verifySignature(message, sig)) {
        throw new LedgerVerificationException(
            where + " from " + keyName + "+" + Notes.hexId(keyId)
                + " must be a valid Ed25519 signature of the note text, but was: invalid");
      }
      verified = true;
    }
    if (!verified) {
      throw new LedgerVerificationException(
          "signed note must carry a signature from " + keyName + "+" + Notes.hexId(keyId)
              + ", but was signed by: " + Notes.quote(String.join(", ", seen)));
    }
    return text;
  }

  private boolean verifySignature(byte[] message, byte[] sig) {
    if (sig.length != 64) {
      return false;
    }
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(publicKey);
      s.update(message);
      return s.verify(sig);
    } catch (GeneralSecurityException e) {
      // A signature the provider cannot even parse is not a valid signature.
      return false;
    }
  }

  /**
   * Returns the trusted key's name.
   *
   * @return the key name
   */
  public String keyName() {
    return keyName;
  }

  /**
   * Returns the trusted key's ID.
   *
   * @return the key ID
   */
  public int keyId() {
    return keyId;
  }

  @Override
  public String toString() {
    return "NoteVerifier[" + keyName + "+" + Notes.hexId(keyId) + ", Ed25519]";
  }
}
