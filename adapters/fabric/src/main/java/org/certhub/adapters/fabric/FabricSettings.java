package org.certhub.adapters.fabric;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code certhub.fabric.*}: where the peer's Gateway is and who the hub is on the channel.
 *
 * @param endpoint peer Gateway address, {@code host:port}
 * @param mspId the organisation's MSP id, e.g. {@code Org1MSP}
 * @param certificate PEM X.509 certificate of the hub's identity
 * @param key PEM private key (PKCS#8), or an MSP {@code keystore} directory holding one
 * @param tlsCa PEM CA the peer's TLS certificate chains to; null for plaintext (tests only)
 * @param tlsAuthority TLS host name to expect when the endpoint's differs (e.g. {@code peer0.org1.example.com}); may be null
 * @param channel channel name
 * @param chaincode chaincode name on the channel
 * @param contract contract name in the chaincode ({@code certhub})
 * @param timeout deadline of evaluate, endorse and submit calls
 * @param commitTimeout deadline of a commit status lookup
 * @param attempts tries per step
 * @param backoff first pause between tries (doubled each time)
 */
public record FabricSettings(
    String endpoint, String mspId, Path certificate, Path key, Path tlsCa, String tlsAuthority, String channel,
    String chaincode, String contract, Duration timeout, Duration commitTimeout, int attempts, Duration backoff) {

  public FabricSettings {
    Objects.requireNonNull(endpoint, "certhub.fabric.endpoint");
    Objects.requireNonNull(mspId, "certhub.fabric.msp-id");
    Objects.requireNonNull(certificate, "certhub.fabric.certificate");
    Objects.requireNonNull(key, "certhub.fabric.key");
    Objects.requireNonNull(channel, "certhub.fabric.channel");
    Objects.requireNonNull(chaincode, "certhub.fabric.chaincode");
    Objects.requireNonNull(contract, "certhub.fabric.contract");
  }

  /** Defaults: channel {@code mychannel}, chaincode and contract {@code certhub}, 30 s / 60 s deadlines, 3 tries from 1 s. */
  public static FabricSettings of(String endpoint, String mspId, Path certificate, Path key, Path tlsCa) {
    return new FabricSettings(endpoint, mspId, certificate, key, tlsCa, null, "mychannel", "certhub", "certhub",
        Duration.ofSeconds(30), Duration.ofSeconds(60), 3, Duration.ofSeconds(1));
  }
}
