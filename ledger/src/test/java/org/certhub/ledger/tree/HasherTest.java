package org.certhub.ledger.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HasherTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void emptyRoot_sha256_isHashOfEmptyString() {
    assertThat(HEX.formatHex(Hasher.sha256().emptyRoot()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void hashLeaf_emptyEntry_isRfc6962LeafHash() {
    // MTH({""}) = SHA-256(0x00), leaf 0 of the RFC 6962 reference tree.
    assertThat(HEX.formatHex(Hasher.sha256().hashLeaf(new byte[0])))
        .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  }

  @Test
  void hashChildren_firstTwoReferenceLeaves_isLevelOneNode() {
    Hasher h = Hasher.sha256();
    byte[] node = h.hashChildren(h.hashLeaf(new byte[0]), h.hashLeaf(new byte[] {0}));
    assertThat(HEX.formatHex(node))
        .isEqualTo("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
  }

  @Test
  void hashLeaf_sameBytesAsNode_differsFromNodeHash() {
    Hasher h = Hasher.sha256();
    byte[] a = h.hashLeaf(new byte[] {1});
    byte[] b = h.hashLeaf(new byte[] {2});
    byte[] concat = new byte[64];
    System.arraycopy(a, 0, concat, 0, 32);
    System.arraycopy(b, 0, concat, 32, 32);
    assertThat(h.hashLeaf(concat)).isNotEqualTo(h.hashChildren(a, b));
  }

  @Test
  void of_supplier_usesInjectedDigest() throws NoSuchAlgorithmException {
    MessageDigest.getInstance("SHA-512");
    Hasher h =
        Hasher.of(
            () -> {
              try {
                return MessageDigest.getInstance("SHA-512");
              } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(h.size()).isEqualTo(64);
    assertThat(h.hashLeaf(new byte[] {1})).hasSize(64);
  }

  @Test
  void of_unknownDigest_throwsIllegalArgument() {
    assertThatThrownBy(() -> Hasher.of("NO-SUCH-DIGEST"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jcaDigestName must name an installed message digest, but was: NO-SUCH-DIGEST");
  }
}
