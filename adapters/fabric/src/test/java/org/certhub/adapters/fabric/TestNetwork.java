package org.certhub.adapters.fabric;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.certhub.ledger.Ledger;
import org.certhub.ledger.LedgerConfig;
import org.certhub.ledger.checkpoint.NoteSigner;

/** Keys made at run time: an organisation's X.509 identity as PEM files, and ledgers signing as one origin. */
public final class TestNetwork {
  static final String ORIGIN = "ledger.certhub.example/fabric";

  private TestNetwork() {}

  /** Writes {@code <name>.pem} (certificate) and {@code <name>_sk} (PKCS#8 key) of a fresh P-256 identity. */
  public static Path[] identity(Path dir, String name, String mspId) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair kp = g.generateKeyPair();
    X500Name subject = new X500Name("CN=" + name + ",OU=client,O=" + mspId);
    var cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
            subject, BigInteger.ONE, new Date(0), new Date(4_102_444_800_000L), subject, kp.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
      w.writeObject(cert);
    }
    Path certFile = dir.resolve(name + ".pem");
    Path keyFile = dir.resolve(name + "_sk");
    Files.writeString(certFile, pem.toString(), StandardCharsets.US_ASCII);
    Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(kp.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
    return new Path[] {certFile, keyFile};
  }

  static NoteSigner ledgerSigner() throws Exception {
    KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    return NoteSigner.ed25519(ORIGIN, kp.getPublic(), kp.getPrivate());
  }

  /** A ledger of {@code entries} entries with a checkpoint; {@code tag} makes its entries (and so its roots) its own. */
  static Ledger ledger(Path dir, NoteSigner signer, String tag, int entries) throws Exception {
    Ledger l = Ledger.open(new LedgerConfig(dir, ORIGIN, signer, Duration.ofHours(1), Clock.systemUTC()));
    grow(l, tag, entries);
    return l;
  }

  static void grow(Ledger l, String tag, int entries) throws Exception {
    long from = l.size();
    for (long i = from; i < from + entries; i++) {
      l.append(("{\"access\":" + i + ",\"tag\":\"" + tag + "\"}").getBytes(StandardCharsets.UTF_8)).get();
    }
    l.checkpointNow();
  }

  static FabricSettings settings(String endpoint, Path[] id) {
    return settings(endpoint, id, "Org1MSP");
  }

  /** Settings for the test channel and chaincode as a member of {@code mspId}, with short timeouts and backoff. */
  static FabricSettings settings(String endpoint, Path[] id, String mspId) {
    FabricSettings d = FabricSettings.of(endpoint, mspId, id[0], id[1], null);
    return new FabricSettings(d.endpoint(), d.mspId(), d.certificate(), d.key(), null, null, "mychannel", "certhub",
        "certhub", Duration.ofSeconds(20), Duration.ofSeconds(5), 3, Duration.ofMillis(10));
  }
}
