package org.certhub.adapters.fabric;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;

/**
 * One Gateway connection to a peer: the organisation's X.509 identity and private key sign every proposal,
 * transaction and status request; TLS trusts the given CA. Owns the gRPC channel when it made it.
 */
public final class FabricConnection implements AutoCloseable {
  private final ManagedChannel owned;
  private final Gateway gateway;
  private final FabricSettings settings;

  /** Connects over gRPC (TLS unless no CA is given) to {@code settings.endpoint()}. */
  public static FabricConnection open(FabricSettings settings) throws IOException {
    ChannelCredentials creds = settings.tlsCa() == null
        ? InsecureChannelCredentials.create()
        : TlsChannelCredentials.newBuilder().trustManager(settings.tlsCa().toFile()).build();
    ManagedChannelBuilder<?> b = Grpc.newChannelBuilder(settings.endpoint(), creds);
    if (settings.tlsAuthority() != null && !settings.tlsAuthority().isBlank()) {
      b.overrideAuthority(settings.tlsAuthority());
    }
    ManagedChannel channel = b.build();
    try {
      return new FabricConnection(channel, channel, settings);
    } catch (IOException | RuntimeException e) {
      channel.shutdownNow();
      throw e;
    }
  }

  /** Over a channel the caller owns (tests: in-process). */
  public static FabricConnection over(io.grpc.Channel channel, FabricSettings settings) throws IOException {
    return new FabricConnection(channel, null, settings);
  }

  private FabricConnection(io.grpc.Channel channel, ManagedChannel owned, FabricSettings s) throws IOException {
    this.owned = owned;
    this.settings = s;
    X509Certificate cert;
    PrivateKey key;
    try (Reader r = Files.newBufferedReader(s.certificate(), StandardCharsets.US_ASCII)) {
      cert = Identities.readX509Certificate(r);
    } catch (CertificateException e) {
      throw new IOException("certhub.fabric.certificate " + s.certificate() + " is not a PEM certificate: " + e.getMessage(), e);
    }
    try (Reader r = Files.newBufferedReader(keyFile(s.key()), StandardCharsets.US_ASCII)) {
      key = Identities.readPrivateKey(r);
    } catch (InvalidKeyException e) {
      throw new IOException("certhub.fabric.key " + s.key() + " is not a PEM private key: " + e.getMessage(), e);
    }
    Duration t = s.timeout();
    this.gateway = Gateway.newInstance()
        .identity(new X509Identity(s.mspId(), cert))
        .signer(Signers.newPrivateKeySigner(key))
        .hash(Hash.SHA256)
        .connection(channel)
        .evaluateOptions(o -> o.withDeadlineAfter(t.toMillis(), TimeUnit.MILLISECONDS))
        .endorseOptions(o -> o.withDeadlineAfter(t.toMillis(), TimeUnit.MILLISECONDS))
        .submitOptions(o -> o.withDeadlineAfter(t.toMillis(), TimeUnit.MILLISECONDS))
        .commitStatusOptions(o -> o.withDeadlineAfter(s.commitTimeout().toMillis(), TimeUnit.MILLISECONDS))
        .connect();
  }

  /** A Fabric MSP keystore directory holds one key file with a generated name: take it. */
  private static Path keyFile(Path key) throws IOException {
    if (!Files.isDirectory(key)) {
      return key;
    }
    try (var files = Files.list(key)) {
      return files.filter(Files::isRegularFile).findFirst()
          .orElseThrow(() -> new IOException("certhub.fabric.key directory " + key + " holds no key file"));
    }
  }

  /** The certhub contract on the configured channel and chaincode. */
  public FabricClient client() {
    return new FabricClient(gateway.getNetwork(settings.channel()).getContract(settings.chaincode(), settings.contract()),
        settings.attempts(), settings.backoff());
  }

  @Override
  public void close() {
    gateway.close();
    if (owned != null) {
      owned.shutdown();
      try {
        if (!owned.awaitTermination(5, TimeUnit.SECONDS)) {
          owned.shutdownNow();
        }
      } catch (InterruptedException e) {
        owned.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
