package org.certhub.hub.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import org.certhub.adapters.fabric.FabricAnchor;
import org.certhub.adapters.fabric.FabricConnection;
import org.certhub.adapters.fabric.FabricSettings;
import org.certhub.ledger.LedgerException;
import org.certhub.ledger.anchor.FileAnchor;
import org.certhub.ledger.checkpoint.CheckpointFormatException;
import org.certhub.ledger.checkpoint.NoteVerifier;
import org.certhub.ledger.verify.LogVerificationException;
import org.certhub.ledger.verify.LogVerifier;
import org.certhub.ledger.verify.VerifyResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code certhub ledger verify}: an outsider's check of a ledger.
 *
 * <ul>
 *   <li>{@code --data DIR}: recomputes the Merkle tree from every journal entry, checks every checkpoint's
 *       signature and consistency with the one before, and every tile byte;
 *   <li>{@code --url URL --cert PEM --key KEY --cacert CA}: reads a running hub's checkpoint and tiles as an
 *       auditor, recomputes the tree from the entry bundles and checks the signature and every tile.
 * </ul>
 *
 * With {@code --fabric-endpoint} (or {@code CERTHUB_FABRIC_ENDPOINT} and the other {@code CERTHUB_FABRIC_*} settings
 * the hub reads, docs/fabric.md), a {@code --data} check also reads every checkpoint anchored on the Fabric channel
 * (an evaluate transaction, {@code listAnchors}) and checks each against the log: signed by the log key and with the
 * root the log has at that size.
 *
 * Exit 0 with the size and root when all holds; 1 with the first bad index (and the file and byte for a
 * changed tile) otherwise; 2 when the ledger cannot be read at all.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Verify the whole ledger, from a data directory or a hub URL.")
public final class LedgerVerifyCommand implements Callable<Integer> {
  @Option(names = "--data", defaultValue = "certhub-data", description = "data directory (default: ${DEFAULT-VALUE})")
  Path data;

  @Option(names = "--url", description = "a hub's base URL, e.g. https://hub.example:8443, to verify remotely")
  String url;

  @Option(names = "--cert", description = "with --url: the auditor's client certificate chain (PEM)")
  Path cert;

  @Option(names = "--key", description = "with --url: the auditor's private key (PEM, PKCS#8)")
  Path key;

  @Option(names = "--cacert", description = "with --url: the CA certificate(s) to trust for the hub's TLS")
  Path cacert;

  @Option(
      names = "--vkey",
      description = "checkpoint verifier key (C2SP vkey) obtained out of band. Default: DATA/ledger.vkey, or with --url the hub's"
          + " /api/v1/ledger/key (printed, so compare it with the one you trust)")
  String vkey;

  @Option(names = "--fabric-endpoint", defaultValue = "${env:CERTHUB_FABRIC_ENDPOINT}",
      description = "with --data: also check the checkpoints anchored on this Fabric peer's Gateway (host:port). Default: $CERTHUB_FABRIC_ENDPOINT")
  String fabricEndpoint;

  @Option(names = "--fabric-msp-id", defaultValue = "${env:CERTHUB_FABRIC_MSP_ID}", description = "the organisation's MSP id. Default: $CERTHUB_FABRIC_MSP_ID")
  String fabricMspId;

  @Option(names = "--fabric-cert", defaultValue = "${env:CERTHUB_FABRIC_CERTIFICATE}",
      description = "PEM certificate of a channel member's identity. Default: $CERTHUB_FABRIC_CERTIFICATE")
  Path fabricCert;

  @Option(names = "--fabric-key", defaultValue = "${env:CERTHUB_FABRIC_KEY}",
      description = "its PEM private key or MSP keystore directory. Default: $CERTHUB_FABRIC_KEY")
  Path fabricKey;

  @Option(names = "--fabric-tls-ca", defaultValue = "${env:CERTHUB_FABRIC_TLS_CA}",
      description = "PEM CA of the peer's TLS certificate (none: plaintext). Default: $CERTHUB_FABRIC_TLS_CA")
  Path fabricTlsCa;

  @Option(names = "--fabric-tls-authority", defaultValue = "${env:CERTHUB_FABRIC_TLS_AUTHORITY}",
      description = "TLS host name to expect, e.g. peer0.org1.example.com. Default: $CERTHUB_FABRIC_TLS_AUTHORITY")
  String fabricTlsAuthority;

  @Option(names = "--fabric-channel", defaultValue = "${env:CERTHUB_FABRIC_CHANNEL:-mychannel}", description = "default: ${DEFAULT-VALUE}")
  String fabricChannel;

  @Option(names = "--fabric-chaincode", defaultValue = "${env:CERTHUB_FABRIC_CHAINCODE:-certhub}", description = "default: ${DEFAULT-VALUE}")
  String fabricChaincode;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      VerifyResult r;
      boolean fabric = fabricEndpoint != null && !fabricEndpoint.isBlank();
      if (fabric && (url != null || fabricMspId == null || fabricCert == null || fabricKey == null)) {
        err.println(url != null ? "--fabric-endpoint checks a data directory: use it with --data, not --url"
            : "--fabric-endpoint needs --fabric-msp-id, --fabric-cert and --fabric-key (or CERTHUB_FABRIC_MSP_ID, _CERTIFICATE, _KEY)");
        err.flush();
        return 2;
      }
      if (url != null) {
        if (cert == null || key == null || cacert == null) {
          err.println("--url needs --cert, --key and --cacert (an auditor's client certificate and the hub CA)");
          err.flush();
          return 2;
        }
        HttpTileReader reader = new HttpTileReader(url, cert, key, cacert);
        String k = vkey;
        if (k == null) {
          k = new String(reader.get("/api/v1/ledger/key").orElseThrow(() -> new IOException("the hub serves no ledger key")), StandardCharsets.UTF_8).strip();
          out.println("verifier key from the hub (compare with the one you trust): " + k);
        }
        r = LogVerifier.verify(reader, NoteVerifier.fromVerifierKey(k), origin(k));
        out.printf("ledger ok: size %d root %s (checkpoint and every tile verified from %s)%n", r.size(), Base64.getEncoder().encodeToString(r.root()), url);
      } else {
        String k = vkey != null ? vkey : Files.readString(data.resolve("ledger.vkey"), StandardCharsets.UTF_8).strip();
        Path anchorFile = data.resolve("anchors").resolve("ledger.anchor");
        FileAnchor anchors = new FileAnchor(anchorFile);
        r = Files.exists(anchorFile)
            ? LogVerifier.verify(data.resolve("ledger"), NoteVerifier.fromVerifierKey(k), origin(k), anchors)
            : LogVerifier.verify(data.resolve("ledger"), NoteVerifier.fromVerifierKey(k), origin(k));
        String onFabric = "";
        if (fabric) {
          List<String> notes = fabricAnchors(origin(k));
          LogVerifier.verifyAnchored(data.resolve("ledger"), NoteVerifier.fromVerifierKey(k), origin(k), notes, "Fabric anchor");
          onFabric = String.format("; %d Fabric anchors on %s/%s match the log", notes.size(), fabricChannel, fabricChaincode);
        }
        out.printf("ledger ok: size %d root %s (%d checkpoints, %d anchors, every tile verified)%s%n", r.size(),
            Base64.getEncoder().encodeToString(r.root()), r.checkpoints(), Files.exists(anchorFile) ? anchors.anchored().size() : 0,
            onFabric);
      }
      out.flush();
      return 0;
    } catch (LogVerificationException e) {
      err.printf("ledger verification failed at %s %d: %s%n", e.location().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), e.badIndex(), e.getMessage());
      err.flush();
      return 1;
    } catch (CheckpointFormatException e) {
      err.printf("the verifier key is malformed: %s%n", e.getMessage());
      err.flush();
      return 2;
    } catch (LedgerException e) {
      err.printf("ledger verification failed: %s%n", e.getMessage());
      err.flush();
      return 1;
    } catch (IOException | GeneralSecurityException e) {
      err.printf("cannot read the ledger: %s%n", e.getMessage());
      err.flush();
      return 2;
    }
  }

  /** Every checkpoint anchored for {@code origin} on the configured channel (evaluate {@code listAnchors}). */
  private List<String> fabricAnchors(String origin) throws IOException {
    FabricSettings d = FabricSettings.of(fabricEndpoint.strip(), fabricMspId, fabricCert, fabricKey, fabricTlsCa);
    FabricSettings s = new FabricSettings(d.endpoint(), d.mspId(), d.certificate(), d.key(), d.tlsCa(), fabricTlsAuthority,
        fabricChannel, fabricChaincode, d.contract(), d.timeout(), d.commitTimeout(), 2, d.backoff());
    try (FabricConnection c = FabricConnection.open(s)) {
      return FabricAnchor.anchored(c.client(), origin);
    } catch (IOException e) {
      throw new IOException("cannot read the Fabric anchors from " + s.endpoint() + ": " + e.getMessage(), e);
    }
  }

  static String origin(String vkey) {
    int plus = vkey.indexOf('+');
    return plus < 0 ? vkey : vkey.substring(0, plus);
  }
}
