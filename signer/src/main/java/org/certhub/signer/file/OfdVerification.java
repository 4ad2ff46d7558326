package org.certhub.signer.file;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.certhub.signer.algorithm.Providers;
import org.certhub.signer.licence.SignedLicence;
import org.certhub.signer.seal.SealReport;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * One OFD verification: reads the ZIP with bounds, requires it to be exactly the canonical ZIP of its entries
 * ({@link OfdZip}), then the stamp's {@code Signature.xml}: each {@code Reference}'s digest, that
 * no file escapes the references, and the {@code SES_Signature} over {@code Signature.xml} with {@link
 * org.certhub.signer.seal.SealVerifier}.
 */
final class OfdVerification {
  static final int MAX_ENTRIES = 512;
  static final long MAX_INFLATED = 64L << 20;
  private static final Pattern SIGNATURE_XML = Pattern.compile("(?:.+/)?Signs/Sign_[0-9]+/Signature\\.xml");

  private final LicenceFileVerifier verifier;
  private final byte[] file;
  private final FileReport.Builder report = new FileReport.Builder();
  private final Map<String, byte[]> entries = new LinkedHashMap<>();
  private String qrImage;

  OfdVerification(LicenceFileVerifier verifier, byte[] file) {
    this.verifier = verifier;
    this.file = file;
  }

  FileReport run() throws FileFormatException {
    read();
    Optional<SignedLicence> licence = verifier.licence(entry(LicenceFile.LICENCE_NAME), report);
    stamp(licence);
    LicenceFileVerifier.qr(qrImage == null ? null : entries.get(qrImage), entry(LicenceFile.QR_NAME), report);
    return report.build(FileFormat.OFD, licence);
  }

  /**
   * The package checks alone (the ZIP form, each entry's size and CRC-32), with no stamp, seal, QR or licence check:
   * parts not reported here stay at the builder's default. For tests that sweep every byte of a file, where the full
   * verification of each flip would take too long.
   */
  FileReport packageOnly() throws FileFormatException {
    read();
    return report.build(FileFormat.OFD, Optional.empty());
  }

  /** Which part a package file belongs to. */
  FilePart.Name partOf(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".esl")) {
      return FilePart.Name.SEAL;
    }
    if (n.endsWith("signedvalue.dat") || n.endsWith("signature.xml") || n.endsWith("signatures.xml")) {
      return FilePart.Name.SIGNATURE;
    }
    if (n.endsWith("/" + LicenceFile.LICENCE_NAME)) {
      return FilePart.Name.LICENCE;
    }
    if (n.endsWith("/" + LicenceFile.QR_NAME) || name.equals(qrImage)) {
      return FilePart.Name.QR;
    }
    return FilePart.Name.CONTENT;
  }

  private byte[] entry(String baseName) {
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      if (e.getKey().endsWith("/" + baseName)) {
        return e.getValue();
      }
    }
    return null;
  }

  private void read() throws FileFormatException {
    List<ZipArchiveEntry> all;
    List<OfdZip.Entry> asRead = new ArrayList<>();
    try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(file)).get()) {
      all = Collections.list(zip.getEntriesInPhysicalOrder());
      if (all.isEmpty() || all.size() > MAX_ENTRIES) {
        throw new FileFormatException("zip", "the OFD must hold 1 to " + MAX_ENTRIES + " entries, but was: " + all.size());
      }
      long total = 0;
      for (int i = 0; i < all.size(); i++) {
        ZipArchiveEntry e = all.get(i);
        String name = e.getName();
        if (name.startsWith("/") || name.contains("..") || name.contains("\\") || entries.containsKey(name)) {
          throw new FileFormatException("zip.entries[" + i + "]", "an entry name must be a unique relative path, but was: " + shorten(name));
        }
        if (e.getMethod() != ZipArchiveEntry.STORED) {
          report.put(FilePart.Name.CONTAINER, FilePart.Status.TAMPERED, "zip entry " + shorten(name) + " must be stored, as the hub writes it, but was: method "
              + e.getMethod());
        }
        byte[] data;
        try (InputStream in = zip.getInputStream(e)) {
          data = bounded(in, MAX_INFLATED - total);
        } catch (TooLarge x) {
          throw new FileFormatException("zip.entries[" + i + "]", x.getMessage());
        } catch (IOException | RuntimeException x) {
          report.put(partOf(name), FilePart.Status.TAMPERED, "zip entry " + name + " must inflate, but was: " + x.getMessage());
          entries.put(name, new byte[0]);
          asRead.add(new OfdZip.Entry(e.getRawName(), e.getCrc(), new byte[0]));
          continue;
        }
        total += data.length;
        // The CRC as the central directory claims it: a changed data byte is the data's part, not the container.
        asRead.add(new OfdZip.Entry(e.getRawName(), e.getCrc(), data));
        if (e.isDirectory()) {
          continue;
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        if (crc.getValue() != e.getCrc() || (e.getSize() >= 0 && e.getSize() != data.length)) {
          report.put(partOf(name), FilePart.Status.TAMPERED, "zip entry " + name + " must match its CRC-32 and size, but was: different");
        }
        entries.put(name, data);
        if (qrImage == null && name.toLowerCase(Locale.ROOT).endsWith(".png") && name.contains("/Res/")) {
          qrImage = name;
        }
      }
    } catch (FileFormatException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new FileFormatException("zip", "the OFD must be a readable ZIP package, but was: " + e.getMessage());
    }
    canonical(asRead);
  }

  /**
   * The file must be exactly the canonical ZIP of what was read ({@link OfdZip}): nothing signs the ZIP's own fields,
   * so none may differ from the one value the hub writes, and nothing may follow the end record.
   */
  private void canonical(List<OfdZip.Entry> asRead) {
    byte[] expected;
    try {
      expected = OfdZip.write(asRead);
    } catch (IllegalArgumentException e) {
      report.put(FilePart.Name.CONTAINER, FilePart.Status.TAMPERED, e.getMessage());
      return;
    }
    int at = java.util.Arrays.mismatch(expected, file);
    if (at >= 0) {
      report.put(FilePart.Name.CONTAINER, FilePart.Status.TAMPERED, "the ZIP must be exactly the form the hub writes (stored entries end to end,"
          + " fixed header fields, no extra fields or comments, nothing after the end record), but byte " + at + " differs, in the "
          + OfdZip.where(asRead, at));
    }
  }

  private void stamp(Optional<SignedLicence> licence) {
    List<String> sigs = entries.keySet().stream().filter(n -> SIGNATURE_XML.matcher(n).matches()).toList();
    if (sigs.size() != 1) {
      report.put(FilePart.Name.SIGNATURE, FilePart.Status.TAMPERED, "the OFD must hold one stamp Signature.xml, but was: " + sigs.size());
      return;
    }
    String sigName = sigs.get(0);
    String dir = sigName.substring(0, sigName.lastIndexOf('/') + 1);
    byte[] sigXml = entries.get(sigName);
    Element root;
    try {
      root = parse(sigXml).getDocumentElement();
    } catch (IOException | SAXException e) {
      report.put(FilePart.Name.SIGNATURE, FilePart.Status.TAMPERED, sigName + " must be well-formed XML, but was: " + e.getMessage());
      return;
    }
    NodeList refsList = root.getElementsByTagNameNS("*", "References");
    String method = refsList.getLength() == 1 ? ((Element) refsList.item(0)).getAttribute("CheckMethod") : "";
    Optional<String> alg = digest(method);
    if (alg.isEmpty()) {
      report.put(FilePart.Name.SIGNATURE, FilePart.Status.TAMPERED, sigName + " CheckMethod must be SM3, SHA-256, SHA-1 or MD5, but was: "
          + shorten(method));
      return;
    }
    Set<String> covered = new LinkedHashSet<>();
    NodeList refs = root.getElementsByTagNameNS("*", "Reference");
    for (int i = 0; i < refs.getLength(); i++) {
      Element ref = (Element) refs.item(i);
      String path = resolve(dir, ref.getAttribute("FileRef"));
      covered.add(path);
      NodeList cv = ref.getElementsByTagNameNS("*", "CheckValue");
      byte[] data = entries.get(path);
      if (data == null) {
        report.put(partOf(path), FilePart.Status.TAMPERED, "protected file " + shorten(path) + " must be in the package, but was: absent");
        continue;
      }
      byte[] expected;
      try {
        expected = Base64.getMimeDecoder().decode(cv.getLength() == 1 ? cv.item(0).getTextContent().strip() : "");
      } catch (IllegalArgumentException e) {
        expected = new byte[0];
      }
      if (!MessageDigest.isEqual(expected, hash(alg.get(), data))) {
        report.put(partOf(path), FilePart.Status.TAMPERED, "protected file " + path + " must match its " + method
            + " CheckValue, but was: different");
      }
    }
    NodeList sv = root.getElementsByTagNameNS("*", "SignedValue");
    String valueName = sv.getLength() == 1 ? resolve(dir, sv.item(0).getTextContent().strip()) : "";
    byte[] value = entries.get(valueName);
    for (String name : entries.keySet()) {
      boolean own = name.equals(sigName) || name.equals(valueName) || name.endsWith("Signs/Signatures.xml");
      if (!own && !covered.contains(name)) {
        report.put(partOf(name), FilePart.Status.TAMPERED, "file " + shorten(name) + " must be protected by the stamp, but was: not referenced");
      }
    }
    if (value == null) {
      report.put(FilePart.Name.SIGNATURE, FilePart.Status.TAMPERED, "the stamp's SignedValue must be in the package, but was: absent");
      return;
    }
    SealReport r = verifier.seals(licence).verifyStamp(value, sigXml);
    LicenceFileVerifier.sealReport(r, report, true);
    r.stamp().flatMap(st -> st.timeStamp()).ifPresent(token -> verifier.carriedCertificates(List.of(token), report, "the stamp's timestamp"));
    r.stamp().ifPresent(stamp -> {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        if (e.getKey().startsWith(dir) && e.getKey().toLowerCase(Locale.ROOT).endsWith(".esl")
            && !MessageDigest.isEqual(e.getValue(), stamp.seal().encoded())) {
          report.put(FilePart.Name.SEAL, FilePart.Status.TAMPERED, e.getKey() + " must be the seal inside the stamp, but was: different");
        }
      }
      report.put(FilePart.Name.SEAL, FilePart.Status.PASSED, "seal " + stamp.seal().info().esId() + " (" + stamp.seal().info().property().name() + ")");
      report.put(FilePart.Name.SIGNATURE, FilePart.Status.PASSED, "GB/T 38540 " + stamp.version() + " stamp over " + sigName);
    });
  }

  private static String resolve(String dir, String loc) {
    String p = loc.strip();
    p = p.startsWith("/") ? p.substring(1) : dir + p;
    List<String> out = new ArrayList<>();
    for (String s : p.split("/")) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        if (!out.isEmpty()) {
          out.remove(out.size() - 1);
        }
      } else {
        out.add(s);
      }
    }
    return String.join("/", out);
  }

  private static Optional<String> digest(String method) {
    return switch (method.strip().toUpperCase(Locale.ROOT)) {
      case "1.2.156.10197.1.401", "SM3" -> Optional.of("SM3");
      case "2.16.840.1.101.3.4.2.1", "SHA-256", "SHA256" -> Optional.of("SHA-256");
      case "1.3.14.3.2.26", "SHA1", "SHA-1" -> Optional.of("SHA-1");
      case "1.2.840.113549.2.5", "MD5" -> Optional.of("MD5");
      default -> Optional.empty();
    };
  }

  private static byte[] hash(String alg, byte[] data) {
    try {
      return MessageDigest.getInstance(alg, Providers.bc()).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Bouncy Castle must provide " + alg, e);
    }
  }

  static Document parse(byte[] xml) throws IOException, SAXException {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      return b.parse(new ByteArrayInputStream(xml));
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser must support secure processing", e);
    }
  }

  /** Reads at most {@code limit} bytes, counting what actually inflates rather than what the header claims. */
  private static byte[] bounded(InputStream in, long limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    long total = 0;
    for (int n; (n = in.read(buf)) > 0; ) {
      total += n;
      if (total > limit) {
        throw new TooLarge("inflated entries must total at most " + MAX_INFLATED + " bytes, but was: more (a ZIP bomb?)");
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(String message) {
      super(message);
    }
  }

  private static String shorten(String s) {
    String t = s.replaceAll("[^\\x20-\\x7e\\u4e00-\\u9fff]", "?");
    return t.length() <= 80 ? t : t.substring(0, 80) + "…";
  }

}
