package org.certhub.fabric.chaincode;

import java.nio.charset.StandardCharsets;
import org.json.JSONObject;

/** A registered log: its origin, C2SP verifier key, and the MSP id of the organisation that owns it. */
record LogRecord(String origin, String verifierKey, String owner) {

  String json() {
    return "{\"origin\":" + Json.string(origin) + ",\"verifierKey\":" + Json.string(verifierKey) + ",\"owner\":"
        + Json.string(owner) + "}";
  }

  /** Reads a stored record; {@code null} for an absent key (null or empty, as a real peer answers). */
  static LogRecord read(byte[] stored) {
    if (!CertHubContract.present(stored)) {
      return null;
    }
    JSONObject o = new JSONObject(new String(stored, StandardCharsets.UTF_8));
    return new LogRecord(o.getString("origin"), o.getString("verifierKey"), o.getString("owner"));
  }
}
