package org.certhub.ledger.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * A second signature line of type 0xff. The hub's cosigner is SM2 (Bouncy Castle, outside this library);
 * JDK ECDSA P-256 stands in for it here, since the ledger library has no SM2.
 */
class CosignerTest {

  @Test
  void cosignedNote_keepsVerifyingWithTheEd25519Key_andTheSecondLineVerifiesWithItsOwnKey() throws Exception {
    String origin = "ledger.certhub.example/cosigned";
    NoteSigner primary = TestKeys.freshSigner(origin);
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair kp = g.generateKeyPair();
    NoteSigner.Cosigner cosigner =
        new NoteSigner.Cosigner("certhub.local/ledger-ecdsa", "ECDSA-P256-SHA256", kp.getPublic().getEncoded(), msg -> {
          try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(kp.getPrivate());
            s.update(msg);
            return s.sign();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    String text = new Checkpoint(origin, 3, new byte[32]).body();
    String note = primary.withCosigner(cosigner).sign(text);
    String[] lines = note.split("\n");
    assertThat(lines[lines.length - 1]).startsWith("\u2014 certhub.local/ledger-ecdsa ");
    assertThat(NoteVerifier.fromVerifierKey(primary.verifierKey()).verify(note)).isEqualTo(text);

    byte[] blob = Base64.getDecoder().decode(lines[lines.length - 1].substring(lines[lines.length - 1].lastIndexOf(' ') + 1));
    int keyId = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
    assertThat(keyId).isEqualTo(cosigner.keyId());
    // Key ID = SHA-256(name || 0x0A || 0xff || identifier || 0x0A || SPKI)[:4], recomputed independently.
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    md.update("certhub.local/ledger-ecdsa\n".getBytes(StandardCharsets.UTF_8));
    md.update((byte) 0xff);
    md.update("ECDSA-P256-SHA256\n".getBytes(StandardCharsets.UTF_8));
    md.update(kp.getPublic().getEncoded());
    byte[] h = md.digest();
    assertThat(keyId).isEqualTo(((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff));
    Signature v = Signature.getInstance("SHA256withECDSA");
    v.initVerify(kp.getPublic());
    v.update(text.getBytes(StandardCharsets.UTF_8));
    assertThat(v.verify(Arrays.copyOfRange(blob, 4, blob.length))).isTrue();
    assertThat(cosigner.verifierKey()).startsWith("certhub.local/ledger-ecdsa+" + Notes.hexId(keyId) + "+/0VDRFNB");
  }
}
