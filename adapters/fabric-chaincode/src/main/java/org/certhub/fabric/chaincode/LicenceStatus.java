package org.certhub.fabric.chaincode;

import java.nio.charset.StandardCharsets;
import org.json.JSONObject;

/**
 * A licence's registered status.
 *
 * @param digest lowercase hex SHA-256 of the licence identifier (the identifier itself never reaches the channel)
 * @param status valid, suspended or revoked
 * @param issuer MSP id of the issuing organisation
 * @param updatedAt the ISO-8601 timestamp of the transaction that set it
 */
record LicenceStatus(String digest, String status, String issuer, String updatedAt) {

  String json() {
    return "{\"digest\":" + Json.string(digest) + ",\"status\":" + Json.string(status) + ",\"issuer\":"
        + Json.string(issuer) + ",\"updatedAt\":" + Json.string(updatedAt) + "}";
  }

  static LicenceStatus read(byte[] stored) {
    if (!CertHubContract.present(stored)) {
      return null;
    }
    JSONObject o = new JSONObject(new String(stored, StandardCharsets.UTF_8));
    return new LicenceStatus(o.getString("digest"), o.getString("status"), o.getString("issuer"),
        o.getString("updatedAt"));
  }
}
