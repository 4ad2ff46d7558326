package org.certhub.exchange.seal;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.certhub.exchange.file.FileSeals;
import org.certhub.signer.SignerException;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.seal.Seal;
import org.certhub.signer.seal.SealFormatException;
import org.certhub.signer.seal.SealPictures;
import org.certhub.signer.seal.SealRequest;
import org.springframework.stereotype.Component;

/**
 * Licence files are stamped with a seal from the registry: the department's newest valid seal that authorises the
 * signing key, or, when it has none, a round official seal made and registered for it (so it is listed, can be
 * revoked, and verification sees its status like any other).
 */
@Component
class RegistryFileSeals implements FileSeals {
  private static final Duration VALIDITY = Duration.ofDays(3 * 365);
  private final SealRegistry registry;
  private final SealService seals;
  private final Clock clock;

  RegistryFileSeals(SealRegistry registry, SealService seals, Clock clock) {
    this.registry = registry;
    this.seals = seals;
    this.clock = clock;
  }

  @Override
  public synchronized Seal sealFor(String departmentCode, String departmentName, KeyHandle signer) throws SignerException {
    X509Certificate cert = signer.chain().get(0);
    byte[] der;
    try {
      der = cert.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new SignerException("the signer's certificate must be DER encodable, but was: " + e.getMessage(), e);
    }
    Instant now = clock.instant();
    Optional<Seal> current = current(departmentCode, der, now);
    if (current.isPresent()) {
      return current.get();
    }
    Instant from = now.truncatedTo(ChronoUnit.SECONDS);
    Instant to = min(from.plus(VALIDITY), cert.getNotAfter().toInstant());
    RegisteredSeal made = seals.register(departmentCode, esId -> new SealRequest(esId, 1, departmentName, List.of(cert),
        Optional.empty(), from, to, SealPictures.svg(departmentName)));
    return Seal.decode(made.der());
  }

  private Optional<Seal> current(String department, byte[] signer, Instant now) throws SealFormatException {
    List<RegisteredSeal> all = registry.ofDepartment(department, 1_000);
    for (int i = all.size() - 1; i >= 0; i--) { // newest first
      RegisteredSeal s = all.get(i);
      if ("valid".equals(s.statusAt(now))) {
        Seal seal = Seal.decode(s.der());
        if (seal.authorises(signer)) {
          return Optional.of(seal);
        }
      }
    }
    return Optional.empty();
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
