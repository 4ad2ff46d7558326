package org.certhub.hub.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.certhub.exchange.audit.AccessLog;
import org.certhub.exchange.audit.AuditIndex;
import org.certhub.exchange.audit.LedgerIdentity;
import org.certhub.exchange.me.CitizenTokens;
import org.certhub.exchange.audit.Pseudonymiser;
import org.certhub.exchange.department.CallerResolver;
import org.certhub.exchange.department.DepartmentRepository;
import org.certhub.exchange.licence.TrustAnchors;
import org.certhub.exchange.web.InProcessRateLimits;
import org.certhub.exchange.web.InProcessReplayGuard;
import org.certhub.exchange.web.ReplayGuard;
import org.certhub.exchange.licence.LicenceCache;
import org.certhub.exchange.pull.ResponseSigner;
import org.certhub.hub.keys.DepartmentKeys;
import org.certhub.hub.keys.HubCaAdapter;
import org.certhub.exchange.pki.CertificateService;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.certhub.hub.keys.HubKeys;
import org.certhub.ledger.Ledger;
import org.certhub.ledger.LedgerConfig;
import org.certhub.ledger.anchor.AnchorPort;
import org.certhub.ledger.anchor.FileAnchor;
import org.certhub.ledger.LedgerException;
import org.certhub.ledger.checkpoint.NoteSigner;
import org.certhub.signer.SignerException;
import org.certhub.signer.key.Pkcs11KeyStore;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Assembles the libraries and the exchange: every bean here is a {@code new} of a library class. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HubProperties.class)
@EnableScheduling
public class HubConfig {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean(destroyMethod = "destroy")
  HubKeys hubKeys(HubProperties props, Clock clock) throws SignerException, IOException, GeneralSecurityException {
    HubKeys keys =
        HubKeys.openOrCreate(
            props.dataDir(), props.keystorePassword().toCharArray(), clock, props.tlsNames(), props.ledger().origin(), props.crlUrl());
    // The hub CA as /pki/ca.pem serves it, root first: seals and stamps carry leaf certificates only, so offline
    // verifiers (certhub seal verify --trust ca.pem) need the issuing CA to reach the root, which stays the one anchor.
    Files.writeString(props.dataDir().resolve("ca.pem"), keys.caPem(), StandardCharsets.US_ASCII);
    return keys;
  }

  /** TLS 1.2 and 1.3 only, whatever the JDK's java.security would still allow. */
  public static final java.util.List<String> TLS_PROTOCOLS = java.util.List.of("TLSv1.3", "TLSv1.2");

  /**
   * Forward-secret AEAD suites only: the three TLS 1.3 suites, and for TLS 1.2 ECDHE with AES-GCM or
   * ChaCha20-Poly1305 (no CBC, no static RSA key exchange, no 3DES, RC4, NULL, anonymous or export suites).
   * The RSA-signed ones serve a TLS key an operator may bring; the hub's own is ECDSA P-256.
   */
  public static final java.util.List<String> TLS_CIPHERS = java.util.List.of(
      "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  /** The TLS bundle the server uses ({@code server.ssl.bundle=certhub}): the hub key, trusting the hub CA. */
  @Bean
  SslBundleRegistrar certhubSslBundle(HubKeys keys) {
    return registry -> {
      try {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("certhub-root", keys.rootCertificate());
        registry.registerBundle(
            "certhub",
            SslBundle.of(
                SslStoreBundle.of(keys.tlsKeyStore(), keys.tlsKeyPassword(), trust),
                SslBundleKey.of(keys.tlsKeyPassword(), "tls"),
                org.springframework.boot.ssl.SslOptions.of(TLS_CIPHERS.toArray(String[]::new), TLS_PROTOCOLS.toArray(String[]::new))));
      } catch (GeneralSecurityException | IOException | SignerException e) {
        throw new IllegalStateException("the hub's TLS keys cannot be loaded: " + e.getMessage(), e);
      }
    };
  }

  /**
   * The ledger. On a server database ({@code certhub.db.url}, e.g. PostgreSQL) its checkpoint record is a row there, so no other
   * hub instance (or restored copy) on that database can sign a fork; embedded, the ledger directory's file is it.
   * Depends on Flyway: the row's table must exist before the ledger opens.
   */
  @Bean(destroyMethod = "close")
  @org.springframework.context.annotation.DependsOn("flywayInitializer")
  Ledger ledger(HubProperties props, HubKeys keys, Clock clock, javax.sql.DataSource dataSource, org.springframework.core.env.Environment env,
      org.springframework.beans.factory.ObjectProvider<AnchorPort> anchorPort)
      throws GeneralSecurityException, LedgerException, IOException, SignerException {
    NoteSigner signer =
        NoteSigner.ed25519(props.ledger().origin(), keys.ledgerCertificate().getPublicKey(), keys.ledgerPrivateKey());
    Files.writeString(props.dataDir().resolve("ledger.vkey"), signer.verifierKey() + "\n", StandardCharsets.UTF_8);
    if (props.ledger().sm2Cosignature()) {
      var sm2 = keys.ledgerSm2Key();
      NoteSigner.Cosigner cosigner =
          new NoteSigner.Cosigner(props.ledger().origin() + "/sm2", "SM2-SM3", sm2.publicKey().getEncoded(), message -> {
            try {
              return sm2.sign(message);
            } catch (SignerException e) {
              throw new IllegalStateException("the ledger's SM2 key failed to sign: " + e.getMessage(), e);
            }
          });
      signer = signer.withCosigner(cosigner);
      Files.writeString(props.dataDir().resolve("ledger-sm2.vkey"), cosigner.verifierKey() + "\n", StandardCharsets.UTF_8);
    }
    LedgerConfig config =
        new LedgerConfig(props.dataDir().resolve("ledger"), props.ledger().origin(), signer, props.ledger().checkpointInterval(), clock)
            .withRequestIds(AccessLog::requestIdOf)
            // An engine's anchor when one is configured (certhub.fabric.*), else the append-only file.
            .withAnchor(anchorPort.getIfAvailable(() -> new FileAnchor(props.dataDir().resolve("anchors").resolve("ledger.anchor"))),
                props.ledger().anchorInterval());
    // The embedded H2 file belongs to this process alone; any other database may be shared by several instances.
    // With the journal on Kafka every instance holds a replica of one log and only the active sequencer swaps
    // checkpoints into that shared record (adapters/kafka JournalSequencer), so the replica keeps its own.
    if (!env.getProperty("certhub.db.url", "").startsWith("jdbc:h2:") && !"kafka".equals(props.ledger().journal())) {
      config = config.withSharedCheckpoints(new org.certhub.exchange.audit.JdbcCheckpointStore(
          org.springframework.jdbc.core.simple.JdbcClient.create(dataSource), props.ledger().origin(), clock));
    }
    return Ledger.open(config);
  }

  @Bean
  LedgerIdentity ledgerIdentity(HubProperties props, HubKeys keys) throws GeneralSecurityException {
    return new LedgerIdentity(
        props.ledger().origin(),
        NoteSigner.ed25519(props.ledger().origin(), keys.ledgerCertificate().getPublicKey(), keys.ledgerPrivateKey()).verifierKey());
  }

  /** Citizen sessions; the demo sign-in is open only in demo mode. */
  @Bean
  CitizenTokens citizenTokens(HubKeys keys, Clock clock, org.springframework.core.env.Environment env) throws GeneralSecurityException {
    javax.crypto.Mac derive = javax.crypto.Mac.getInstance("HmacSHA256");
    derive.init(keys.pseudonymKey());
    byte[] sessionKey = derive.doFinal("certhub citizen session key v1".getBytes(StandardCharsets.UTF_8));
    return new CitizenTokens(
        new javax.crypto.spec.SecretKeySpec(sessionKey, "HmacSHA256"), clock, env.getProperty("certhub.demo", Boolean.class, false));
  }

  /** Wallet sign-ins in flight through the identity provider: a signed cookie, keyed from the hub secret. */
  @Bean
  org.certhub.exchange.me.PendingLogins pendingLogins(HubKeys keys, Clock clock) throws GeneralSecurityException {
    javax.crypto.Mac derive = javax.crypto.Mac.getInstance("HmacSHA256");
    derive.init(keys.pseudonymKey());
    byte[] cookieKey = derive.doFinal("certhub oidc pending login key v1".getBytes(StandardCharsets.UTF_8));
    return new org.certhub.exchange.me.PendingLogins(new javax.crypto.spec.SecretKeySpec(cookieKey, "HmacSHA256"), clock);
  }

  /** Subscription events: the outbox worker that fans out and delivers signed webhooks. */
  @Bean(destroyMethod = "close")
  org.certhub.exchange.subscription.WebhookDispatcher webhookDispatcher(
      org.certhub.exchange.subscription.EventOutbox outbox, AccessLog accessLog, Clock clock, HubProperties props,
      org.springframework.core.env.Environment env) {
    HubProperties.Webhooks w = props.webhooks();
    boolean allowHttp = w.allowHttp() || env.getProperty("certhub.demo", Boolean.class, false);
    var dispatcher = new org.certhub.exchange.subscription.WebhookDispatcher(outbox, accessLog, clock,
        new org.certhub.exchange.subscription.WebhookDispatcher.Settings(w.poll(), w.retryBase(), w.retryMax(), w.maxAttempts(), w.timeout(), allowHttp));
    dispatcher.start();
    return dispatcher;
  }

  /** The signed trust list of issuers' licence-signing keys for QR verifiers, signed with the hub's response key. */
  @Bean
  org.certhub.exchange.pki.TrustListPublisher trustListPublisher(
      org.certhub.exchange.pki.CertificateRegistry certificates, org.certhub.exchange.catalogue.CatalogueRepository catalogue,
      HubKeys keys, Clock clock) throws SignerException {
    return new org.certhub.exchange.pki.TrustListPublisher(certificates, catalogue, keys.responseKey(), clock);
  }

  /** The database for local tools while the hub runs; stopped before the data source closes (it depends on it). */
  @Bean(destroyMethod = "close")
  @org.springframework.boot.autoconfigure.condition.ConditionalOnExpression("'${spring.datasource.url}'.startsWith('jdbc:h2:file:')")
  LocalDatabaseAccess localDatabaseAccess(javax.sql.DataSource dataSource, HubProperties props) throws java.sql.SQLException, IOException {
    try (var c = dataSource.getConnection()) {
      // The database is open in this JVM before the server shares it.
    }
    return LocalDatabaseAccess.start(props.dataDir().resolve("db"));
  }

  /** Online QR checks, against the trust list exactly as the hub publishes it. */
  @Bean
  org.certhub.exchange.qr.QrCheck qrCheck(
      org.certhub.exchange.pki.TrustListPublisher trustList, HubKeys keys, org.certhub.exchange.licence.LicenceRepository licences,
      org.certhub.exchange.catalogue.CatalogueRepository catalogue, DepartmentRepository departments, AccessLog accessLog, Clock clock,
      ReplayGuard replays) throws SignerException {
    return new org.certhub.exchange.qr.QrCheck(trustList, keys.responseKey().chain().get(0), licences, catalogue, departments, accessLog, clock, replays);
  }

  /** The signed status list of every licence for QR verifiers, signed with the hub's response key. */
  @Bean
  org.certhub.exchange.licence.StatusListPublisher statusListPublisher(
      org.certhub.exchange.licence.LicenceRepository licences, HubKeys keys, Clock clock) throws SignerException {
    return new org.certhub.exchange.licence.StatusListPublisher(licences, keys.responseKey(), clock);
  }

  /** Holders' consents; consent QR tokens are tagged with a key derived from the hub secret. */
  @Bean
  org.certhub.exchange.consent.ConsentService consentService(
      org.certhub.exchange.consent.ConsentRepository consents, HubKeys keys, Clock clock) throws GeneralSecurityException {
    javax.crypto.Mac derive = javax.crypto.Mac.getInstance("HmacSHA256");
    derive.init(keys.pseudonymKey());
    byte[] tokenKey = derive.doFinal("certhub consent token key v1".getBytes(StandardCharsets.UTF_8));
    return new org.certhub.exchange.consent.ConsentService(consents, new javax.crypto.spec.SecretKeySpec(tokenKey, "HmacSHA256"), clock);
  }

  @Bean
  Pseudonymiser pseudonymiser(HubKeys keys) throws GeneralSecurityException {
    return new Pseudonymiser(keys.pseudonymKey());
  }

  /** The local ledger as the access journal; the Kafka adapter's journal ({@code certhub.ledger.journal=kafka}) is {@code @Primary}. */
  @Bean
  org.certhub.exchange.audit.AccessJournal localAccessJournal(Ledger ledger) {
    return org.certhub.exchange.audit.AccessJournal.local(ledger);
  }

  @Bean
  AccessLog accessLog(org.certhub.exchange.audit.AccessJournal journal, AuditIndex index, Clock clock, HubProperties props) {
    AccessLog log = new AccessLog(journal, index, clock, props.ledger().appendTimeout());
    log.reindex();
    return log;
  }

  /**
   * Per department and matter, in this process. With {@code certhub.redis.url} the Redis adapter's shared budget
   * (a {@code @Primary} bean with these numbers) is used instead, and this one while Redis is unreachable.
   */
  @Bean
  InProcessRateLimits rateLimits(HubProperties props, Clock clock) {
    return new InProcessRateLimits(props.rateLimit().perSecond(), props.rateLimit().burst(), clock);
  }

  /** Replayed QR presentations and signed requests, in this process; the Redis adapter's shared guard takes over when configured. */
  @Bean
  ReplayGuard replayGuard(Clock clock) {
    return new InProcessReplayGuard(100_000, clock);
  }

  /** No cache of licence views on one instance (its database is local); the Redis adapter's shared one when configured. */
  @Bean
  LicenceCache licenceCache() {
    return LicenceCache.NONE;
  }

  @Bean
  TrustAnchors trustAnchors(HubKeys keys) throws SignerException {
    return new TrustAnchors(Set.of(keys.rootCertificate()));
  }

  /** The hub's RFC 3161 TSA: behind {@code POST /tsa} and stamping the department signatures it makes (CAdES-T). */
  @Bean
  org.certhub.signer.tsa.TimeStampAuthority timeStampAuthority(HubKeys keys, Clock clock) throws SignerException {
    return new org.certhub.signer.tsa.TimeStampAuthority(keys.tsaKey(), clock);
  }

  /** The hub's seal maker (制章者): signs the e-seals departments make through {@code POST /api/v1/seals}. */
  @Bean
  org.certhub.exchange.seal.SealMakerKey sealMakerKey(HubKeys keys) {
    return keys::sealMakerKey;
  }

  @Bean
  ResponseSigner responseSigner(HubKeys keys) throws SignerException {
    return new ResponseSigner(keys.responseKey());
  }

  @Bean
  HubCaAdapter hubCa(HubKeys keys) {
    return new HubCaAdapter(keys);
  }

  /** Departments' signing keys: on the PKCS#11 token when one is configured (logged out at shutdown), else in hub.p12. */
  @Bean(destroyMethod = "close")
  DepartmentKeys departmentKeys(HubKeys keys, CertificateService certificates, HubProperties props, Clock clock) throws SignerException {
    HubProperties.Pkcs11 p = props.pkcs11();
    Pkcs11KeyStore token =
        p == null || p.library() == null ? null : Pkcs11KeyStore.open(p.library(), Pkcs11KeyStore.Slot.id(p.slot()), p.pin().toCharArray());
    return new DepartmentKeys(keys, certificates, props.licenceAlgorithm(), token, clock);
  }

  /** Errors Tomcat raises before the application (e.g. an encoded '/' in the path) are problem+json too. */
  @Bean
  org.springframework.boot.web.server.WebServerFactoryCustomizer<org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory> problemErrors() {
    return factory -> factory.addContextCustomizers(context -> {
      if (context.getParent() instanceof org.apache.catalina.core.StandardHost host) {
        host.setErrorReportValveClass(ProblemErrorValve.class.getName());
      }
    });
  }

  @Bean
  CallerResolver callerResolver(DepartmentRepository departments, Clock clock, AccessLog accessLog) {
    return new CallerResolver(departments, clock, accessLog::refused);
  }

  /** Departments by client certificate as a handler argument; the pages at short paths. */
  @Bean
  WebMvcConfigurer callerResolution(CallerResolver callerResolver) {
    return new WebMvcConfigurer() {
      @Override
      public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(callerResolver);
      }

      @Override
      public void addViewControllers(org.springframework.web.servlet.config.annotation.ViewControllerRegistry registry) {
        for (String page : List.of("wallet", "verify", "audit")) {
          registry.addViewController("/" + page).setViewName("forward:/" + page + "/index.html");
          registry.addViewController("/" + page + "/").setViewName("forward:/" + page + "/index.html");
        }
      }
    };
  }
}
