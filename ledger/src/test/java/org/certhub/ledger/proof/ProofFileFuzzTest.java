package org.certhub.ledger.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.certhub.ledger.LedgerVerificationException;
import org.certhub.ledger.checkpoint.Checkpoint;
import org.certhub.ledger.checkpoint.CheckpointFormatException;
import org.certhub.ledger.checkpoint.NoteSigner;
import org.certhub.ledger.checkpoint.NoteVerifier;
import org.certhub.ledger.checkpoint.TestKeys;
import org.certhub.ledger.tree.Hasher;
import org.certhub.ledger.tree.MerkleTree;

/**
 * C2SP tlog-proof files on arbitrary text (issue 9, "Hostile input"): {@link ProofFile#parse} and
 * {@link ProofFile#verify} return or throw {@link LedgerVerificationException} naming the line, nothing else; a
 * parsed proof prints back to text that parses to the same proof.
 */
class ProofFileFuzzTest {
  private static final String ORIGIN = "certhub.example/log";
  private static final NoteSigner SIGNER = TestKeys.freshSigner(ORIGIN);
  private static final NoteVerifier VERIFIER = verifier();
  private static final byte[] ENTRY = entry(5);

  @FuzzTest(maxDuration = "20s")
  void parse(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    try {
      Checkpoint cp = ProofFile.verify(text, VERIFIER, ORIGIN, ENTRY);
      assertThat(cp.origin()).isEqualTo(ORIGIN);
    } catch (LedgerVerificationException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
    ProofFile p;
    try {
      p = ProofFile.parse(text);
    } catch (LedgerVerificationException e) {
      assertThat(e.getMessage()).startsWith("proof file");
      return;
    }
    ProofFile again;
    try {
      again = ProofFile.parse(p.text());
    } catch (LedgerVerificationException e) {
      throw new AssertionError("a proof we parsed must print to text we parse, but: " + e.getMessage(), e);
    }
    assertThat(again.index()).isEqualTo(p.index());
    assertThat(again.hashes()).containsExactlyElementsOf(p.hashes());
    assertThat(again.signedCheckpoint()).isEqualTo(p.signedCheckpoint());
  }

  private static byte[] entry(int i) {
    return ("entry " + i).getBytes(StandardCharsets.UTF_8);
  }

  private static NoteVerifier verifier() {
    try {
      return NoteVerifier.fromVerifierKey(SIGNER.verifierKey());
    } catch (CheckpointFormatException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the committed seeds: proofs for a 13-entry tree made by {@link MerkleTree}, plus malformed ones. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of("src/test/resources/org/certhub/ledger/proof/ProofFileFuzzTestInputs/parse");
    Files.createDirectories(dir);
    Hasher h = Hasher.sha256();
    MerkleTree tree = new MerkleTree(h);
    for (int i = 0; i < 13; i++) {
      tree.append(h.hashLeaf(entry(i)));
    }
    String note = SIGNER.sign(new Checkpoint(ORIGIN, 13, tree.root()).body());
    for (int i : new int[] {0, 5, 12}) {
      String text = new ProofFile(i, tree.inclusionProof(i, 13), note).text();
      Files.writeString(dir.resolve("proof-" + i), text);
    }
    String text = new ProofFile(5, tree.inclusionProof(5, 13), note).text();
    Files.writeString(dir.resolve("proof-5-extra-line"), text.replace("\nindex", "\nextra x\nindex"));
    Files.writeString(dir.resolve("proof-5-truncated"), text.substring(0, text.length() / 2));
    Files.writeString(dir.resolve("proof-5-index-overflow"), text.replace("index 5", "index 99999999999999999999"));
    List<byte[]> many = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      many.add(tree.root());
    }
    Files.writeString(dir.resolve("proof-64-hashes"), new ProofFile(5, many, note).text());
  }
}
