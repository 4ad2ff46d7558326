package org.certhub.signer.seal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;

/**
 * DER codec of SESeal and SES_Signature (FORMATS.md §1.2–1.4). Reading first walks the input with a
 * bounded walker (definite lengths that fit their parent, depth at most {@link #MAX_DEPTH}), so the
 * Bouncy Castle parse that follows allocates at most the input's size and cannot recurse deeply;
 * every later type or shape mismatch becomes a {@link SealFormatException} naming the path.
 */
final class SealCodec {

  /** Deepest nesting accepted; SES_Signature with its embedded seal and extensions stays below 12. */
  static final int MAX_DEPTH = 32;

  private static final DateTimeFormatter GENERALIZED =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  private SealCodec() {}

  // ---- reading --------------------------------------------------------------------------------

  static Seal readSeal(byte[] der) throws SealFormatException {
    return readSeal(der, "SESeal");
  }

  static Seal readSeal(byte[] der, String path) throws SealFormatException {
    List<Node> seal = root(der, path).sequence(path);
    if (seal.size() == 2) {
      SealInfo info = sealInfo(seal.get(0), path + ".esealInfo", false);
      String sign = path + ".signInfo";
      List<Node> signInfo = seal.get(1).sequence(sign, 3, 3);
      return new Seal(SealVersion.V1, info, octets(signInfo.get(0), sign + ".cert"), oid(signInfo.get(1), sign + ".signatureAlgorithm"),
          bits(signInfo.get(2), sign + ".signData"), Optional.empty(), seal.get(0).bytes(), der.clone());
    }
    if (seal.size() != 4 && seal.size() != 5) {
      throw new SealFormatException(path + " must be a SEQUENCE of 2 (v1), 4 (v4, v5) or 5 (v5) members, but was: "
          + seal.size() + " members");
    }
    SealInfo info = sealInfo(seal.get(0), path + ".eSealInfo", true);
    int version = info.header().version();
    if (version != 4 && version != 5 || seal.size() == 5 && version != 5) {
      throw new SealFormatException(path + ".eSealInfo.header.version must be " + (seal.size() == 5 ? "5" : "4 or 5")
          + " for a " + seal.size() + "-member SESeal, but was: " + version);
    }
    Optional<byte[]> timeStamp = seal.size() == 5
        ? Optional.of(bits(seal.get(4).explicit(0, path + ".timeStamp"), path + ".timeStamp"))
        : Optional.empty();
    return new Seal(version == 4 ? SealVersion.V4 : SealVersion.V5, info, octets(seal.get(1), path + ".cert"),
        oid(seal.get(2), path + ".signAlgID"), bits(seal.get(3), path + ".signedValue"), timeStamp, seal.get(0).bytes(), der.clone());
  }

  static Stamp readStamp(byte[] der) throws SealFormatException {
    String path = "SES_Signature";
    List<Node> sig = root(der, path).sequence(path);
    String tbsPath = path + ".toSign";
    if (sig.size() == 2) { // GM/T 0031-2014: cert and algorithm inside toSign
      List<Node> tbs = sig.get(0).sequence(tbsPath, 7, 7);
      integer(tbs.get(0), tbsPath + ".version");
      Seal seal = readSeal(tbs.get(1).bytes(), tbsPath + ".eseal");
      if (seal.version() != SealVersion.V1) {
        throw new SealFormatException(tbsPath + ".eseal must be a v1 seal in a v1 stamp, but was: " + seal.version());
      }
      return new Stamp(SealVersion.V1, seal, v1Time(bits(tbs.get(2), tbsPath + ".timeInfo"), tbsPath + ".timeInfo"),
          bits(tbs.get(3), tbsPath + ".dataHash"), string(tbs.get(4), tbsPath + ".propertyInfo"), octets(tbs.get(5), tbsPath + ".cert"),
          oid(tbs.get(6), tbsPath + ".signatureAlgorithm"), bits(sig.get(1), path + ".signature"), Optional.empty(),
          sig.get(0).bytes(), der.clone());
    }
    if (sig.size() != 4 && sig.size() != 5) {
      throw new SealFormatException(path + " must be a SEQUENCE of 2 (v1), 4 or 5 (v4, v5) members, but was: " + sig.size()
          + " members");
    }
    List<Node> tbs = sig.get(0).sequence(tbsPath, 5, 6);
    int version = integer(tbs.get(0), tbsPath + ".version");
    Seal seal = readSeal(tbs.get(1).bytes(), tbsPath + ".eseal");
    if (seal.version() == SealVersion.V1) {
      throw new SealFormatException(tbsPath + ".eseal must be a v4 or v5 seal in a v4 or v5 stamp, but was: v1");
    }
    if (version != seal.info().header().version()) {
      throw new SealFormatException(tbsPath + ".version must be the seal's version " + seal.info().header().version()
          + ", but was: " + version);
    }
    if (tbs.size() == 6) {
      extensions(tbs.get(5).explicit(0, tbsPath + ".extDatas"), tbsPath + ".extDatas");
    }
    Optional<byte[]> timeStamp = sig.size() == 5
        ? Optional.of(bits(sig.get(4).explicit(0, path + ".timeStamp"), path + ".timeStamp"))
        : Optional.empty();
    return new Stamp(seal.version(), seal, time(tbs.get(2), tbsPath + ".timeInfo"), bits(tbs.get(3), tbsPath + ".dataHash"),
        string(tbs.get(4), tbsPath + ".propertyInfo"), octets(sig.get(1), path + ".cert"), oid(sig.get(2), path + ".signatureAlgID"),
        bits(sig.get(3), path + ".signature"), timeStamp, sig.get(0).bytes(), der.clone());
  }

  private static SealInfo sealInfo(Node n, String path, boolean v4) throws SealFormatException {
    List<Node> s = n.sequence(path, 4, 5);
    String hp = path + ".header";
    List<Node> h = s.get(0).sequence(hp, 3, 3);
    String id = string(h.get(0), hp + ".ID");
    if (!"ES".equals(id)) {
      throw new SealFormatException(hp + ".ID must be \"ES\", but was: \"" + printable(id) + "\"");
    }
    SealInfo.Header header = new SealInfo.Header(id, integer(h.get(1), hp + ".version"), string(h.get(2), hp + ".Vid"));
    String esId = string(s.get(1), path + ".esID");
    SealInfo.Property property = property(s.get(2), path + ".property", v4);
    String pp = path + ".picture";
    List<Node> p = s.get(3).sequence(pp, 4, 4);
    SealInfo.Picture picture = new SealInfo.Picture(string(p.get(0), pp + ".type"), octets(p.get(1), pp + ".data"),
        integer(p.get(2), pp + ".width"), integer(p.get(3), pp + ".height"));
    List<SealInfo.Extension> ext = s.size() == 5 ? extensions(s.get(4), path + ".extDatas") : List.of();
    return new SealInfo(header, esId, property, picture, ext);
  }

  private static SealInfo.Property property(Node n, String path, boolean v4) throws SealFormatException {
    List<Node> s = n.sequence(path, v4 ? 7 : 6, v4 ? 7 : 6);
    int i = 0;
    int type = integer(s.get(i++), path + ".type");
    String name = string(s.get(i++), path + ".name");
    int listType = v4 ? integer(s.get(i++), path + ".certListType") : SealInfo.Property.CERTIFICATES;
    String lp = path + ".certList";
    List<Node> list = s.get(i++).sequence(lp);
    List<byte[]> certs = new ArrayList<>();
    List<SealInfo.CertDigest> digests = new ArrayList<>();
    if (listType == SealInfo.Property.CERTIFICATES) {
      for (int k = 0; k < list.size(); k++) {
        certs.add(octets(list.get(k), lp + "[" + k + "]"));
      }
    } else if (listType == SealInfo.Property.DIGESTS) {
      for (int k = 0; k < list.size(); k++) {
        String dp = lp + "[" + k + "]";
        List<Node> d = list.get(k).sequence(dp, 2, 2);
        digests.add(new SealInfo.CertDigest(string(d.get(0), dp + ".type"), octets(d.get(1), dp + ".value")));
      }
    } else {
      throw new SealFormatException(path + ".certListType must be 1 (certificates) or 2 (digests), but was: " + listType);
    }
    return new SealInfo.Property(type, name, listType, certs, digests, time(s.get(i++), path + ".createDate"),
        time(s.get(i++), path + ".validStart"), time(s.get(i), path + ".validEnd"));
  }

  private static List<SealInfo.Extension> extensions(Node n, String path) throws SealFormatException {
    List<Node> s = n.sequence(path);
    List<SealInfo.Extension> out = new ArrayList<>();
    for (int k = 0; k < s.size(); k++) {
      String xp = path + "[" + k + "]";
      List<Node> x = s.get(k).sequence(xp, 2, 3);
      boolean critical = false;
      if (x.size() == 3) { // ofdrw writes the DEFAULT FALSE value, which DER forbids: accept it
        if (!(x.get(1).primitive(xp + ".critical") instanceof ASN1Boolean b)) {
          throw new SealFormatException(xp + ".critical must be a BOOLEAN, but was: " + x.get(1).kind());
        }
        critical = b.isTrue();
      }
      out.add(new SealInfo.Extension(oid(x.get(0), xp + ".extnID"), critical, octets(x.get(x.size() - 1), xp + ".extnValue")));
    }
    return out;
  }

  /** v1 {@code timeInfo} is a BIT STRING: holding a DER time, or the time's characters. */
  private static Instant v1Time(byte[] bits, String path) throws SealFormatException {
    if (bits.length > 0 && (bits[0] == BERTags.UTC_TIME || bits[0] == BERTags.GENERALIZED_TIME)) {
      return time(root(bits, path), path);
    }
    String text = new String(bits, StandardCharsets.US_ASCII);
    try {
      if (text.matches("\\d{12}Z")) {
        return new ASN1UTCTime(text).getAdjustedDate().toInstant();
      }
      if (text.matches("\\d{14}(\\.\\d{1,9})?Z")) {
        return new ASN1GeneralizedTime(text).getDate().toInstant();
      }
      if (text.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}")) {
        // ofdrw's SESV1Container writes the signer's local time as "yyyy-MM-dd HH:mm:ss", without a zone: read it as
        // China Standard Time, the zone GM/T 0031 stamps are made in. Only the claimed time; a timestamp overrides it.
        return java.time.LocalDateTime.parse(text.replace(' ', 'T')).toInstant(java.time.ZoneOffset.ofHours(8));
      }
    } catch (ParseException | RuntimeException e) {
      throw new SealFormatException(path + " must hold a UTCTime or GeneralizedTime, but was: unparseable", e);
    }
    throw new SealFormatException(path + " must hold a UTCTime or GeneralizedTime, but was: " + bits.length + " other bytes");
  }

  // ---- writing (v4) ---------------------------------------------------------------------------

  static byte[] encodeSealInfo(SealInfo info) {
    ASN1EncodableVector header = vector(new DERIA5String(info.header().id()), new ASN1Integer(info.header().version()),
        new DERIA5String(info.header().vid()));
    SealInfo.Property p = info.property();
    ASN1EncodableVector list = new ASN1EncodableVector();
    for (byte[] c : p.certificates()) {
      list.add(new DEROctetString(c));
    }
    for (SealInfo.CertDigest d : p.certDigests()) {
      list.add(new DERSequence(vector(new DERPrintableString(d.algorithm()), new DEROctetString(d.value()))));
    }
    ASN1EncodableVector property = vector(new ASN1Integer(p.type()), new DERUTF8String(p.name()), new ASN1Integer(p.certListType()),
        new DERSequence(list), generalized(p.createDate()), generalized(p.validStart()), generalized(p.validEnd()));
    SealInfo.Picture pic = info.picture();
    ASN1EncodableVector picture = vector(new DERIA5String(pic.type()), new DEROctetString(pic.data()),
        new ASN1Integer(pic.widthMm()), new ASN1Integer(pic.heightMm()));
    ASN1EncodableVector s = vector(new DERSequence(header), new DERIA5String(info.esId()), new DERSequence(property),
        new DERSequence(picture));
    if (!info.extensions().isEmpty()) {
      s.add(extensionDatas(info.extensions()));
    }
    return der(new DERSequence(s));
  }

  /** The bytes the maker signs in our output: {@code SEQUENCE {eSealInfo, cert, signAlgID}} (docs/seals.md). */
  static byte[] makerSignedBytes(byte[] infoEncoding, byte[] makerCert, String oid) {
    return sequenceOfRaw(infoEncoding, der(new DEROctetString(makerCert)), der(new ASN1ObjectIdentifier(oid)));
  }

  static byte[] encodeSeal(byte[] infoEncoding, byte[] makerCert, String oid, byte[] signature) {
    return sequenceOfRaw(infoEncoding, der(new DEROctetString(makerCert)), der(new ASN1ObjectIdentifier(oid)),
        der(new DERBitString(signature)));
  }

  static byte[] encodeToSign(Seal seal, Instant timeInfo, byte[] dataHash, String propertyInfo) {
    return sequenceOfRaw(der(new ASN1Integer(seal.info().header().version())), seal.encoded(), der(generalized(timeInfo)),
        der(new DERBitString(dataHash)), der(new DERIA5String(propertyInfo)));
  }

  static byte[] encodeStamp(byte[] toSign, byte[] signerCert, String oid, byte[] signature, Optional<byte[]> timeStamp) {
    List<byte[]> parts = new ArrayList<>(List.of(toSign, der(new DEROctetString(signerCert)), der(new ASN1ObjectIdentifier(oid)),
        der(new DERBitString(signature))));
    timeStamp.ifPresent(t -> parts.add(der(new DERTaggedObject(true, 0, new DERBitString(t)))));
    return sequenceOfRaw(parts.toArray(byte[][]::new));
  }

  /** GeneralizedTime in whole seconds, so equal instants always encode to equal bytes. */
  static DERGeneralizedTime generalized(Instant t) {
    return new DERGeneralizedTime(GENERALIZED.format(t));
  }

  private static DERSequence extensionDatas(List<SealInfo.Extension> extensions) {
    ASN1EncodableVector v = new ASN1EncodableVector();
    for (SealInfo.Extension x : extensions) {
      ASN1EncodableVector e = vector(new ASN1ObjectIdentifier(x.oid()));
      if (x.critical()) { // DER: DEFAULT FALSE is left out
        e.add(ASN1Boolean.TRUE);
      }
      e.add(new DEROctetString(x.value()));
      v.add(new DERSequence(e));
    }
    return new DERSequence(v);
  }

  private static ASN1EncodableVector vector(ASN1Encodable... items) {
    ASN1EncodableVector v = new ASN1EncodableVector(items.length);
    for (ASN1Encodable item : items) {
      v.add(item);
    }
    return v;
  }

  /** A DER SEQUENCE of already encoded members, kept byte for byte (signed parts must not be re-encoded). */
  private static byte[] sequenceOfRaw(byte[]... members) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] m : members) {
      content.writeBytes(m);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(BERTags.SEQUENCE | BERTags.CONSTRUCTED);
    int n = content.size();
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(n >>> (8 * i));
      }
    }
    out.writeBytes(content.toByteArray());
    return out.toByteArray();
  }

  private static byte[] der(ASN1Encodable e) {
    try {
      return e.toASN1Primitive().getEncoded(ASN1Encoding.DER);
    } catch (IOException ex) {
      throw new IllegalStateException("DER encoding in memory cannot fail", ex);
    }
  }

  // ---- the bounded walker ---------------------------------------------------------------------

  /** Checks {@code der} with the walker and returns its root; members are parsed one by one, on access. */
  private static Node root(byte[] der, String path) throws SealFormatException {
    check(der, path);
    int[] h = header(der, 0, der.length, path);
    return new Node(der, 0, h[0], h[1]);
  }

  /** Checks that {@code der} is exactly one definite-length element nested at most {@link #MAX_DEPTH} deep. */
  static void check(byte[] der, String path) throws SealFormatException {
    Objects.requireNonNull(der, "der");
    if (der.length == 0) {
      throw new SealFormatException(path + " must be a DER element, but was: empty");
    }
    int end = walk(der, 0, der.length, 0, path);
    if (end != der.length) {
      throw new SealFormatException(path + " must be exactly one DER element, but was: " + (der.length - end)
          + " trailing byte(s) at offset " + end);
    }
  }

  /** Returns the end of the element at {@code off}, which must lie within {@code limit}. */
  private static int walk(byte[] b, int off, int limit, int depth, String path) throws SealFormatException {
    int[] h = header(b, off, limit, path);
    if ((b[off] & 0x20) != 0) {
      if (depth >= MAX_DEPTH) {
        throw new SealFormatException(path + " nesting at offset " + off + " must be at most " + MAX_DEPTH
            + " levels deep, but was: deeper");
      }
      int p = h[0];
      while (p < h[1]) {
        p = walk(b, p, h[1], depth + 1, path);
      }
    }
    return h[1];
  }

  /** Reads the tag and length at {@code off}: returns {content start, element end}. */
  private static int[] header(byte[] b, int off, int limit, String path) throws SealFormatException {
    int p = off;
    if (p >= limit) {
      throw truncated(path, off);
    }
    if ((b[p++] & 0x1f) == 0x1f) {
      int n = 0;
      do {
        if (p >= limit || ++n > 4) {
          throw new SealFormatException(path + " tag at offset " + off + " must be complete in at most 4 bytes, but was: not");
        }
      } while ((b[p++] & 0x80) != 0);
    }
    if (p >= limit) {
      throw truncated(path, off);
    }
    int first = b[p++] & 0xff;
    long length = first;
    if (first == 0x80) {
      throw new SealFormatException(path + " element at offset " + off + " must have a definite length (DER), but was: indefinite");
    }
    if (first > 0x80) {
      int n = first & 0x7f;
      if (n > 4) {
        throw new SealFormatException(path + " length at offset " + off + " must fit in 4 bytes, but was: " + n + " bytes");
      }
      length = 0;
      for (int i = 0; i < n; i++) {
        if (p >= limit) {
          throw truncated(path, off);
        }
        length = (length << 8) | (b[p++] & 0xff);
      }
    }
    if (length > limit - p) {
      throw new SealFormatException(path + " element at offset " + off + " must fit in the " + (limit - p)
          + " remaining byte(s), but declared length " + length);
    }
    return new int[] {p, p + (int) length};
  }

  private static SealFormatException truncated(String path, int off) {
    return new SealFormatException(path + " element at offset " + off + " must be complete, but was: truncated");
  }

  /**
   * One element of walked input: {@code b[start, end)}, its contents from {@code content}. Bouncy Castle
   * parses each primitive on its own, so a value it refuses is reported under that value's path.
   */
  private record Node(byte[] b, int start, int content, int end) {

    int tag() {
      return b[start] & 0xff;
    }

    byte[] bytes() {
      return Arrays.copyOfRange(b, start, end);
    }

    List<Node> sequence(String path) throws SealFormatException {
      if (tag() != (BERTags.SEQUENCE | BERTags.CONSTRUCTED)) {
        throw new SealFormatException(path + " must be a SEQUENCE, but was: " + kind());
      }
      List<Node> out = new ArrayList<>();
      int p = content;
      while (p < end) {
        int[] h = header(b, p, end, path);
        out.add(new Node(b, p, h[0], h[1]));
        p = h[1];
      }
      return out;
    }

    List<Node> sequence(String path, int min, int max) throws SealFormatException {
      List<Node> s = sequence(path);
      if (s.size() < min || s.size() > max) {
        throw new SealFormatException(path + " must have " + (min == max ? "" + min : min + " to " + max) + " members, but was: "
            + s.size());
      }
      return s;
    }

    Node explicit(int tagNo, String path) throws SealFormatException {
      if (tag() != (BERTags.CONTEXT_SPECIFIC | BERTags.CONSTRUCTED | tagNo)) {
        throw new SealFormatException(path + " must be [" + tagNo + "] EXPLICIT, but was: " + kind());
      }
      int[] h = header(b, content, end, path);
      if (h[1] != end) {
        throw new SealFormatException(path + " must hold exactly one element, but was: more");
      }
      return new Node(b, content, h[0], h[1]);
    }

    ASN1Primitive primitive(String path) throws SealFormatException {
      try {
        return ASN1Primitive.fromByteArray(bytes());
      } catch (IOException | RuntimeException e) {
        throw new SealFormatException(path + " must be a valid " + kind() + ", but was: " + e.getMessage(), e);
      }
    }

    String kind() {
      return switch (tag()) {
        case 0x01 -> "BOOLEAN";
        case 0x02 -> "INTEGER";
        case 0x03 -> "BIT STRING";
        case 0x04 -> "OCTET STRING";
        case 0x05 -> "NULL";
        case 0x06 -> "OBJECT IDENTIFIER";
        case 0x0c -> "UTF8String";
        case 0x13 -> "PrintableString";
        case 0x16 -> "IA5String";
        case 0x17 -> "UTCTime";
        case 0x18 -> "GeneralizedTime";
        case 0x30 -> "SEQUENCE";
        case 0x31 -> "SET";
        default -> String.format("tag 0x%02x", tag());
      };
    }
  }

  // ---- typed accessors ------------------------------------------------------------------------

  private static String string(Node n, String path) throws SealFormatException {
    if (!(n.primitive(path) instanceof ASN1String s)) {
      throw new SealFormatException(path + " must be a character string, but was: " + n.kind());
    }
    try {
      return s.getString(); // UTF8String decodes here, not when parsed
    } catch (RuntimeException e) {
      throw new SealFormatException(path + " must be a valid " + n.kind() + ", but was: " + e.getMessage(), e);
    }
  }

  private static int integer(Node n, String path) throws SealFormatException {
    if (!(n.primitive(path) instanceof ASN1Integer i)) {
      throw new SealFormatException(path + " must be an INTEGER, but was: " + n.kind());
    }
    if (i.getValue().bitLength() > 31) {
      throw new SealFormatException(path + " must fit in 32 bits, but was: " + i.getValue().bitLength() + " bits");
    }
    return i.intValueExact();
  }

  private static byte[] octets(Node n, String path) throws SealFormatException {
    if (n.tag() != BERTags.OCTET_STRING) {
      throw new SealFormatException(path + " must be an OCTET STRING, but was: " + n.kind());
    }
    return Arrays.copyOfRange(n.b(), n.content(), n.end());
  }

  private static byte[] bits(Node n, String path) throws SealFormatException {
    if (!(n.primitive(path) instanceof ASN1BitString b) || b.getPadBits() != 0) {
      throw new SealFormatException(path + " must be a BIT STRING of whole octets, but was: " + n.kind());
    }
    return b.getOctets();
  }

  private static String oid(Node n, String path) throws SealFormatException {
    if (!(n.primitive(path) instanceof ASN1ObjectIdentifier o)) {
      throw new SealFormatException(path + " must be an OBJECT IDENTIFIER, but was: " + n.kind());
    }
    return o.getId();
  }

  /** GeneralizedTime (v4, v5) or UTCTime (v1, and mixed vendor output): both accepted everywhere. */
  private static Instant time(Node n, String path) throws SealFormatException {
    ASN1Primitive p = n.primitive(path);
    try {
      if (p instanceof ASN1GeneralizedTime g) {
        return g.getDate().toInstant();
      }
      if (p instanceof ASN1UTCTime u) {
        return u.getAdjustedDate().toInstant();
      }
    } catch (ParseException | RuntimeException ex) {
      throw new SealFormatException(path + " must be a valid time, but was: unparseable", ex);
    }
    throw new SealFormatException(path + " must be a GeneralizedTime or UTCTime, but was: " + n.kind());
  }

  private static String printable(String s) {
    return s.length() > 16 ? s.substring(0, 16) + "…" : s;
  }
}
