package org.certhub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.certhub.hub.keys.DepartmentKeys;
import org.certhub.hub.keys.HubKeys;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.licence.LicenceVerifier;
import org.certhub.signer.licence.SignedLicence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hub with departments' signing keys on a real SoftHSM2 token (PKCS#11 through SunPKCS11): the demo
 * issuer's key is generated on the token, licences are signed there and verify, the key is not in the
 * PKCS#12 store, and rotation makes a second token key.
 */
class Pkcs11CustodyIT {
  static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
  static final Path UTIL = Path.of("/usr/bin/softhsm2-util");
  static final String PIN = "246813";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path data;
  static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    assertThat(Files.isExecutable(UTIL)).as(UTIL + " is missing: install the softhsm2 package (CI's .ci/run does)").isTrue();
    String env = System.getenv("SOFTHSM2_CONF");
    assertThat(env).as("SOFTHSM2_CONF must be set for the test JVM (hub/pom.xml failsafe configuration)").isNotNull();
    Path conf = Path.of(env);
    Path tokens = conf.resolveSibling("tokens");
    if (Files.exists(tokens)) {
      try (Stream<Path> old = Files.walk(tokens)) {
        for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(tokens);
    Files.writeString(conf, "directories.tokendir = " + tokens.toAbsolutePath() + "\nobjectstore.backend = file\nlog.level = ERROR\n");
    ProcessBuilder pb =
        new ProcessBuilder(UTIL.toString(), "--init-token", "--free", "--label", "certhub-hub", "--so-pin", "13572468", "--pin", PIN)
            .redirectErrorStream(true);
    pb.environment().put("SOFTHSM2_CONF", conf.toString());
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    Matcher m = Pattern.compile("reassigned to slot (\\d+)").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    hub =
        TestHub.start(
            data,
            Map.of(
                "certhub.pkcs11.library", LIBRARY.toString(),
                "certhub.pkcs11.slot", m.group(1),
                "certhub.pkcs11.pin", PIN,
                "certhub.licence-algorithm", "ECDSA_P256_SHA256"));
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void licencesAreSignedOnTheTokenAndVerify_andRotationMakesANewTokenKey() throws Exception {
    DepartmentKeys keys = hub.context.getBean(DepartmentKeys.class);
    assertThat(keys.onToken()).isTrue();
    assertThat(hub.context.getBean(HubKeys.class).store().aliases()).noneMatch(a -> a.startsWith("dept-"));

    HttpClient issuer = hub.client("issuer");
    String id = JSON.readTree(Files.readString(hub.demo("demo.json"))).get("licenceId").asString();
    HttpResponse<String> r = hub.get(issuer, "/api/v1/licences/" + id);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    SignedLicence signed = SignedLicence.parse(r.body());
    assertThat(signed.algorithm()).isEqualTo(SignatureAlgorithm.ECDSA_P256_SHA256);
    LicenceVerifier.verify(signed, Set.of(hub.ca()));
    String firstSerial = signed.chain().get(0).getSerialNumber().toString(16);

    HttpResponse<String> rotated = hub.post(hub.client("admin"), "/api/v1/admin/departments/11330100MB1234567E/signing-key", "");
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    String newSerial = JSON.readTree(rotated.body()).get("serial").asString();
    assertThat(newSerial).isNotEqualTo(firstSerial);

    HttpResponse<String> updated = hub.post(issuer, "/api/v1/licences/" + id + "/versions", "{\"fields\":{\"address\":\"浙江省杭州市滨江区1号\"}}");
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(201);
    ObjectNode body = (ObjectNode) JSON.readTree(updated.body());
    body.remove("receipt");
    SignedLicence v2 = SignedLicence.parse(body.toString());
    assertThat(v2.chain().get(0).getSerialNumber().toString(16)).isEqualTo(newSerial);
    LicenceVerifier.verify(v2, Set.of(hub.ca()));
    // The first version, signed by the rotated-out token key, still verifies.
    LicenceVerifier.verify(signed, Set.of(hub.ca()));
  }
}
