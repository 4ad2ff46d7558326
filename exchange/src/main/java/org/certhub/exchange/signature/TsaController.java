package org.certhub.exchange.signature;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.certhub.signer.tsa.TimeStampAuthority;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /tsa}: the hub's RFC 3161 time-stamping authority over HTTP (§3.4). Takes {@code
 * application/timestamp-query}, answers {@code application/timestamp-reply} with status 200 whatever the
 * TimeStampResp's status: a refused query (bad algorithm, unreadable, too long) is a rejection in the reply, not
 * an HTTP error. Open like the CA's certificates and CRL: a timestamp says when, not who.
 */
@RestController
class TsaController {
  private static final MediaType REPLY = MediaType.parseMediaType(TimeStampAuthority.REPLY_MEDIA_TYPE);
  private final TimeStampAuthority tsa;

  TsaController(TimeStampAuthority tsa) {
    this.tsa = tsa;
  }

  @PostMapping(value = "/tsa", consumes = TimeStampAuthority.QUERY_MEDIA_TYPE)
  ResponseEntity<byte[]> stamp(HttpServletRequest request) throws IOException {
    byte[] query;
    try (InputStream in = request.getInputStream()) {
      query = in.readNBytes(TimeStampAuthority.MAX_QUERY_BYTES + 1); // respond() rejects anything longer
    }
    return ResponseEntity.ok().contentType(REPLY).cacheControl(CacheControl.noStore()).body(tsa.respond(query));
  }
}
