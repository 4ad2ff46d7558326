package org.certhub.fabric.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

import com.google.protobuf.ByteString;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.hyperledger.fabric.contract.RouterBridge;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.junit.jupiter.api.Test;

/**
 * The contract as a peer reaches it: through the shim's {@code ContractRouter} (annotation scan,
 * function routing, argument conversion) with the creator a real X.509 {@code SerializedIdentity},
 * so {@code ClientIdentity} is the shim's own, not a mock. Refusals must reach the peer as an error
 * response whose payload is the stable code.
 */
class RouterTest {
  static final String DIGEST = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";
  final FakeLedger ledger = new FakeLedger();

  @Test
  void routesTransactionsWithTheCreatorsMspAndReturnsCodesOnRefusal() throws Exception {
    byte[] org1 = creator("Org1MSP");
    byte[] org2 = creator("Org2MSP");

    Chaincode.Response set = invoke(org1, "setLicenceStatus", DIGEST, "suspended");
    assertThat(set.getStatusCode()).as(set.getMessage()).isEqualTo(200);
    assertThat(set.getStringPayload()).contains("\"issuer\":\"Org1MSP\"", "\"status\":\"suspended\"");
    assertThat(ledger.events).containsKey(CertHubContract.EVENT_STATUS);

    Chaincode.Response read = invoke(org2, "getLicenceStatus", DIGEST);
    assertThat(read.getStringPayload()).isEqualTo(set.getStringPayload());

    Chaincode.Response refused = invoke(org2, "setLicenceStatus", DIGEST, "revoked");
    assertThat(refused.getStatusCode()).isEqualTo(500);
    assertThat(refused.getMessage()).startsWith("NOT_ISSUER: ");
    assertThat(new String(refused.getPayload(), StandardCharsets.UTF_8)).isEqualTo("NOT_ISSUER");

    // a long argument converted by the router
    Chaincode.Response missing = invoke(org2, "getAnchor", "certhub.example/x", "42");
    assertThat(missing.getMessage()).startsWith("NOT_FOUND: ");
    assertThat(missing.getMessage()).contains("at size 42");
  }

  Chaincode.Response invoke(byte[] creator, String function, String... params) {
    ChaincodeStub stub = ledger.stub(Instant.parse("2026-12-07T07:00:00Z"));
    List<String> all = new ArrayList<>();
    all.add("certhub:" + function);
    all.addAll(List.of(params));
    List<byte[]> bytes = all.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    when(stub.getCreator()).thenReturn(creator);
    when(stub.getFunction()).thenReturn(all.get(0));
    when(stub.getParameters()).thenReturn(List.of(params));
    when(stub.getStringArgs()).thenReturn(all);
    when(stub.getArgs()).thenReturn(bytes);
    when(stub.getChannelId()).thenReturn("mychannel");
    return RouterBridge.router().invoke(stub);
  }

  static byte[] creator(String mspId) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair kp = g.generateKeyPair();
    X500Name name = new X500Name("CN=user1,OU=client,O=" + mspId);
    var cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
            name, BigInteger.ONE, new Date(0), new Date(4_102_444_800_000L), name, kp.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
      w.writeObject(cert);
    }
    return SerializedIdentity.newBuilder()
        .setMspid(mspId)
        .setIdBytes(ByteString.copyFromUtf8(pem.toString()))
        .build()
        .toByteArray();
  }
}
