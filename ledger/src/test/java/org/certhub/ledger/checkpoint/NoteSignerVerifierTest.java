package org.certhub.ledger.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import org.certhub.ledger.LedgerVerificationException;
import org.junit.jupiter.api.Test;

class NoteSignerVerifierTest {

  @Test
  void verify_goSumdbNoteExample_returnsText() throws Exception {
    NoteVerifier v = NoteVerifier.fromVerifierKey(TestKeys.PETER_VKEY);
    assertThat(v.verify(TestKeys.PETER_SIGNED)).isEqualTo(TestKeys.PETER_TEXT);
    assertThat(v.keyId()).isEqualTo(0xc74f20a3);
    assertThat(v.keyName()).isEqualTo("PeterNeumann");
  }

  @Test
  void sign_goSumdbNoteExampleKey_reproducesGoSignedNoteAndKeyId() {
    NoteSigner signer = TestKeys.peterSigner();
    assertThat(signer.keyId()).isEqualTo(0xc74f20a3);
    assertThat(signer.verifierKey()).isEqualTo(TestKeys.PETER_VKEY);
    // Ed25519 is deterministic, so our output must equal the Go package's byte for byte.
    assertThat(signer.sign(TestKeys.PETER_TEXT)).isEqualTo(TestKeys.PETER_SIGNED);
  }

  @Test
  void verify_ownSignature_roundTrips() throws Exception {
    NoteSigner signer = TestKeys.freshSigner("log.example/a");
    String signed = signer.sign("hello\nworld\n");
    assertThat(NoteVerifier.fromVerifierKey(signer.verifierKey()).verify(signed))
        .isEqualTo("hello\nworld\n");
  }

  @Test
  void verify_unknownExtraSignature_isIgnored() throws Exception {
    NoteSigner other = TestKeys.freshSigner("witness.example/w1");
    String cosigned = TestKeys.PETER_SIGNED
        + other.sign(TestKeys.PETER_TEXT).substring(TestKeys.PETER_TEXT.length() + 1);
    assertThat(NoteVerifier.fromVerifierKey(TestKeys.PETER_VKEY).verify(cosigned))
        .isEqualTo(TestKeys.PETER_TEXT);
  }

  @Test
  void verify_anySingleBitFlipInSignatureBytes_isRejected() throws Exception {
    NoteVerifier v = NoteVerifier.fromVerifierKey(TestKeys.PETER_VKEY);
    String prefix = TestKeys.PETER_TEXT + "\n\u2014 PeterNeumann ";
    byte[] blob = java.util.Base64.getDecoder().decode(
        TestKeys.PETER_SIGNED.substring(prefix.length(), TestKeys.PETER_SIGNED.length() - 1));
    for (int bit = 0; bit < blob.length * 8; bit++) {
      byte[] bad = blob.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      String note = prefix + java.util.Base64.getEncoder().encodeToString(bad) + "\n";
      // Flips in the key ID make the line "unknown" (so no signature from this key); flips in the
      // signature make it invalid. Both are verification failures.
      assertThatThrownBy(() -> v.verify(note))
          .as("bit %d", bit)
          .isInstanceOf(LedgerVerificationException.class);
    }
  }

  @Test
  void fromVerifierKey_wrongKeyId_throwsFormatException() {
    assertThatThrownBy(
            () ->
                NoteVerifier.fromVerifierKey(
                    "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
        .isInstanceOf(CheckpointFormatException.class)
        .hasMessage(
            "verifier key ID must be c74f20a3 (computed from name and key), but was: c74f20a4");
  }

  @Test
  void fromVerifierKey_wrongType_throwsFormatException() {
    assertThatThrownBy(
            () ->
                NoteVerifier.fromVerifierKey(
                    "PeterNeumann+c74f20a3+AhpC2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
        .isInstanceOf(CheckpointFormatException.class)
        .hasMessage("verifier key type must be 0x01 (Ed25519), but was: 0x02");
  }

  @Test
  void fromVerifierKey_missingField_throwsFormatException() {
    assertThatThrownBy(() -> NoteVerifier.fromVerifierKey("PeterNeumann+c74f20a3"))
        .isInstanceOf(CheckpointFormatException.class)
        .hasMessage(
            "verifier key must be <name>+<hex key ID>+<base64 key>, but was: \"PeterNeumann+c74f20a3\"");
  }

  @Test
  void ed25519_mismatchedKeyPair_throwsIllegalArgument() {
    KeyPair a = TestKeys.fresh();
    KeyPair b = TestKeys.fresh();
    assertThatThrownBy(() -> NoteSigner.ed25519("log.example", a.getPublic(), b.getPrivate()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("privateKey must match publicKey of log.example, but was: a different key");
  }

  @Test
  void ed25519_nameWithPlus_throwsIllegalArgument() {
    KeyPair a = TestKeys.fresh();
    assertThatThrownBy(() -> NoteSigner.ed25519("a+b", a.getPublic(), a.getPrivate()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "keyName must be non-empty without whitespace or '+', but was: containing U+002B at index 1");
  }

  @Test
  void sign_textWithoutFinalNewline_throwsIllegalArgument() {
    assertThatThrownBy(() -> TestKeys.peterSigner().sign("no newline"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("noteText must end with a newline, but was: \"no newline\"");
  }
}
