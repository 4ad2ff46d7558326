package org.certhub.exchange.signature;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.UUID;
import org.certhub.exchange.audit.Access;
import org.certhub.exchange.audit.AccessLog;
import org.certhub.exchange.department.Caller;
import org.certhub.exchange.department.Fingerprints;
import org.certhub.exchange.pki.CertificateService;
import org.certhub.exchange.pki.IssuedCertificate;
import org.certhub.exchange.pki.IssuerKeys;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.ProblemException;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.DigestAlgorithm;
import org.certhub.signer.cms.CmsSigner;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.tsa.TimeStampAuthority;
import org.springframework.stereotype.Service;

/**
 * Signs bytes for a department as CAdES-T CMS (RFC 5652, ETSI EN 319 122-1) with the department's signing key
 * held by the hub: the same key and DOCUMENT_SIGNING certificate its licences are signed with ({@link
 * IssuerKeys}), since both are the department's own signature on a document and a relying party then trusts one
 * certificate per department. The signature timestamp comes from the hub's TSA in process. Every signature is a
 * ledger entry ({@code signature.create}) made before the CMS leaves: no entry, no signature.
 */
@Service
public class SignatureService {
  /** Largest content signed, 20 MB: documents, not archives. */
  public static final int MAX_CONTENT_BYTES = 20 << 20;

  private final IssuerKeys keys;
  private final CertificateService certificates;
  private final TimeStampAuthority tsa;
  private final AccessLog accessLog;
  private final Clock clock;

  /** Wires the service. */
  public SignatureService(IssuerKeys keys, CertificateService certificates, TimeStampAuthority tsa, AccessLog accessLog, Clock clock) {
    this.keys = keys;
    this.certificates = certificates;
    this.tsa = tsa;
    this.accessLog = accessLog;
    this.clock = clock;
  }

  /**
   * Signs {@code content} for the caller's department and records the signature in the ledger.
   *
   * @return the DER ContentInfo (SignedData)
   * @throws ProblemException 409 when the department holds no signing key, or its certificate is revoked
   */
  public byte[] sign(Caller caller, byte[] content, CmsSigner.Mode mode) {
    KeyHandle key;
    try {
      key = keys.signingKey(caller.code());
    } catch (IllegalStateException e) {
      throw ProblemException.denied(ErrorCode.CONFLICT, "signature.key",
          "department " + caller.code() + " holds no signing key at the hub; an admin creates one (only issuing departments have one now)");
    }
    X509Certificate leaf = key.chain().get(0);
    IssuedCertificate registered = certificates.find(leaf).orElse(null);
    if (registered != null && registered.revocation() != null) {
      throw ProblemException.of(ErrorCode.SIGNING_KEY_REVOKED,
          "the signing certificate " + registered.serial() + " of department " + caller.code() + " was revoked at "
              + registered.revocation().revokedAt() + "; nothing is signed until an admin rotates the key");
    }
    byte[] cms;
    try {
      cms = new CmsSigner(key, tsa, clock).sign(content, mode);
    } catch (SignerException e) {
      throw ProblemException.withCause(ErrorCode.INTEGRITY_FAILURE, "the content could not be signed", e);
    }
    accessLog.record(
        new Access("signature.create", caller.code(), null, null, null, null, "allowed", Fingerprints.sha256(leaf), UUID.randomUUID().toString())
            .by(caller.certificateFingerprint(), null)
            .about(null, null, DigestAlgorithm.SHA256.describe(content)));
    return cms;
  }
}
