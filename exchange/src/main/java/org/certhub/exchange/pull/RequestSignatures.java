package org.certhub.exchange.pull;

import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collections;
import java.util.Optional;
import org.certhub.exchange.department.Caller;
import org.certhub.exchange.pki.CertificateRegistry;
import org.certhub.exchange.pki.IssuedCertificate;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.InProcessReplayGuard;
import org.certhub.exchange.web.ReplayGuard;
import org.certhub.exchange.web.JsonBody;
import org.certhub.exchange.web.ProblemException;
import org.certhub.signer.httpsig.HttpFields;
import org.certhub.signer.httpsig.HttpRequest;
import org.certhub.signer.httpsig.HttpSignatureException;
import org.certhub.signer.httpsig.HttpSignatureVerifier;
import org.certhub.signer.httpsig.VerificationPolicy;
import org.certhub.signer.httpsig.VerifiedHttpSignature;
import org.certhub.signer.key.Verifier;
import org.certhub.signer.pki.Pem;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Optional RFC 9421 signatures over pull and check requests (non-repudiation: the ledger keeps the department's
 * signature, so it cannot later deny it asked). The {@code keyid} is the {@code sha256:<hex>} fingerprint of one of
 * the calling department's own client certificates, in force; its key fixes the algorithm. The signature must
 * cover {@code @method}, {@code @target-uri} and {@code content-digest}.
 */
@Component
public class RequestSignatures {
  private final CertificateRegistry certificates;
  private final Clock clock;
  private final boolean required;
  private final ReplayGuard replays;
  /** Used while the shared guard is unreachable: replays within this instance are still refused. */
  private final InProcessReplayGuard local;

  RequestSignatures(CertificateRegistry certificates, Clock clock, @Value("${certhub.http-signatures.required:false}") boolean required,
      ReplayGuard replays) {
    this.certificates = certificates;
    this.clock = clock;
    this.required = required;
    this.replays = replays;
    this.local = new InProcessReplayGuard(100_000, clock);
  }

  /**
   * Verifies the request's signature, if it has one.
   *
   * @return what the ledger keeps ({@code keyid=… base=sha256:… <label>=:<signature>:}), or null for an unsigned
   *     request where signatures are optional
   * @throws ProblemException 401 {@code signature_invalid} naming what failed
   */
  public String verify(Caller caller, HttpServletRequest request) {
    if (request.getHeader(HttpSignatureVerifier.SIGNATURE_INPUT) == null && request.getHeader(HttpSignatureVerifier.SIGNATURE) == null) {
      if (required) {
        throw ProblemException.of(ErrorCode.SIGNATURE_INVALID, "this hub requires an RFC 9421 signature (Signature-Input and Signature)"
            + " over @method, @target-uri and content-digest on pulls and checks");
      }
      return null;
    }
    byte[] body = (byte[]) request.getAttribute(SignedBodyFilter.BODY);
    if (body == null) {
      throw ProblemException.of(ErrorCode.SIGNATURE_INVALID, "a Signature header needs a Signature-Input header to go with it");
    }
    HttpFields.Builder headers = HttpFields.builder();
    for (String name : Collections.list(request.getHeaderNames())) {
      for (String value : Collections.list(request.getHeaders(name))) {
        headers.add(name, value);
      }
    }
    String host = request.getHeader("Host") == null ? request.getServerName() + ":" + request.getServerPort() : request.getHeader("Host");
    HttpRequest message;
    try {
      message = new HttpRequest(request.getMethod(), request.getScheme(), host, request.getRequestURI(), request.getQueryString(), headers.build(),
          body);
    } catch (IllegalArgumentException e) {
      throw ProblemException.of(ErrorCode.SIGNATURE_INVALID, "the request cannot be checked against a signature: " + e.getMessage());
    }
    HttpSignatureVerifier verifier = new HttpSignatureVerifier(keyId -> key(caller, keyId),
        VerificationPolicy.requiring("@method", "@target-uri", "content-digest"), clock);
    VerifiedHttpSignature v;
    try {
      v = verifier.verify(message);
    } catch (HttpSignatureException e) {
      throw ProblemException.of(ErrorCode.SIGNATURE_INVALID, "the request signature does not hold (" + e.reason().name().toLowerCase(java.util.Locale.ROOT)
          + "): " + e.getMessage());
    }
    if (!firstSeen("sig:" + v.keyId() + ":" + v.signatureBaseDigest())) {
      throw ProblemException.of(ErrorCode.SIGNATURE_INVALID, "the request signature does not hold (replayed): this exact signature"
          + " base (keyid, created, nonce, method, target and content digest) was already used; sign each request afresh, with a nonce"
          + " when two identical requests fall in the same second");
    }
    String signature = request.getHeader(HttpSignatureVerifier.SIGNATURE);
    return "keyid=" + v.keyId() + " base=" + v.signatureBaseDigest() + " " + JsonBody.truncateTo(signature, 300);
  }

  /**
   * A signature base seen again while its signature could still be accepted is a replay. Only after the signature
   * verified, so a forged request cannot burn a real one's key. The shared guard when reachable; else this instance's
   * own (pulls go on while Redis is down; a replay across instances is then caught only by the ledger's record).
   */
  private boolean firstSeen(String key) {
    try {
      return replays.firstSeen(key, REPLAY_WINDOW);
    } catch (ReplayGuard.Unavailable e) {
      return local.firstSeen(key, REPLAY_WINDOW);
    }
  }

  /** How long a signature stays acceptable: its maximum age and the clock skew allowed on either side. */
  static final java.time.Duration REPLAY_WINDOW =
      VerificationPolicy.DEFAULT_MAX_AGE.plus(VerificationPolicy.DEFAULT_SKEW).plus(VerificationPolicy.DEFAULT_SKEW);

  /** Only the caller's own, valid client certificates can sign its requests. */
  private Optional<Verifier> key(Caller caller, String keyId) {
    Optional<IssuedCertificate> found = certificates.findByFingerprint(keyId);
    if (found.isEmpty() || !caller.code().equals(found.get().departmentCode()) || !"good".equals(found.get().status(clock.instant()))) {
      return Optional.empty();
    }
    try {
      X509Certificate cert = Pem.parseCertificate(found.get().pem());
      return Optional.of(Verifier.forCertificate(cert));
    } catch (org.certhub.signer.SignerException e) {
      return Optional.empty();
    }
  }
}
