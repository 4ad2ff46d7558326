package org.certhub.adapters.fabric;

import io.grpc.Status.Code;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;

/**
 * Calls the certhub contract through a peer's Gateway with the failure handling the fabric-gateway API defines:
 *
 * <ul>
 *   <li>{@link EndorseException}: a chaincode refusal (its code in the error details) is final, reported as
 *       {@link ChaincodeRefusal}; anything else (peer unavailable, timeout) is retried with a new proposal, since
 *       nothing reached the orderer.
 *   <li>{@link SubmitException}: the orderer may or may not have the transaction; the <em>same</em> signed
 *       transaction (same id, so at most one copy can ever be valid) is submitted again.
 *   <li>{@link CommitStatusException}: unknown outcome. The status is looked up by transaction id again, never
 *       replaced by a new transaction; after the lookups run out, the same signed transaction is resubmitted once
 *       (harmless if it was ordered: the copy is invalid as a duplicate id) and looked up again.
 *   <li>A commit with a non-valid code (e.g. {@code MVCC_READ_CONFLICT}): reported as {@link InvalidTransaction}.
 * </ul>
 */
public final class FabricClient {
  private static final System.Logger LOG = System.getLogger(FabricClient.class.getName());
  private static final Pattern CODE = Pattern.compile(
      "\\b(BAD_ARGUMENT|CHECKPOINT_MALFORMED|SIGNATURE_INVALID|LOG_NOT_REGISTERED|LOG_ALREADY_REGISTERED|NOT_LOG_OWNER"
          + "|ROOT_CONFLICT|SIZE_BELOW_LAST|INCONSISTENT|NOT_ISSUER|REVOKED_IS_FINAL|STATUS_IS_FINAL|NOT_FOUND): ");

  private final Contract contract;
  private final int attempts;
  private final Duration backoff;

  /**
   * @param contract the certhub contract on the channel
   * @param attempts tries per step (endorse, submit, status lookup), at least 1
   * @param backoff pause between tries (doubled each time)
   */
  public FabricClient(Contract contract, int attempts, Duration backoff) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be >= 1, but was: " + attempts);
    }
    this.contract = contract;
    this.attempts = attempts;
    this.backoff = backoff;
  }

  /** A transaction the channel judged invalid at commit (the endorsement was not enough, or a read conflict). */
  public static final class InvalidTransaction extends IOException {
    InvalidTransaction(String function, String txId, String code) {
      super("the Fabric channel committed " + function + " transaction " + txId + " as invalid: " + code);
    }
  }

  /** Evaluates (queries) a function on one peer; the result as UTF-8. */
  public String evaluate(String function, String... args) throws IOException {
    GatewayException last = null;
    for (int i = 0; i < attempts; i++) {
      try {
        return utf8(contract.evaluateTransaction(function, args));
      } catch (GatewayException e) {
        throwIfRefused(function, e);
        last = e;
        pause(i, function + " evaluation", e);
      }
    }
    throw new IOException("cannot evaluate " + function + " on the Fabric channel: " + describe(last), last);
  }

  /** Endorses, submits and waits for the commit of a function; the chaincode's result as UTF-8. */
  public String submit(String function, String... args) throws IOException {
    Transaction tx = endorse(function, args);
    SubmittedTransaction commit = order(function, tx);
    Status status = lookUp(function, commit);
    if (status == null) {
      LOG.log(System.Logger.Level.WARNING, "Fabric {0} transaction {1}: outcome unknown, resubmitting the same transaction",
          function, tx.getTransactionId());
      commit = order(function, tx);
      status = lookUp(function, commit);
    }
    if (status == null) {
      throw new IOException("outcome of the Fabric " + function + " transaction " + tx.getTransactionId()
          + " is unknown: its commit status could not be read; retried later");
    }
    if (!status.isSuccessful()) {
      throw new InvalidTransaction(function, status.getTransactionId(), status.getCode().name());
    }
    return utf8(tx.getResult());
  }

  private Transaction endorse(String function, String... args) throws IOException {
    EndorseException last = null;
    for (int i = 0; i < attempts; i++) {
      try {
        return contract.newProposal(function).addArguments(args).build().endorse();
      } catch (EndorseException e) {
        throwIfRefused(function, e);
        last = e;
        pause(i, function + " endorsement", e);
      }
    }
    throw new IOException("cannot endorse " + function + " on the Fabric channel: " + describe(last), last);
  }

  private SubmittedTransaction order(String function, Transaction tx) throws IOException {
    SubmitException last = null;
    for (int i = 0; i < attempts; i++) {
      try {
        return tx.submitAsync();
      } catch (SubmitException e) {
        last = e;
        pause(i, function + " submission of " + tx.getTransactionId(), e);
      }
    }
    throw new IOException("cannot submit the Fabric " + function + " transaction " + tx.getTransactionId()
        + " to the orderer: " + describe(last), last);
  }

  /** The commit status by transaction id, or null while it cannot be read. */
  private Status lookUp(String function, SubmittedTransaction commit) {
    for (int i = 0; i < attempts; i++) {
      try {
        return commit.getStatus();
      } catch (CommitStatusException e) {
        pause(i, function + " commit status of " + commit.getTransactionId(), e);
      }
    }
    return null;
  }

  private static void throwIfRefused(String function, GatewayException e) throws ChaincodeRefusal {
    for (ErrorDetail d : e.getDetails()) {
      Matcher m = CODE.matcher(d.getMessage());
      if (m.find()) {
        throw new ChaincodeRefusal(function, m.group(1), d.getMessage(), e);
      }
    }
    Matcher m = CODE.matcher(String.valueOf(e.getStatus().getDescription()));
    if (m.find() && e.getStatus().getCode() != Code.UNAVAILABLE) {
      throw new ChaincodeRefusal(function, m.group(1), e.getStatus().getDescription(), e);
    }
  }

  private void pause(int attempt, String what, GatewayException e) {
    LOG.log(System.Logger.Level.INFO, "Fabric {0} failed (try {1} of {2}): {3}", what, attempt + 1, attempts, describe(e));
    if (attempt + 1 < attempts) {
      try {
        Thread.sleep(backoff.toMillis() << Math.min(attempt, 6));
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String describe(GatewayException e) {
    if (e == null) {
      return "no attempt";
    }
    StringBuilder sb = new StringBuilder(e.getStatus().getCode().name());
    if (e.getStatus().getDescription() != null) {
      sb.append(' ').append(e.getStatus().getDescription());
    }
    for (ErrorDetail d : e.getDetails()) {
      sb.append("; ").append(d.getMspId()).append('@').append(d.getAddress()).append(": ").append(d.getMessage());
    }
    return sb.toString();
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
