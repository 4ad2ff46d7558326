package org.certhub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.certhub.adapters.fabric.FabricAnchor;
import org.certhub.adapters.fabric.FabricConnection;
import org.certhub.adapters.fabric.FabricSettings;
import org.certhub.adapters.fabric.FabricStatusRegistry;
import org.certhub.adapters.fabric.FakePeer;
import org.certhub.adapters.fabric.TestNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hub with {@code certhub.fabric.endpoint} set, against the Fabric adapter's {@link FakePeer} on a TCP port (the
 * real chaincode, every client signature checked): a licence the demo issued and the issuer then revokes through the
 * API ends {@code revoked} in the chaincode's registry, read by another organisation with its own identity; then
 * {@code certhub ledger verify} reads the anchors the hub put on the channel and checks them against the log, and
 * reports a forged one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FabricIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path data;
  @TempDir static Path identities;
  static FakePeer peer;
  static Server server;
  static TestHub hub;
  static Path[] org2;
  static FabricConnection otherRegion;
  static String endpoint;

  @BeforeAll
  static void start() throws Exception {
    peer = new FakePeer();
    server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(peer).build().start();
    endpoint = "127.0.0.1:" + server.getPort();
    Path[] org1 = TestNetwork.identity(identities, "hub1", "Org1MSP");
    org2 = TestNetwork.identity(identities, "dept2", "Org2MSP");
    hub = TestHub.start(data, Map.of("certhub.fabric.endpoint", endpoint, "certhub.fabric.msp-id", "Org1MSP",
        "certhub.fabric.certificate", org1[0].toString(), "certhub.fabric.key", org1[1].toString(),
        "certhub.fabric.backoff", "50ms", "certhub.fabric.status.interval", "100ms", "certhub.fabric.status.min-backoff", "100ms",
        "certhub.ledger.anchor-interval", "1s"));
    otherRegion = FabricConnection.open(FabricSettings.of(endpoint, "Org2MSP", org2[0], org2[1], null));
  }

  @AfterAll
  static void stop() {
    try {
      if (otherRegion != null) {
        otherRegion.close();
      }
      if (hub != null) {
        hub.close();
      }
    } finally {
      if (server != null) {
        server.shutdownNow();
      }
    }
  }

  @Test
  @Order(1)
  void issuedThenRevoked_endsRevokedInTheChaincodeRegistry() throws Exception {
    HttpClient issuer = hub.client("issuer");
    JsonNode demo = JSON.readTree(Files.readString(hub.demo("demo.json")));
    String licenceId = demo.get("licenceId").asString();
    FabricStatusRegistry registry = new FabricStatusRegistry(otherRegion.client());

    // the demo issued it at start: the relay puts it on the channel by itself
    assertThat(awaitStatus(registry, licenceId, "valid")).isEqualTo("valid");

    HttpResponse<String> revoked = hub.post(issuer, "/api/v1/licences/" + licenceId + "/revocation", "{\"reason\":\"营业执照被吊销\"}");
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

    assertThat(awaitStatus(registry, licenceId, "revoked")).isEqualTo("revoked");
    FabricStatusRegistry.Entry e = registry.get(licenceId).orElseThrow();
    assertThat(e.issuer()).isEqualTo("Org1MSP");
    assertThat(e.digest()).isEqualTo(FabricStatusRegistry.digest(licenceId));
    JsonNode fabric = JSON.readTree(hub.get(hub.client(null), "/actuator/health/engines").body()).get("components").get("fabric");
    assertThat(fabric.get("status").asString()).isEqualTo("UP");
    assertThat(fabric.get("details").get("statusRefused").asLong()).isZero();
    assertThat(peer.badSignatures).hasValue(0);
  }

  @Test
  @Order(2)
  void ledgerVerify_checksTheLogAgainstTheAnchorsOnTheChannel() throws Exception {
    String vkey = Files.readString(data.resolve("ledger.vkey"), StandardCharsets.UTF_8).strip();
    String origin = vkey.substring(0, vkey.indexOf('+'));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    List<String> anchored = FabricAnchor.anchored(otherRegion.client(), origin);
    while (anchored.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      anchored = FabricAnchor.anchored(otherRegion.client(), origin);
    }
    assertThat(anchored).as("the hub anchors its checkpoints on the channel").isNotEmpty();
    hub.close(); // the log stops growing; verify reads its files
    hub = null;
    int onChannel = FabricAnchor.anchored(otherRegion.client(), origin).size();

    Run ok = verify();
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("ledger ok").contains(onChannel + " Fabric anchors on mychannel/certhub match the log");

    // A forged anchor on the channel (a root the log never had, at an anchored size) is reported.
    String note = FabricAnchor.anchored(otherRegion.client(), origin).get(0);
    String[] lines = note.split("\n", -1);
    byte[] root = java.util.Base64.getDecoder().decode(lines[2]);
    root[5] ^= 1;
    lines[2] = java.util.Base64.getEncoder().encodeToString(root);
    Optional<String> key = peer.state.entrySet().stream()
        .filter(x -> new String(x.getValue(), StandardCharsets.UTF_8).equals(note)).map(Map.Entry::getKey).findFirst();
    peer.state.put(key.orElseThrow(), String.join("\n", lines).getBytes(StandardCharsets.UTF_8));

    Run forged = verify();
    assertThat(forged.exit()).as(forged.out()).isEqualTo(1);
    assertThat(forged.err()).contains("ledger verification failed at anchor 0").contains("Fabric anchor 0");

    Run unreachable = cli("ledger", "verify", "--data", data.toString(), "--fabric-endpoint", "127.0.0.1:1",
        "--fabric-msp-id", "Org2MSP", "--fabric-cert", org2[0].toString(), "--fabric-key", org2[1].toString());
    assertThat(unreachable.exit()).isEqualTo(2);
    assertThat(unreachable.err()).contains("cannot read the Fabric anchors from 127.0.0.1:1");
    Run incomplete = cli("ledger", "verify", "--data", data.toString(), "--fabric-endpoint", endpoint);
    assertThat(incomplete.exit()).isEqualTo(2);
    assertThat(incomplete.err()).contains("--fabric-msp-id");
  }

  private static Run verify() {
    return cli("ledger", "verify", "--data", data.toString(), "--fabric-endpoint", endpoint, "--fabric-msp-id", "Org2MSP",
        "--fabric-cert", org2[0].toString(), "--fabric-key", org2[1].toString());
  }

  private static String awaitStatus(FabricStatusRegistry registry, String licenceId, String status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String seen = "none";
    while (!seen.equals(status) && System.nanoTime() < deadline) {
      seen = registry.get(licenceId).map(FabricStatusRegistry.Entry::status).orElse("none");
      if (!seen.equals(status)) {
        Thread.sleep(100);
      }
    }
    return seen;
  }

  record Run(int exit, String out, String err) {}

  private static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new CertHub());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return new Run(cli.execute(args), out.toString(), err.toString());
  }
}
