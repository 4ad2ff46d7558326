package org.certhub.fabric.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.certhub.ledger.checkpoint.Checkpoint;
import org.certhub.ledger.checkpoint.NoteSigner;
import org.certhub.ledger.tree.Hasher;
import org.certhub.ledger.tree.MerkleTree;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CertHubContractTest {
  static final String ORIGIN = "certhub.example/county-7";
  static final String ORG1 = "Org1MSP";
  static final String ORG2 = "Org2MSP";

  final CertHubContract contract = new CertHubContract();
  final FakeLedger ledger = new FakeLedger();
  final MerkleTree tree = new MerkleTree(Hasher.sha256());
  NoteSigner signer;

  @BeforeEach
  void setUp() throws Exception {
    signer = signer(ORIGIN);
  }

  static NoteSigner signer(String name) throws Exception {
    KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    return NoteSigner.ed25519(name, kp.getPublic(), kp.getPrivate());
  }

  void grow(long size) {
    while (tree.size() < size) {
      tree.append(Hasher.sha256().hashLeaf(("entry " + tree.size()).getBytes(StandardCharsets.UTF_8)));
    }
  }

  String note(long size) {
    grow(size);
    return signer.sign(new Checkpoint(ORIGIN, size, tree.rootAt(size)).body());
  }

  String proof(long from, long to) {
    grow(to);
    return tree.consistencyProof(from, to).stream()
        .map(h -> Base64.getEncoder().encodeToString(h))
        .collect(Collectors.joining(","));
  }

  void register() {
    contract.registerLog(ledger.tx(ORG1), ORIGIN, signer.verifierKey());
  }

  static void refused(ErrorCode code, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(ChaincodeException.class)
        .satisfies(e -> assertThat(new String(((ChaincodeException) e).getPayload(), StandardCharsets.UTF_8))
            .isEqualTo(code.name()))
        .hasMessageStartingWith(code.name() + ": ");
  }

  /** Two endorsers running the same proposals must write the same bytes and emit the same events, or the
   * transaction fails endorsement policy; so nothing may depend on a clock, randomness or map order. */
  @Test
  void twoEndorsersWriteIdenticalStateAndEvents() {
    FakeLedger peer1 = new FakeLedger();
    FakeLedger peer2 = new FakeLedger();
    java.util.List<String> events1 = new java.util.ArrayList<>();
    java.util.List<String> events2 = new java.util.ArrayList<>();
    String d = "ab".repeat(32);
    String n3 = note(3);
    String n8 = note(8);
    String p = proof(3, 8);
    for (FakeLedger peer : List.of(peer1, peer2)) {
      java.util.List<String> out = peer == peer1 ? events1 : events2;
      contract.registerLog(peer.tx(ORG1), ORIGIN, signer.verifierKey());
      out.addAll(peer.events.values());
      contract.anchorCheckpoint(peer.tx(ORG1), n3, "");
      out.addAll(peer.events.values());
      contract.anchorCheckpoint(peer.tx(ORG1), n8, p);
      out.addAll(peer.events.values());
      contract.setLicenceStatus(peer.tx(ORG2), d, "suspended");
      out.addAll(peer.events.values());
    }
    assertThat(peer1.state.keySet()).containsExactlyElementsOf(peer2.state.keySet());
    peer1.state.forEach((k, v) -> assertThat(peer2.state.get(k)).as(k).isEqualTo(v));
    assertThat(events1).hasSize(4).containsExactlyElementsOf(events2);
  }

  @Nested
  class RegisterLog {
    @Test
    void recordsTheKeyAndTheOwnerAndEmitsAnEvent() {
      String json = contract.registerLog(ledger.tx(ORG1), ORIGIN, signer.verifierKey());
      JSONObject o = new JSONObject(json);
      assertThat(o.getString("owner")).isEqualTo(ORG1);
      assertThat(o.getString("verifierKey")).isEqualTo(signer.verifierKey());
      assertThat(ledger.events).containsEntry(CertHubContract.EVENT_LOG_REGISTERED, json);
      assertThat(contract.getLog(ledger.tx(ORG2), ORIGIN)).isEqualTo(json);
    }

    @Test
    void sameKeyBySameOwnerIsANoOp() {
      register();
      String before = contract.getLog(ledger.tx(ORG1), ORIGIN);
      assertThat(contract.registerLog(ledger.tx(ORG1), ORIGIN, signer.verifierKey())).isEqualTo(before);
      assertThat(ledger.events).isEmpty();
    }

    @Test
    void refusesAnotherKeyOrAnotherOwner() throws Exception {
      register();
      String otherKey = signer(ORIGIN).verifierKey();
      refused(ErrorCode.LOG_ALREADY_REGISTERED, () -> contract.registerLog(ledger.tx(ORG1), ORIGIN, otherKey));
      refused(ErrorCode.LOG_ALREADY_REGISTERED,
          () -> contract.registerLog(ledger.tx(ORG2), ORIGIN, signer.verifierKey()));
      assertThat(new JSONObject(contract.getLog(ledger.tx(ORG1), ORIGIN)).getString("verifierKey"))
          .isEqualTo(signer.verifierKey());
    }

    @Test
    void refusesAKeyNamedForAnotherLogAndMalformedInput() throws Exception {
      String otherName = signer("someone.else/log").verifierKey();
      refused(ErrorCode.BAD_ARGUMENT, () -> contract.registerLog(ledger.tx(ORG1), ORIGIN, otherName));
      refused(ErrorCode.BAD_ARGUMENT, () -> contract.registerLog(ledger.tx(ORG1), ORIGIN, "not a key"));
      refused(ErrorCode.BAD_ARGUMENT, () -> contract.registerLog(ledger.tx(ORG1), "", signer.verifierKey()));
      refused(ErrorCode.BAD_ARGUMENT, () -> contract.registerLog(ledger.tx(ORG1), "a\u0000b", signer.verifierKey()));
      assertThat(ledger.state).isEmpty();
    }

    @Test
    void unknownLogIsNotFound() {
      refused(ErrorCode.NOT_FOUND, () -> contract.getLog(ledger.tx(ORG1), ORIGIN));
    }
  }

  @Nested
  class Anchor {
    @BeforeEach
    void registered() {
      register();
    }

    @Test
    void firstAnchorNeedsNoProofAndIsStoredUnderOriginAndSize() {
      String n = note(5);
      assertThat(contract.anchorCheckpoint(ledger.tx(ORG1), n, "")).isEqualTo(n);
      JSONObject event = new JSONObject(ledger.events.get(CertHubContract.EVENT_ANCHORED));
      assertThat(event.getString("origin")).isEqualTo(ORIGIN);
      assertThat(event.getLong("size")).isEqualTo(5);
      assertThat(event.getString("rootHash")).isEqualTo(Base64.getEncoder().encodeToString(tree.rootAt(5)));
      assertThat(event.getString("txId")).startsWith("tx");
      assertThat(ledger.state).containsKey("\u0000certhub.anchor\u0000" + ORIGIN + "\u00000000000000000000005\u0000");
      assertThat(contract.getAnchor(ledger.tx(ORG2), ORIGIN, 5)).isEqualTo(n);
      assertThat(contract.getLatestAnchor(ledger.tx(ORG2), ORIGIN)).isEqualTo(n);
    }

    @Test
    void consistentGrowthIsAcceptedAndListedInSizeOrder() {
      String n3 = note(3);
      String n7 = note(7);
      String n12 = note(12);
      contract.anchorCheckpoint(ledger.tx(ORG1), n3, "");
      contract.anchorCheckpoint(ledger.tx(ORG1), n7, proof(3, 7));
      contract.anchorCheckpoint(ledger.tx(ORG1), n12, proof(7, 12));
      assertThat(contract.getLatestAnchor(ledger.tx(ORG2), ORIGIN)).isEqualTo(n12);
      JSONArray all = new JSONArray(contract.listAnchors(ledger.tx(ORG2), ORIGIN));
      assertThat(all.toList()).containsExactly(n3, n7, n12);
    }

    @Test
    void listingSortsBySizeNotByDecimalText() {
      String n9 = note(9);
      String n10 = note(10);
      contract.anchorCheckpoint(ledger.tx(ORG1), n9, "");
      contract.anchorCheckpoint(ledger.tx(ORG1), n10, proof(9, 10));
      assertThat(new JSONArray(contract.listAnchors(ledger.tx(ORG1), ORIGIN)).toList()).containsExactly(n9, n10);
    }

    @Test
    void sameRootAtSameSizeIsANoOpEvenWithAnotherSignature() throws Exception {
      String n = note(4);
      contract.anchorCheckpoint(ledger.tx(ORG1), n, "");
      // Ed25519 is deterministic, so re-sign with a cosigner line to get a different text with the same body.
      String again = n + "\u2014 other.witness AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n";
      assertThat(contract.anchorCheckpoint(ledger.tx(ORG1), again, "")).isEqualTo(n);
      assertThat(ledger.events).isEmpty();
      assertThat(contract.getAnchor(ledger.tx(ORG1), ORIGIN, 4)).isEqualTo(n);
    }

    @Test
    void refusesAnotherRootForAnAnchoredSize() {
      contract.anchorCheckpoint(ledger.tx(ORG1), note(4), "");
      byte[] forged = new byte[32];
      forged[0] = 1;
      String other = signer.sign(new Checkpoint(ORIGIN, 4, forged).body());
      refused(ErrorCode.ROOT_CONFLICT, () -> contract.anchorCheckpoint(ledger.tx(ORG1), other, ""));
      assertThat(contract.getAnchor(ledger.tx(ORG1), ORIGIN, 4)).isEqualTo(note(4));
    }

    @Test
    void refusesASizeBelowTheLast() {
      contract.anchorCheckpoint(ledger.tx(ORG1), note(8), "");
      refused(ErrorCode.SIZE_BELOW_LAST, () -> contract.anchorCheckpoint(ledger.tx(ORG1), note(6), ""));
    }

    @Test
    void refusesACheckpointNotProvenConsistent() {
      contract.anchorCheckpoint(ledger.tx(ORG1), note(5), "");
      String n9 = note(9);
      // Missing proof, a proof for other sizes, and a proof with one hash flipped.
      refused(ErrorCode.INCONSISTENT, () -> contract.anchorCheckpoint(ledger.tx(ORG1), n9, ""));
      refused(ErrorCode.INCONSISTENT, () -> contract.anchorCheckpoint(ledger.tx(ORG1), n9, proof(6, 9)));
      byte[] first = tree.consistencyProof(5, 9).get(0);
      first[3] ^= 1;
      List<byte[]> bad = new java.util.ArrayList<>(tree.consistencyProof(5, 9));
      bad.set(0, first);
      String badProof = bad.stream().map(h -> Base64.getEncoder().encodeToString(h)).collect(Collectors.joining(","));
      refused(ErrorCode.INCONSISTENT, () -> contract.anchorCheckpoint(ledger.tx(ORG1), n9, badProof));
      assertThat(contract.getLatestAnchor(ledger.tx(ORG1), ORIGIN)).isEqualTo(note(5));
    }

    @Test
    void refusesAForkedTreeEvenWithAProofFromIt() {
      contract.anchorCheckpoint(ledger.tx(ORG1), note(5), "");
      MerkleTree fork = new MerkleTree(Hasher.sha256());
      for (int i = 0; i < 9; i++) {
        fork.append(Hasher.sha256().hashLeaf(("forged " + i).getBytes(StandardCharsets.UTF_8)));
      }
      String forkNote = signer.sign(new Checkpoint(ORIGIN, 9, fork.rootAt(9)).body());
      String forkProof = fork.consistencyProof(5, 9).stream()
          .map(h -> Base64.getEncoder().encodeToString(h)).collect(Collectors.joining(","));
      refused(ErrorCode.INCONSISTENT, () -> contract.anchorCheckpoint(ledger.tx(ORG1), forkNote, forkProof));
    }

    @Test
    void equalSizeWithSameRootAfterGrowthStillRefusesLowerSizes() {
      contract.anchorCheckpoint(ledger.tx(ORG1), note(2), "");
      contract.anchorCheckpoint(ledger.tx(ORG1), note(6), proof(2, 6));
      // an already anchored older size is a no-op, not a refusal
      assertThat(contract.anchorCheckpoint(ledger.tx(ORG1), note(2), "")).isEqualTo(note(2));
      refused(ErrorCode.SIZE_BELOW_LAST, () -> contract.anchorCheckpoint(ledger.tx(ORG1), note(4), ""));
    }

    @Test
    void refusesAProofOnTheFirstAnchorAndMalformedProofs() {
      String n = note(6);
      refused(ErrorCode.BAD_ARGUMENT, () -> contract.anchorCheckpoint(ledger.tx(ORG1), n, proof(3, 6)));
      refused(ErrorCode.BAD_ARGUMENT, () -> contract.anchorCheckpoint(ledger.tx(ORG1), n, "***"));
      refused(ErrorCode.BAD_ARGUMENT, () -> contract.anchorCheckpoint(ledger.tx(ORG1), n, "AAAA"));
      refused(ErrorCode.BAD_ARGUMENT, () -> contract.anchorCheckpoint(ledger.tx(ORG1), "", ""));
      assertThat(ledger.events).isEmpty();
    }

    @Test
    void refusesABadSignatureOrAnotherKey() throws Exception {
      String n = note(3);
      String tampered = n.replaceFirst("\n3\n", "\n4\n");
      refused(ErrorCode.SIGNATURE_INVALID, () -> contract.anchorCheckpoint(ledger.tx(ORG1), tampered, ""));
      NoteSigner impostor = signer(ORIGIN);
      String byImpostor = impostor.sign(new Checkpoint(ORIGIN, 3, tree.rootAt(3)).body());
      refused(ErrorCode.SIGNATURE_INVALID, () -> contract.anchorCheckpoint(ledger.tx(ORG1), byImpostor, ""));
      refused(ErrorCode.NOT_FOUND, () -> contract.getLatestAnchor(ledger.tx(ORG1), ORIGIN));
    }

    @Test
    void refusesMalformedNotes() {
      refused(ErrorCode.CHECKPOINT_MALFORMED, () -> contract.anchorCheckpoint(ledger.tx(ORG1), "no signature", ""));
      refused(ErrorCode.CHECKPOINT_MALFORMED,
          () -> contract.anchorCheckpoint(ledger.tx(ORG1), ORIGIN + "\n01\nAAAA\n\n\u2014 x y\n", ""));
    }

    @Test
    void refusesAnUnregisteredOriginAndAnotherOrganisation() throws Exception {
      NoteSigner other = signer("other.example/log");
      grow(2);
      String foreign = other.sign(new Checkpoint("other.example/log", 2, tree.rootAt(2)).body());
      refused(ErrorCode.LOG_NOT_REGISTERED, () -> contract.anchorCheckpoint(ledger.tx(ORG1), foreign, ""));
      refused(ErrorCode.NOT_LOG_OWNER, () -> contract.anchorCheckpoint(ledger.tx(ORG2), note(2), ""));
    }

    @Test
    void readsRefuseUnknownAndBadArguments() {
      refused(ErrorCode.NOT_FOUND, () -> contract.getAnchor(ledger.tx(ORG1), ORIGIN, 1));
      refused(ErrorCode.NOT_FOUND, () -> contract.getLatestAnchor(ledger.tx(ORG1), ORIGIN));
      refused(ErrorCode.BAD_ARGUMENT, () -> contract.getAnchor(ledger.tx(ORG1), ORIGIN, -1));
      assertThat(contract.listAnchors(ledger.tx(ORG1), ORIGIN)).isEqualTo("[]");
    }
  }

  @Nested
  class LicenceStatusRegistry {
    static final String DIGEST = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void firstSetterBecomesIssuerWithTheTransactionTime() {
      Instant t = Instant.parse("2026-12-07T06:30:00Z");
      String json = contract.setLicenceStatus(ledger.tx(ORG1, t), DIGEST, "valid");
      assertThat(json).isEqualTo("{\"digest\":\"" + DIGEST
          + "\",\"status\":\"valid\",\"issuer\":\"Org1MSP\",\"updatedAt\":\"2026-12-07T06:30:00Z\"}");
      assertThat(ledger.events).containsEntry(CertHubContract.EVENT_STATUS, json);
      assertThat(contract.getLicenceStatus(ledger.tx(ORG2), DIGEST)).isEqualTo(json);
    }

    @Test
    void issuerMovesBetweenStatusesUntilRevoked() {
      contract.setLicenceStatus(ledger.tx(ORG1), DIGEST, "valid");
      contract.setLicenceStatus(ledger.tx(ORG1), DIGEST, "suspended");
      assertThat(new JSONObject(contract.getLicenceStatus(ledger.tx(ORG2), DIGEST)).getString("status"))
          .isEqualTo("suspended");
      contract.setLicenceStatus(ledger.tx(ORG1), DIGEST, "valid");
      String revoked = contract.setLicenceStatus(ledger.tx(ORG1), DIGEST, "revoked");
      assertThat(ledger.events).containsEntry(CertHubContract.EVENT_STATUS, revoked);
      refused(ErrorCode.REVOKED_IS_FINAL, () -> contract.setLicenceStatus(ledger.tx(ORG1), DIGEST, "valid"));
      refused(ErrorCode.REVOKED_IS_FINAL, () -> contract.setLicenceStatus(ledger.tx(ORG1), DIGEST, "suspended"));
      assertThat(contract.getLicenceStatus(ledger.tx(ORG1), DIGEST)).isEqualTo(revoked);
    }

    @Test
    void supersededAndExpiredAreFinalToo() {
      String other = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";
      String superseded = contract.setLicenceStatus(ledger.tx(ORG1), DIGEST, "superseded");
      refused(ErrorCode.STATUS_IS_FINAL, () -> contract.setLicenceStatus(ledger.tx(ORG1), DIGEST, "valid"));
      refused(ErrorCode.STATUS_IS_FINAL, () -> contract.setLicenceStatus(ledger.tx(ORG1), DIGEST, "revoked"));
      assertThat(contract.getLicenceStatus(ledger.tx(ORG2), DIGEST)).isEqualTo(superseded);
      contract.setLicenceStatus(ledger.tx(ORG1), other, "valid");
      String expired = contract.setLicenceStatus(ledger.tx(ORG1), other, "expired");
      assertThat(new JSONObject(expired).getString("status")).isEqualTo("expired");
      refused(ErrorCode.STATUS_IS_FINAL, () -> contract.setLicenceStatus(ledger.tx(ORG1), other, "valid"));
      assertThat(contract.setLicenceStatus(ledger.tx(ORG1), other, "expired")).isEqualTo(expired);
    }

    @Test
    void sameStatusAgainIsANoOpKeepingTheTime() {
      String first = contract.setLicenceStatus(ledger.tx(ORG1), DIGEST, "valid");
      assertThat(contract.setLicenceStatus(ledger.tx(ORG1), DIGEST, "valid")).isEqualTo(first);
      assertThat(ledger.events).isEmpty();
    }

    @Test
    void onlyTheIssuerMayChangeIt() {
      contract.setLicenceStatus(ledger.tx(ORG1), DIGEST, "valid");
      refused(ErrorCode.NOT_ISSUER, () -> contract.setLicenceStatus(ledger.tx(ORG2), DIGEST, "revoked"));
      refused(ErrorCode.NOT_ISSUER, () -> contract.setLicenceStatus(ledger.tx(ORG2), DIGEST, "valid"));
      assertThat(new JSONObject(contract.getLicenceStatus(ledger.tx(ORG2), DIGEST)).getString("status"))
          .isEqualTo("valid");
    }

    @Test
    void refusesBadDigestsAndStatuses() {
      refused(ErrorCode.BAD_ARGUMENT, () -> contract.setLicenceStatus(ledger.tx(ORG1), DIGEST.toUpperCase(), "valid"));
      refused(ErrorCode.BAD_ARGUMENT, () -> contract.setLicenceStatus(ledger.tx(ORG1), "LIC-2026-0001", "valid"));
      refused(ErrorCode.BAD_ARGUMENT, () -> contract.setLicenceStatus(ledger.tx(ORG1), DIGEST, "lost"));
      refused(ErrorCode.BAD_ARGUMENT, () -> contract.setLicenceStatus(ledger.tx(ORG1), DIGEST, null));
      refused(ErrorCode.BAD_ARGUMENT, () -> contract.getLicenceStatus(ledger.tx(ORG1), DIGEST + "0"));
      assertThat(ledger.state).isEmpty();
    }

    @Test
    void unknownLicenceIsNotFound() {
      refused(ErrorCode.NOT_FOUND, () -> contract.getLicenceStatus(ledger.tx(ORG1), DIGEST));
    }
  }
}
