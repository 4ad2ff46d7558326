/**
 * E-licences (电子证照) per the GB/T 36901-36906 series: the GB/T 36904-2018 identifier with its
 * ISO/IEC 7064 MOD 37,36 check character, GB/T 36903-2018 metadata (holder-ID type codes), and a
 * signed JSON form whose signature covers the RFC 8785 (JCS) canonical bytes.
 *
 * <p>Flow: {@link org.certhub.signer.licence.LicenceSigner#sign} → {@link
 * org.certhub.signer.licence.SignedLicence#toJson()} → transport → {@link
 * org.certhub.signer.licence.SignedLicence#parse} (unverified) → {@link
 * org.certhub.signer.licence.LicenceVerifier#verify} → {@link
 * org.certhub.signer.licence.VerifiedLicence}. The issuer binding uses the X.520
 * organizationIdentifier (2.5.4.97) in the signer certificate's subject.
 */
package org.certhub.signer.licence;
