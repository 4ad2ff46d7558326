package org.certhub.signer.seal;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code SES_SealInfo}: what the seal maker vouches for (GB/T 38540-2020, FORMATS.md §1.2).
 *
 * @param header the {@code SES_Header}
 * @param esId the unique seal code ({@code esID}), the key of seal registries and revocation lookups
 * @param property the {@code SES_ESPropertyInfo}
 * @param picture the {@code SES_ESPictrueInfo}
 * @param extensions the {@code extDatas}, empty when absent
 */
public record SealInfo(Header header, String esId, Property property, Picture picture, List<Extension> extensions) {

  /** Validates and copies the members. */
  public SealInfo {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(esId, "esId");
    Objects.requireNonNull(property, "property");
    Objects.requireNonNull(picture, "picture");
    extensions = List.copyOf(extensions);
  }

  /**
   * {@code SES_Header}.
   *
   * @param id always {@code "ES"}
   * @param version 4 or 5; for v1 whatever the field holds (not reliable there)
   * @param vid the vendor identifier
   */
  public record Header(String id, int version, String vid) {
    /** Validates the members. */
    public Header {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(vid, "vid");
    }
  }

  /**
   * {@code SES_ESPropertyInfo}.
   *
   * @param type the business-defined seal type (v1: 1 unit seal, 2 personal seal)
   * @param name the seal's name
   * @param certListType {@link #CERTIFICATES} or {@link #DIGESTS}; v1 seals read as {@link #CERTIFICATES}
   * @param certificates DER certificates of the signers allowed to use the seal (list type 1), else empty
   * @param certDigests digests of those certificates (list type 2), else empty
   * @param createDate when the seal was made
   * @param validStart the start of the seal's validity window
   * @param validEnd the end of the seal's validity window
   */
  public record Property(int type, String name, int certListType, List<byte[]> certificates, List<CertDigest> certDigests,
      Instant createDate, Instant validStart, Instant validEnd) {

    /** {@code certListType} of a list of signer certificates. */
    public static final int CERTIFICATES = 1;
    /** {@code certListType} of a list of certificate digests. */
    public static final int DIGESTS = 2;

    /** Validates and copies the members. */
    public Property {
      Objects.requireNonNull(name, "name");
      certificates = List.copyOf(certificates);
      certDigests = List.copyOf(certDigests);
      Objects.requireNonNull(createDate, "createDate");
      Objects.requireNonNull(validStart, "validStart");
      Objects.requireNonNull(validEnd, "validEnd");
      if (certListType != CERTIFICATES && certListType != DIGESTS) {
        throw new IllegalArgumentException("certListType must be 1 or 2, but was: " + certListType);
      }
    }
  }

  /**
   * {@code CertDigestObj}: a digest of an authorised signer's DER certificate.
   *
   * @param algorithm the digest algorithm's name as written ({@code "SM3"}, {@code "SHA-256"}, …)
   * @param value the digest
   */
  public record CertDigest(String algorithm, byte[] value) {
    /** Validates and copies the members. */
    public CertDigest {
      Objects.requireNonNull(algorithm, "algorithm");
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }
  }

  /**
   * {@code SES_ESPictrueInfo}: the seal's appearance.
   *
   * @param type {@code "PNG"}, {@code "SVG"}, {@code "GIF"}, …
   * @param data the image bytes
   * @param widthMm display width in millimetres
   * @param heightMm display height in millimetres
   */
  public record Picture(String type, byte[] data, int widthMm, int heightMm) {
    /** Validates and copies the members. */
    public Picture {
      Objects.requireNonNull(type, "type");
      data = data.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }
  }

  /**
   * {@code ExtData}.
   *
   * @param oid the dotted {@code extnID}
   * @param critical whether a reader that does not understand it must reject the seal
   * @param value the {@code extnValue} octets
   */
  public record Extension(String oid, boolean critical, byte[] value) {
    /** Validates and copies the members. */
    public Extension {
      Objects.requireNonNull(oid, "oid");
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }
  }
}
