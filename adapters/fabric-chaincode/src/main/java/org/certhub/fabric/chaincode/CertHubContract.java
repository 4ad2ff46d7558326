package org.certhub.fabric.chaincode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.certhub.ledger.LedgerVerificationException;
import org.certhub.ledger.checkpoint.Checkpoint;
import org.certhub.ledger.checkpoint.CheckpointFormatException;
import org.certhub.ledger.checkpoint.CheckpointVerifier;
import org.certhub.ledger.checkpoint.NoteVerifier;
import org.certhub.ledger.proof.ProofVerifier;
import org.certhub.ledger.tree.Hasher;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contact;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Default;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.License;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;

/**
 * The CertHub contract: ledger checkpoint anchors and the cross-region licence status registry.
 *
 * <p>Deterministic on every endorser: no clock (the only time is the proposal's own timestamp), no
 * randomness, JSON written field by field in a fixed order. Every refusal is a {@link
 * ChaincodeException} whose payload is a stable {@link ErrorCode} name (docs/fabric.md lists them).
 */
@Contract(
    name = "certhub",
    info =
        @Info(
            title = "CertHub anchors and licence status",
            version = "1",
            license = @License(name = "Apache-2.0"),
            contact = @Contact(name = "CertHub")))
@Default
public final class CertHubContract implements ContractInterface {

  static final String LOG_KEY = "certhub.logkey";
  static final String ANCHOR = "certhub.anchor";
  static final String LAST_ANCHOR = "certhub.anchor.last";
  static final String LICENCE = "certhub.licence";

  static final String EVENT_LOG_REGISTERED = "LogRegistered";
  static final String EVENT_ANCHORED = "CheckpointAnchored";
  static final String EVENT_STATUS = "LicenceStatusChanged";

  /** Width of the zero-padded size attribute, so that key order is size order (Long.MAX_VALUE has 19 digits). */
  private static final int SIZE_WIDTH = 19;

  private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");
  // The hub's licence statuses: an old version is superseded by its update, a licence past its end expires. Those two
  // and revoked are final for a licence identifier (a new version has a new identifier).
  private static final List<String> STATUSES = List.of("valid", "suspended", "superseded", "expired", "revoked");

  // ---------------------------------------------------------------- log keys

  /**
   * Registers the Ed25519 verifier key of a log (C2SP note verifier key) for {@code origin}. The
   * submitting organisation becomes the log's owner: only it may anchor checkpoints of this origin.
   * Registering the same key again by the owner is a no-op; any other key is refused.
   *
   * @return the log record as JSON
   */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String registerLog(Context ctx, String origin, String verifierKey) {
    requireOrigin(origin);
    NoteVerifier verifier = parseVerifierKey(verifierKey);
    if (!verifier.keyName().equals(origin)) {
      // The ledger names its key after its origin; a key for another name would verify another log's notes.
      throw refuse(ErrorCode.BAD_ARGUMENT, "verifier key name must be the origin " + origin + ", but was: "
          + verifier.keyName());
    }
    ChaincodeStub stub = ctx.getStub();
    String msp = ctx.getClientIdentity().getMSPID();
    String key = key(stub, LOG_KEY, origin);
    LogRecord existing = LogRecord.read(stub.getState(key));
    if (existing != null) {
      if (existing.verifierKey().equals(verifierKey) && existing.owner().equals(msp)) {
        return existing.json();
      }
      throw refuse(ErrorCode.LOG_ALREADY_REGISTERED, "log " + origin + " is already registered by "
          + existing.owner() + " with key " + existing.verifierKey());
    }
    return putAndEmit(stub, key, EVENT_LOG_REGISTERED, new LogRecord(origin, verifierKey, msp).json());
  }

  /** The registered log record of {@code origin} as JSON; refuses with NOT_FOUND when none. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getLog(Context ctx, String origin) {
    requireOrigin(origin);
    return logOf(ctx.getStub(), origin, ErrorCode.NOT_FOUND).json();
  }

  // ---------------------------------------------------------------- anchors

  /**
   * Anchors a signed checkpoint note.
   *
   * <p>Rules, in order: the origin's log is registered; the submitter is its owner; the note's
   * signature verifies with the registered key and the body is a strict checkpoint; a checkpoint
   * already anchored at that size must carry the same root (then this is a no-op returning the
   * stored note); the size must not be below the last anchored size; and {@code
   * consistencyProof} (comma-separated base64 hashes, RFC 9162 §2.1.4) must prove the new tree
   * extends the last anchored one. The first anchor of a log needs no proof.
   *
   * @return the anchored note (the stored one for a repeat)
   */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String anchorCheckpoint(Context ctx, String signedNote, String consistencyProof) {
    if (signedNote == null || signedNote.isEmpty()) {
      throw refuse(ErrorCode.BAD_ARGUMENT, "signed note must be non-empty");
    }
    List<byte[]> proof = parseProof(consistencyProof);
    Checkpoint unverified = parseBody(signedNote);
    ChaincodeStub stub = ctx.getStub();
    LogRecord log = logOf(stub, unverified.origin(), ErrorCode.LOG_NOT_REGISTERED);
    String msp = ctx.getClientIdentity().getMSPID();
    if (!log.owner().equals(msp)) {
      throw refuse(ErrorCode.NOT_LOG_OWNER, "only " + log.owner() + " may anchor checkpoints of " + log.origin()
          + ", but the submitter was: " + msp);
    }
    Checkpoint cp = verifyNote(signedNote, log);

    String key = anchorKey(stub, cp.origin(), cp.size());
    byte[] stored = stub.getState(key);
    if (present(stored)) {
      Checkpoint existing = parseStored(stored);
      if (!Arrays.equals(existing.rootHash(), cp.rootHash())) {
        throw refuse(ErrorCode.ROOT_CONFLICT, "checkpoint of " + cp.origin() + " at size " + cp.size()
            + " is already anchored with another root");
      }
      return new String(stored, StandardCharsets.UTF_8);
    }

    String lastKey = key(stub, LAST_ANCHOR, cp.origin());
    byte[] lastSize = stub.getState(lastKey);
    if (present(lastSize)) {
      long last = Long.parseLong(new String(lastSize, StandardCharsets.UTF_8));
      if (cp.size() < last) {
        throw refuse(ErrorCode.SIZE_BELOW_LAST, "checkpoint size must be >= the last anchored size " + last
            + ", but was: " + cp.size());
      }
      Checkpoint lastCp = parseStored(stub.getState(anchorKey(stub, cp.origin(), last)));
      try {
        ProofVerifier.verifyConsistency(Hasher.sha256(), last, cp.size(), proof, lastCp.rootHash(), cp.rootHash());
      } catch (LedgerVerificationException e) {
        throw refuse(ErrorCode.INCONSISTENT, "checkpoint at size " + cp.size()
            + " is not proven consistent with the last anchored size " + last + ": " + e.getMessage());
      }
    } else if (!proof.isEmpty()) {
      throw refuse(ErrorCode.BAD_ARGUMENT, "the first anchor of " + cp.origin()
          + " takes no consistency proof, but got " + proof.size() + " hashes");
    }

    stub.putState(key, utf8(signedNote));
    stub.putState(lastKey, utf8(Long.toString(cp.size())));
    stub.setEvent(EVENT_ANCHORED, utf8(anchorJson(cp, stub.getTxId())));
    return signedNote;
  }

  /** The anchored note of {@code origin} at {@code size}; refuses with NOT_FOUND when none. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getAnchor(Context ctx, String origin, long size) {
    requireOrigin(origin);
    if (size < 0) {
      throw refuse(ErrorCode.BAD_ARGUMENT, "size must be >= 0, but was: " + size);
    }
    ChaincodeStub stub = ctx.getStub();
    return require(stub, anchorKey(stub, origin, size), CertHubContract::text, ErrorCode.NOT_FOUND,
        "no checkpoint of " + origin + " is anchored at size " + size);
  }

  /** The latest anchored note of {@code origin}; refuses with NOT_FOUND when none. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getLatestAnchor(Context ctx, String origin) {
    requireOrigin(origin);
    ChaincodeStub stub = ctx.getStub();
    String last = require(stub, key(stub, LAST_ANCHOR, origin), CertHubContract::text, ErrorCode.NOT_FOUND,
        "no checkpoint of " + origin + " is anchored");
    return getAnchor(ctx, origin, Long.parseLong(last));
  }

  /** Every anchored note of {@code origin}, smallest size first, as a JSON array of strings. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String listAnchors(Context ctx, String origin) {
    requireOrigin(origin);
    List<String> notes = new ArrayList<>();
    try (QueryResultsIterator<KeyValue> it =
        ctx.getStub().getStateByPartialCompositeKey(ctx.getStub().createCompositeKey(ANCHOR, origin))) {
      for (KeyValue kv : it) {
        notes.add(kv.getStringValue());
      }
    }
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < notes.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(Json.string(notes.get(i)));
    }
    return sb.append(']').toString();
  }

  // ---------------------------------------------------------------- licence status

  /**
   * Sets the status of the licence whose identifier digest (lowercase hex SHA-256) is {@code
   * digest}. The first organisation to set a licence's status becomes its issuer; only the issuer
   * may change it later. {@code revoked}, {@code superseded} and {@code expired} are final. Setting the current
   * status again is a no-op.
   * The update time is the proposal's timestamp, the same on every endorser.
   *
   * @return the status record as JSON
   */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String setLicenceStatus(Context ctx, String digest, String status) {
    requireDigest(digest);
    if (status == null || !STATUSES.contains(status)) {
      throw refuse(ErrorCode.BAD_ARGUMENT, "status must be one of " + STATUSES + ", but was: " + status);
    }
    ChaincodeStub stub = ctx.getStub();
    String msp = ctx.getClientIdentity().getMSPID();
    String key = key(stub, LICENCE, digest);
    LicenceStatus existing = LicenceStatus.read(stub.getState(key));
    if (existing != null) {
      if (!existing.issuer().equals(msp)) {
        throw refuse(ErrorCode.NOT_ISSUER, "only the issuer " + existing.issuer()
            + " may change this licence's status, but the submitter was: " + msp);
      }
      if (existing.status().equals(status)) {
        return existing.json();
      }
      if (existing.status().equals("revoked")) {
        throw refuse(ErrorCode.REVOKED_IS_FINAL, "a revoked licence cannot become " + status);
      }
      if (existing.status().equals("superseded") || existing.status().equals("expired")) {
        throw refuse(ErrorCode.STATUS_IS_FINAL, "a " + existing.status() + " licence cannot become " + status);
      }
    }
    LicenceStatus updated = new LicenceStatus(digest, status, msp, stub.getTxTimestamp().toString());
    return putAndEmit(stub, key, EVENT_STATUS, updated.json());
  }

  /** The status record of a licence digest as JSON; anyone on the channel may read it. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String getLicenceStatus(Context ctx, String digest) {
    requireDigest(digest);
    ChaincodeStub stub = ctx.getStub();
    return require(stub, key(stub, LICENCE, digest), LicenceStatus::read, ErrorCode.NOT_FOUND,
        "no status is registered for licence digest " + digest).json();
  }

  // ---------------------------------------------------------------- helpers

  static ChaincodeException refuse(ErrorCode code, String message) {
    return new ChaincodeException(code.name() + ": " + message, code.name());
  }

  /** The world-state key of an object of {@code objectType} named by {@code attributes}. */
  private static String key(ChaincodeStub stub, String objectType, String... attributes) {
    return stub.createCompositeKey(objectType, attributes).toString();
  }

  private static String anchorKey(ChaincodeStub stub, String origin, long size) {
    return key(stub, ANCHOR, origin, paddedSize(size));
  }

  /**
   * The value under {@code key} as {@code reader} reads it (null for an absent key); refuses with {@code code} and
   * {@code missing} when there is none.
   */
  private static <T> T require(
      ChaincodeStub stub, String key, Function<byte[], T> reader, ErrorCode code, String missing) {
    T value = reader.apply(stub.getState(key));
    if (value == null) {
      throw refuse(code, missing);
    }
    return value;
  }

  /** Writes {@code json} under {@code key} and emits it as {@code event}; returns it. */
  private static String putAndEmit(ChaincodeStub stub, String key, String event, String json) {
    stub.putState(key, utf8(json));
    stub.setEvent(event, utf8(json));
    return json;
  }

  /** The stored text, or null for an absent key. */
  private static String text(byte[] stored) {
    return present(stored) ? new String(stored, StandardCharsets.UTF_8) : null;
  }

  static String paddedSize(long size) {
    String s = Long.toString(size);
    return "0".repeat(SIZE_WIDTH - s.length()) + s;
  }

  /** The registered log of {@code origin}; refuses with {@code missing} when none. */
  private static LogRecord logOf(ChaincodeStub stub, String origin, ErrorCode missing) {
    return require(stub, key(stub, LOG_KEY, origin), LogRecord::read, missing,
        "no log key is registered for origin " + origin);
  }

  private static void requireOrigin(String origin) {
    // Composite key attributes may not contain U+0000 or U+10FFFF; the checkpoint rules forbid control characters.
    if (origin == null || origin.isEmpty() || origin.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
        || origin.contains("\uDBFF\uDFFF")) {
      throw refuse(ErrorCode.BAD_ARGUMENT, "origin must be non-empty without control characters");
    }
  }

  private static void requireDigest(String digest) {
    if (digest == null || !DIGEST.matcher(digest).matches()) {
      throw refuse(ErrorCode.BAD_ARGUMENT,
          "licence digest must be 64 lowercase hex digits (SHA-256 of the licence identifier), but was: "
              + (digest == null ? "null" : digest.length() + " characters"));
    }
  }

  private static NoteVerifier parseVerifierKey(String verifierKey) {
    if (verifierKey == null) {
      throw refuse(ErrorCode.BAD_ARGUMENT, "verifier key must be present");
    }
    try {
      return NoteVerifier.fromVerifierKey(verifierKey);
    } catch (CheckpointFormatException e) {
      throw refuse(ErrorCode.BAD_ARGUMENT, e.getMessage());
    }
  }

  /** Parses the body before the signature check, only to find the origin whose key checks it. */
  private static Checkpoint parseBody(String signedNote) {
    int blank = signedNote.indexOf("\n\n");
    if (blank < 0) {
      throw refuse(ErrorCode.CHECKPOINT_MALFORMED, "signed note must have a blank line before its signatures");
    }
    try {
      return Checkpoint.parse(signedNote.substring(0, blank + 1));
    } catch (CheckpointFormatException e) {
      throw refuse(ErrorCode.CHECKPOINT_MALFORMED, e.getMessage());
    }
  }

  private static Checkpoint verifyNote(String signedNote, LogRecord log) {
    try {
      return CheckpointVerifier.verify(signedNote, parseVerifierKey(log.verifierKey()), log.origin()).checkpoint();
    } catch (CheckpointFormatException e) {
      throw refuse(ErrorCode.CHECKPOINT_MALFORMED, e.getMessage());
    } catch (LedgerVerificationException e) {
      throw refuse(ErrorCode.SIGNATURE_INVALID, e.getMessage());
    }
  }

  private static Checkpoint parseStored(byte[] stored) {
    String note = new String(stored, StandardCharsets.UTF_8);
    try {
      return Checkpoint.parse(note.substring(0, note.indexOf("\n\n") + 1));
    } catch (CheckpointFormatException e) {
      throw new ChaincodeException("stored anchor is unreadable: " + e.getMessage(), e);
    }
  }

  static List<byte[]> parseProof(String proof) {
    List<byte[]> hashes = new ArrayList<>();
    if (proof == null || proof.isEmpty()) {
      return hashes;
    }
    for (String part : proof.split(",", -1)) {
      try {
        byte[] h = Base64.getDecoder().decode(part);
        if (h.length != Checkpoint.ROOT_HASH_LENGTH) {
          throw refuse(ErrorCode.BAD_ARGUMENT, "consistency proof hashes must be 32 bytes, but one was: "
              + h.length + " bytes");
        }
        hashes.add(h);
      } catch (IllegalArgumentException e) {
        throw refuse(ErrorCode.BAD_ARGUMENT, "consistency proof must be comma-separated base64 hashes");
      }
    }
    return hashes;
  }

  static boolean present(byte[] value) {
    return value != null && value.length > 0; // a real peer answers byte[0] for an absent key
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String anchorJson(Checkpoint cp, String txId) {
    return "{\"origin\":" + Json.string(cp.origin()) + ",\"size\":" + cp.size() + ",\"rootHash\":"
        + Json.string(Base64.getEncoder().encodeToString(cp.rootHash())) + ",\"txId\":" + Json.string(txId) + "}";
  }
}
