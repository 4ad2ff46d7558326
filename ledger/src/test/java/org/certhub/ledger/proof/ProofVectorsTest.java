package org.certhub.ledger.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.certhub.ledger.LedgerVerificationException;
import org.certhub.ledger.tree.Hasher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs the transparency-dev/merkle language-neutral vectors (see vectors/SOURCES.md). */
class ProofVectorsTest {

  private static final Hasher H = Hasher.sha256();

  record Vector(String name, Map<String, Object> fields) {
    @Override
    public String toString() {
      return name + " (" + fields.get("desc") + ")";
    }

    long num(String k) {
      return (Long) fields.get(k);
    }

    byte[] bytes(String k) {
      return Base64.getDecoder().decode((String) fields.get(k));
    }

    List<byte[]> proof() {
      List<byte[]> out = new ArrayList<>();
      Object p = fields.get("proof");
      if (p != null) {
        for (Object o : (List<?>) p) {
          out.add(Base64.getDecoder().decode((String) o));
        }
      }
      return out;
    }

    boolean wantErr() {
      return (Boolean) fields.get("wantErr");
    }
  }

  static Stream<Vector> inclusion() throws IOException, URISyntaxException {
    return load("inclusion");
  }

  static Stream<Vector> consistency() throws IOException, URISyntaxException {
    return load("consistency");
  }

  @SuppressWarnings("unchecked")
  private static Stream<Vector> load(String kind) throws IOException, URISyntaxException {
    Path root = Path.of(ProofVectorsTest.class.getResource("/vectors/" + kind).toURI());
    List<Vector> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        Map<String, Object> m =
            (Map<String, Object>) Json.parse(Files.readString(f, StandardCharsets.UTF_8));
        out.add(new Vector(root.relativize(f).toString(), m));
      }
    }
    return out.stream();
  }

  @Test
  void vectors_bothKinds_arePresentWithValidAndInvalidCases() throws Exception {
    List<Vector> all = Stream.concat(inclusion(), consistency()).toList();
    assertThat(all).hasSizeGreaterThanOrEqualTo(35);
    assertThat(all).anyMatch(Vector::wantErr).anyMatch(v -> !v.wantErr());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inclusion")
  void verifyInclusion_merkleVector_matchesWantErr(Vector v) {
    var call =
        assertThatCode(
            () ->
                ProofVerifier.verifyInclusion(
                    H, v.num("leafIdx"), v.num("treeSize"), v.bytes("leafHash"), v.proof(),
                    v.bytes("root")));
    if (v.wantErr()) {
      call.isInstanceOf(LedgerVerificationException.class);
    } else {
      call.doesNotThrowAnyException();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consistency")
  void verifyConsistency_merkleVector_matchesWantErr(Vector v) {
    var call =
        assertThatCode(
            () ->
                ProofVerifier.verifyConsistency(
                    H, v.num("size1"), v.num("size2"), v.proof(), v.bytes("root1"),
                    v.bytes("root2")));
    if (v.wantErr()) {
      call.isInstanceOf(LedgerVerificationException.class);
    } else {
      call.doesNotThrowAnyException();
    }
  }

  @Test
  void verifyInclusion_trailingGarbage_reportsProofLength() throws Exception {
    Vector v = inclusion().filter(x -> x.name().equals("1/trailing-garbage.json")).findFirst()
        .orElseThrow();
    assertThatThrownBy(
            () ->
                ProofVerifier.verifyInclusion(
                    H, v.num("leafIdx"), v.num("treeSize"), v.bytes("leafHash"), v.proof(),
                    v.bytes("root")))
        .isInstanceOf(LedgerVerificationException.class)
        .hasMessage(
            "inclusion proof length for index 0 in a tree of size 8 must be 3 hashes, but was: 4");
  }

  @Test
  void verifyInclusion_wrongLeaf_reportsLeafHashLength() throws Exception {
    Vector v = inclusion().filter(x -> x.name().equals("1/wrong-leaf.json")).findFirst()
        .orElseThrow();
    assertThatThrownBy(
            () ->
                ProofVerifier.verifyInclusion(
                    H, v.num("leafIdx"), v.num("treeSize"), v.bytes("leafHash"), v.proof(),
                    v.bytes("root")))
        .isInstanceOf(LedgerVerificationException.class)
        .hasMessage("leaf hash length must be 32 bytes, but was: 9");
  }

  @Test
  void verifyConsistency_modifiedProof_reportsRootMismatchWithBothValues() throws Exception {
    Vector v = consistency().filter(x -> x.name().equals("1/modified-proof0-bit-4.json"))
        .findFirst().orElseThrow();
    assertThatThrownBy(
            () ->
                ProofVerifier.verifyConsistency(
                    H, v.num("size1"), v.num("size2"), v.proof(), v.bytes("root1"),
                    v.bytes("root2")))
        .isInstanceOfSatisfying(
            RootMismatchException.class,
            e -> {
              assertThat(e.expected()).isEqualTo(v.bytes("root2"));
              assertThat(e.calculated()).isNotEqualTo(v.bytes("root2"));
              assertThat(e.getMessage())
                  .startsWith(
                      "root2 calculated from consistency proof must be"
                          + " 5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328,"
                          + " but was: ");
            });
  }

  @Test
  void verifyConsistency_size2BelowSize1_reportsBothSizes() {
    assertThatThrownBy(
            () -> ProofVerifier.verifyConsistency(H, 5, 4, List.of(), new byte[32], new byte[32]))
        .isInstanceOf(LedgerVerificationException.class)
        .hasMessage("consistency proof size2 must be >= size1 5, but was: 4");
  }

  @Test
  void verifyInclusion_indexBeyondSize_reportsRange() {
    assertThatThrownBy(
            () -> ProofVerifier.verifyInclusion(H, 8, 8, new byte[32], List.of(), new byte[32]))
        .isInstanceOf(LedgerVerificationException.class)
        .hasMessage("inclusion proof leaf index must be in [0, 8), but was: 8");
  }
}
