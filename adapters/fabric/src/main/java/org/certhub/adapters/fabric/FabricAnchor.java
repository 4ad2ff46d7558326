package org.certhub.adapters.fabric;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.certhub.ledger.anchor.AnchorPort;
import org.certhub.ledger.checkpoint.Checkpoint;
import org.certhub.ledger.checkpoint.CheckpointFormatException;

/**
 * Anchors the ledger's checkpoints on a Fabric channel (the certhub chaincode). The first anchor registers the log's
 * origin with its verifier key (or checks the registered key is ours); each anchor carries the consistency proof
 * from the last anchored size, read from the channel, to the new size, so the channel refuses a forked log
 * ({@link ChaincodeRefusal#forked()}). Reading back lists every anchored note for verification.
 */
public final class FabricAnchor implements AnchorPort {
  private final FabricClient client;
  private final String origin;
  private final String verifierKey;
  private final ConsistencyProofs proofs;
  private volatile boolean registered;
  private volatile Outcome last;

  /**
   * The last anchoring: when, the size it was for, and the error (null when it landed).
   *
   * @param refusal the chaincode's code when it refused, else null
   */
  public record Outcome(java.time.Instant at, long size, String error, String refusal, boolean forked) {
    public boolean landed() {
      return error == null;
    }
  }

  /**
   * @param client the certhub contract
   * @param origin the ledger's origin (first line of its checkpoints)
   * @param verifierKey the ledger's C2SP note verifier key, registered for the origin
   * @param proofs consistency proofs from the ledger
   */
  public FabricAnchor(FabricClient client, String origin, String verifierKey, ConsistencyProofs proofs) {
    this.client = Objects.requireNonNull(client, "client");
    this.origin = Objects.requireNonNull(origin, "origin");
    this.verifierKey = Objects.requireNonNull(verifierKey, "verifierKey");
    this.proofs = Objects.requireNonNull(proofs, "proofs");
  }

  @Override
  public synchronized void anchor(String signedCheckpoint) throws IOException {
    Checkpoint cp = body(signedCheckpoint);
    try {
      submit(signedCheckpoint, cp);
      last = new Outcome(java.time.Instant.now(), cp.size(), null, null, false);
    } catch (ChaincodeRefusal e) {
      last = new Outcome(java.time.Instant.now(), cp.size(), e.getMessage(), e.code(), e.forked());
      throw e;
    } catch (IOException | RuntimeException e) {
      last = new Outcome(java.time.Instant.now(), cp.size(), String.valueOf(e.getMessage()), null, false);
      throw e;
    }
  }

  private void submit(String signedCheckpoint, Checkpoint cp) throws IOException {
    if (!cp.origin().equals(origin)) {
      throw new IOException("checkpoint of origin " + cp.origin() + " cannot be anchored as " + origin);
    }
    register();
    String proof = "";
    String latest = latest();
    if (latest != null) {
      long last = body(latest).size();
      // At or below the last size the chaincode decides without a proof: same root is a no-op, else a refusal.
      if (cp.size() > last) {
        proof = proofs.between(last, cp.size()).stream()
            .map(h -> Base64.getEncoder().encodeToString(h))
            .collect(Collectors.joining(","));
      }
    }
    client.submit("anchorCheckpoint", signedCheckpoint, proof);
  }

  /** The last anchoring's outcome, null before the first (for the health indicator). */
  public Outcome lastOutcome() {
    return last;
  }

  @Override
  public List<String> anchored() throws IOException {
    return anchored(client, origin);
  }

  /**
   * Every note anchored for {@code origin} on the channel, smallest size first: what {@code certhub ledger verify}
   * checks against a log ({@code LogVerifier.verifyAnchored}).
   */
  public static List<String> anchored(FabricClient client, String origin) throws IOException {
    JsonArray notes = JsonParser.parseString(client.evaluate("listAnchors", origin)).getAsJsonArray();
    List<String> out = new ArrayList<>(notes.size());
    for (JsonElement e : notes) {
      out.add(e.getAsString());
    }
    return out;
  }

  /** The note anchored at {@code size}, or null when none. */
  public String anchorAt(long size) throws IOException {
    try {
      return client.evaluate("getAnchor", origin, Long.toString(size));
    } catch (ChaincodeRefusal e) {
      if (e.code().equals("NOT_FOUND")) {
        return null;
      }
      throw e;
    }
  }

  private String latest() throws IOException {
    try {
      return client.evaluate("getLatestAnchor", origin);
    } catch (ChaincodeRefusal e) {
      if (e.code().equals("NOT_FOUND")) {
        return null;
      }
      throw e;
    }
  }

  /** Registers the origin once; a registration with another key is a foreign log and refused. */
  private void register() throws IOException {
    if (registered) {
      return;
    }
    String record;
    try {
      record = client.evaluate("getLog", origin);
    } catch (ChaincodeRefusal e) {
      if (!e.code().equals("NOT_FOUND")) {
        throw e;
      }
      try {
        record = client.submit("registerLog", origin, verifierKey);
      } catch (ChaincodeRefusal raced) {
        if (!raced.code().equals("LOG_ALREADY_REGISTERED")) {
          throw raced;
        }
        record = client.evaluate("getLog", origin); // another hub instance registered it meanwhile
      }
    }
    String key = JsonParser.parseString(record).getAsJsonObject().get("verifierKey").getAsString();
    if (!key.equals(verifierKey)) {
      throw new IOException("origin " + origin + " is registered on the Fabric channel with another verifier key ("
          + key + "), not this ledger's (" + verifierKey + "): a foreign log; refusing to anchor");
    }
    registered = true;
  }

  private static Checkpoint body(String note) throws IOException {
    int blank = note.indexOf("\n\n");
    if (blank < 0) {
      throw new IOException("not a signed checkpoint note (no blank line before the signatures)");
    }
    try {
      return Checkpoint.parse(note.substring(0, blank + 1));
    } catch (CheckpointFormatException e) {
      throw new IOException("not a checkpoint: " + e.getMessage(), e);
    }
  }
}
