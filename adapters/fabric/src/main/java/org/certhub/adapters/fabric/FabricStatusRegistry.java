package org.certhub.adapters.fabric;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The cross-region licence status registry on the channel. Only the SHA-256 of the licence identifier reaches the
 * channel; the first organisation to set a licence's status is its issuer.
 */
public final class FabricStatusRegistry {
  private final FabricClient client;

  /** A status record as the chaincode keeps it. */
  public record Entry(String digest, String status, String issuer, Instant updatedAt) {}

  public FabricStatusRegistry(FabricClient client) {
    this.client = client;
  }

  /** Sets {@code status} ({@code valid}, {@code suspended}, {@code revoked}) for a licence identifier. */
  public Entry set(String licenceId, String status) throws IOException {
    return parse(client.submit("setLicenceStatus", digest(licenceId), status));
  }

  /** The status of a licence identifier, empty when no organisation has set one. */
  public Optional<Entry> get(String licenceId) throws IOException {
    try {
      return Optional.of(parse(client.evaluate("getLicenceStatus", digest(licenceId))));
    } catch (ChaincodeRefusal e) {
      if (e.code().equals("NOT_FOUND")) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Lowercase hex SHA-256 of the UTF-8 identifier, the registry's key. */
  public static String digest(String licenceId) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(licenceId.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  private static Entry parse(String json) {
    JsonObject o = JsonParser.parseString(json).getAsJsonObject();
    return new Entry(o.get("digest").getAsString(), o.get("status").getAsString(), o.get("issuer").getAsString(),
        Instant.parse(o.get("updatedAt").getAsString()));
  }
}
