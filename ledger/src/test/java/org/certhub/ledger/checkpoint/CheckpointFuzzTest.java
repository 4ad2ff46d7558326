package org.certhub.ledger.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.certhub.ledger.LedgerVerificationException;

/**
 * Checkpoints and signed notes on arbitrary text (issue 9, "Hostile input"): {@link Checkpoint#parse},
 * {@link CheckpointVerifier#verify} and {@link NoteVerifier#fromVerifierKey} return or throw
 * {@link CheckpointFormatException} / {@link LedgerVerificationException}, nothing else. A parsed checkpoint prints
 * back to the same text, and signed with our {@link NoteSigner} it verifies to the same checkpoint.
 */
class CheckpointFuzzTest {
  private static final String ORIGIN = "certhub.example/log";
  private static final NoteSigner SIGNER = TestKeys.freshSigner("certhub.example/log");
  private static final NoteVerifier VERIFIER = verifier();

  @FuzzTest(maxDuration = "20s")
  void parse(byte[] data) throws Exception {
    String text = new String(data, StandardCharsets.UTF_8);
    try {
      VerifiedCheckpoint v = CheckpointVerifier.verify(text, VERIFIER, ORIGIN);
      assertThat(v.checkpoint().origin()).isEqualTo(ORIGIN);
    } catch (CheckpointFormatException | LedgerVerificationException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
    try {
      NoteVerifier.fromVerifierKey(text);
    } catch (CheckpointFormatException e) {
      assertThat(e.getMessage()).startsWith("verifier key");
    }
    Checkpoint cp;
    try {
      cp = Checkpoint.parse(text);
    } catch (CheckpointFormatException e) {
      assertThat(e.getMessage()).startsWith("checkpoint");
      return;
    }
    assertThat(cp.body()).isEqualTo(text);
    assertThat(Checkpoint.parse(cp.body())).isEqualTo(cp);
    Checkpoint signed = new Checkpoint(ORIGIN, cp.size(), cp.rootHash());
    assertThat(CheckpointVerifier.verify(SIGNER.sign(signed.body()), VERIFIER, ORIGIN).checkpoint()).isEqualTo(signed);
  }

  private static NoteVerifier verifier() {
    try {
      return NoteVerifier.fromVerifierKey(SIGNER.verifierKey());
    } catch (CheckpointFormatException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the committed seeds: checkpoints and signed notes from {@link NoteSigner}, plus malformed ones. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of("src/test/resources/org/certhub/ledger/checkpoint/CheckpointFuzzTestInputs/parse");
    Files.createDirectories(dir);
    String body = new Checkpoint(ORIGIN, 1234, new byte[32]).body();
    Files.writeString(dir.resolve("checkpoint"), body);
    Files.writeString(dir.resolve("signed-note"), SIGNER.sign(body));
    Files.writeString(dir.resolve("signed-note-peter"), TestKeys.PETER_SIGNED);
    Files.writeString(dir.resolve("verifier-key"), SIGNER.verifierKey());
    Files.writeString(dir.resolve("size-leading-zero"), ORIGIN + "\n0123\n" + Base64.getEncoder().encodeToString(new byte[32]) + "\n");
    Files.writeString(dir.resolve("size-overflow"), ORIGIN + "\n99999999999999999999\n" + Base64.getEncoder().encodeToString(new byte[32]) + "\n");
    Files.writeString(dir.resolve("extension-line"), body + "extra\n");
    Files.writeString(dir.resolve("many-signatures"), body + "\n" + "\u2014 x AAAAAAA=\n".repeat(150));
  }
}
