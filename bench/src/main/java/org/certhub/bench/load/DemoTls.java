package org.certhub.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS context from the demo contract files (README "What DATA/demo/ holds"): {@code ca.pem} is the only
 * trust anchor; {@code <identity>.pem} (chain, leaf first) and {@code <identity>.key} (unencrypted PKCS#8)
 * are the client identity presented for mutual TLS.
 */
public final class DemoTls {
  private static final char[] IN_MEMORY = "in-memory".toCharArray();

  private DemoTls() {}

  public static SSLContext context(Path demoDir, String identity) throws IOException, GeneralSecurityException {
    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(demoDir.resolve("ca.pem"))) {
      trust.setCertificateEntry("ca", x509.generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);

    Collection<? extends Certificate> chain;
    try (InputStream in = Files.newInputStream(demoDir.resolve(identity + ".pem"))) {
      chain = x509.generateCertificates(in);
    }
    if (chain.isEmpty()) {
      throw new IllegalArgumentException(demoDir.resolve(identity + ".pem") + " must hold a certificate chain, but holds none");
    }
    PrivateKey key = privateKey(demoDir.resolve(identity + ".key"), chain.iterator().next().getPublicKey().getAlgorithm());
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(identity, key, IN_MEMORY, chain.toArray(new Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, IN_MEMORY);

    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ssl;
  }

  private static PrivateKey privateKey(Path file, String algorithm) throws IOException, GeneralSecurityException {
    String pem = Files.readString(file);
    if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
      throw new IllegalArgumentException(file + " must be an unencrypted PKCS#8 key (BEGIN PRIVATE KEY)");
    }
    byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (InvalidKeySpecException e) {
      throw new InvalidKeySpecException(file + " is not a PKCS#8 " + algorithm + " key matching the certificate", e);
    }
  }
}
