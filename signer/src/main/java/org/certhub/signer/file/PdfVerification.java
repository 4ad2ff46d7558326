package org.certhub.signer.file;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.certhub.signer.algorithm.DigestAlgorithm;
import org.certhub.signer.cms.CmsCheck;
import org.certhub.signer.cms.CmsFormatException;
import org.certhub.signer.cms.CmsVerification;
import org.certhub.signer.cms.CmsVerifier;
import org.certhub.signer.licence.SignedLicence;
import org.certhub.signer.seal.Seal;
import org.certhub.signer.seal.SealFormatException;
import org.certhub.signer.seal.SealInfo;

/**
 * One PDF verification: exactly one signature, {@code /ETSI.CAdES.detached}, whose {@code /ByteRange} covers the
 * whole file but its {@code /Contents}; the CMS over those bytes with {@link CmsVerifier}; the seal carried as
 * {@value PdfLicenceFiles#SEAL_NAME} with {@link org.certhub.signer.seal.SealVerifier}, and that it authorises the
 * signer. When the signed bytes changed, the part manifest tells which part: the part whose digest no longer
 * matches, else the container (cross-references, dictionaries).
 */
final class PdfVerification {
  private final LicenceFileVerifier verifier;
  private final byte[] file;
  private final FileReport.Builder report = new FileReport.Builder();

  PdfVerification(LicenceFileVerifier verifier, byte[] file) {
    this.verifier = verifier;
    this.file = file;
  }

  FileReport run() throws FileFormatException {
    try (PDDocument doc = Loader.loadPDF(new RandomAccessReadBuffer(file), null, null, null,
        MemoryUsageSetting.setupMainMemoryOnly(LicenceFileVerifier.MAX_FILE_BYTES * 4L).streamCache)) {
      return run(doc);
    } catch (IOException | RuntimeException e) {
      throw new FileFormatException("pdf", "the file must be a readable PDF, but was: " + e.getMessage());
    } catch (StackOverflowError e) {
      // Objects nested beyond reason: refused like any unreadable file, not a 500.
      throw new FileFormatException("pdf", "the file's objects must nest within the parser's depth, but was: deeper");
    }
  }

  private FileReport run(PDDocument doc) throws IOException, FileFormatException {
    List<PDSignature> sigs = doc.getSignatureDictionaries();
    if (doc.getNumberOfPages() != 1) {
      report.put(FilePart.Name.CONTENT, FilePart.Status.TAMPERED, "the licence file must have one page, but was: " + doc.getNumberOfPages());
    }
    Map<String, byte[]> embedded = embedded(doc);
    Optional<SignedLicence> licence = verifier.licence(embedded.get(LicenceFile.LICENCE_NAME), report);
    Optional<X509Certificate> signer = signature(sigs);
    seal(embedded.get(PdfLicenceFiles.SEAL_NAME), signer, licence);
    parts(doc, embedded);
    return report.build(FileFormat.PDF, licence);
  }

  private Optional<X509Certificate> signature(List<PDSignature> sigs) throws FileFormatException {
    if (sigs.size() != 1) {
      report.put(FilePart.Name.SIGNATURE, FilePart.Status.TAMPERED, "the PDF must hold one signature, but was: " + sigs.size());
      return Optional.empty();
    }
    PDSignature sig = sigs.get(0);
    if (!PDSignature.SUBFILTER_ETSI_CADES_DETACHED.getName().equals(sig.getSubFilter())) {
      report.put(FilePart.Name.SIGNATURE, FilePart.Status.TAMPERED, "/SubFilter must be /ETSI.CAdES.detached, but was: " + sig.getSubFilter());
    }
    int[] r = sig.getByteRange();
    if (r == null || r.length != 4 || r[0] != 0 || r[1] <= 0 || r[2] <= r[1] || r[3] < 0 || (long) r[2] + r[3] != file.length) {
      report.put(FilePart.Name.SIGNATURE, FilePart.Status.TAMPERED, "/ByteRange must cover the whole file but /Contents, but was: "
          + Arrays.toString(r) + " for " + file.length + " bytes");
      return Optional.empty();
    }
    byte[] signed = new byte[r[1] + r[3]];
    System.arraycopy(file, 0, signed, 0, r[1]);
    System.arraycopy(file, r[2], signed, r[1], r[3]);
    byte[] cms;
    try {
      byte[] contents = sig.getContents(file);
      cms = der(contents);
      for (int i = cms.length; i < contents.length; i++) {
        if (contents[i] != 0) {
          report.put(FilePart.Name.SIGNATURE, FilePart.Status.TAMPERED, "/Contents must be the CMS then zero padding, but was: a non-zero"
              + " byte at " + i);
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      report.put(FilePart.Name.SIGNATURE, FilePart.Status.TAMPERED, "/Contents must be hex DER, but was: " + e.getMessage());
      return Optional.empty();
    }
    CmsVerification v;
    try {
      v = CmsVerifier.verify(cms, signed, verifier.anchors(), verifier.clock().instant());
    } catch (CmsFormatException e) {
      report.put(FilePart.Name.SIGNATURE, FilePart.Status.TAMPERED, "/Contents must be a CAdES signature, but was: " + e.getMessage());
      return Optional.empty();
    }
    for (CmsCheck c : v.checks()) {
      if (c.status() == CmsCheck.Status.PASSED || c.status() == CmsCheck.Status.NOT_APPLICABLE) {
        continue;
      }
      if (c.name() == CmsCheck.Name.MESSAGE_DIGEST) {
        // The signed bytes changed; parts() tells which part, the container if none.
        report.put(FilePart.Name.CONTAINER, FilePart.Status.TAMPERED, "the signed bytes must digest to the signed message-digest, but was: "
            + c.detail());
      } else {
        boolean integrity = c.name() == CmsCheck.Name.SIGNATURE || c.name() == CmsCheck.Name.ALGORITHM
            || c.name() == CmsCheck.Name.SIGNING_CERTIFICATE || c.name() == CmsCheck.Name.TIMESTAMP_IMPRINT
            || c.name() == CmsCheck.Name.TIMESTAMP_SIGNATURE;
        report.put(FilePart.Name.SIGNATURE, integrity ? FilePart.Status.TAMPERED : FilePart.Status.FAILED, c.name() + ": " + c.detail());
      }
    }
    embeddedCertificates(cms);
    report.put(FilePart.Name.SIGNATURE, FilePart.Status.PASSED, "CAdES " + v.level() + " over the whole file but /Contents");
    return Optional.ofNullable(v.signer());
  }

  /** The CMS's and its signature timestamp's certificates must each verify under an issuer (see LicenceFileVerifier). */
  private void embeddedCertificates(byte[] cms) {
    try {
      org.bouncycastle.cms.CMSSignedData signed = new org.bouncycastle.cms.CMSSignedData(cms);
      List<byte[]> tokens = new ArrayList<>();
      for (org.bouncycastle.cms.SignerInformation si : signed.getSignerInfos().getSigners()) {
        org.bouncycastle.asn1.cms.AttributeTable unsigned = si.getUnsignedAttributes();
        org.bouncycastle.asn1.cms.Attribute ts = unsigned == null ? null
            : unsigned.get(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
        if (ts != null) {
          tokens.add(ts.getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded());
        }
      }
      tokens.add(cms);
      verifier.carriedCertificates(tokens, report, "the CMS");
    } catch (IOException | org.bouncycastle.cms.CMSException | RuntimeException e) {
      report.put(FilePart.Name.SIGNATURE, FilePart.Status.TAMPERED, "the CMS certificates must be readable, but was: " + e.getMessage());
    }
  }

  private void seal(byte[] der, Optional<X509Certificate> signer, Optional<SignedLicence> licence) {
    if (der == null) {
      report.put(FilePart.Name.SEAL, FilePart.Status.TAMPERED, PdfLicenceFiles.SEAL_NAME + " must be in the file, but was: absent");
      return;
    }
    LicenceFileVerifier.sealReport(verifier.seals(licence).verifySeal(der), report, false);
    Seal seal;
    try {
      seal = Seal.decode(der);
    } catch (SealFormatException e) {
      return;
    }
    if (signer.isPresent()) {
      try {
        if (!authorises(seal.info().property(), signer.get().getEncoded())) {
          report.put(FilePart.Name.SEAL, FilePart.Status.FAILED, "the seal must authorise the PDF's signer, but was: not listed");
        }
      } catch (java.security.cert.CertificateEncodingException e) {
        report.put(FilePart.Name.SEAL, FilePart.Status.FAILED, "the signer's certificate must encode, but was: " + e.getMessage());
      }
    }
    report.put(FilePart.Name.SEAL, FilePart.Status.PASSED, "seal " + seal.info().esId() + " (" + seal.info().property().name() + ")");
  }

  static boolean authorises(SealInfo.Property property, byte[] cert) {
    for (byte[] c : property.certificates()) {
      if (MessageDigest.isEqual(c, cert)) {
        return true;
      }
    }
    for (SealInfo.CertDigest d : property.certDigests()) {
      for (DigestAlgorithm a : DigestAlgorithm.values()) {
        String n = d.algorithm().strip();
        if ((a.jcaName().equalsIgnoreCase(n) || a.prefix().equalsIgnoreCase(n) || a.oid().equals(n))
            && MessageDigest.isEqual(a.digest(cert), d.value())) {
          return true;
        }
      }
    }
    return false;
  }

  /** Recomputes the manifest's digests; a part whose digest is gone was changed. */
  private void parts(PDDocument doc, Map<String, byte[]> embedded) throws IOException {
    String m = doc.getDocumentInformation().getCustomMetadataValue(PdfLicenceFiles.MANIFEST_KEY);
    Optional<Map<String, String>> manifest = PdfParts.parse(m);
    if (manifest.isEmpty()) {
      report.put(FilePart.Name.CONTAINER, FilePart.Status.TAMPERED, "the part manifest must be in the document information, but was: "
          + (m == null ? "absent" : "malformed"));
      return;
    }
    Set<String> found = new HashSet<>();
    byte[] qrPng = null;
    if (doc.getNumberOfPages() >= 1) {
      PDPage page = doc.getPage(0);
      try {
        found.add(PdfLicenceFiles.sha256(page.getContents()));
      } catch (IOException | RuntimeException e) {
        report.put(FilePart.Name.CONTENT, FilePart.Status.TAMPERED, "the page content must decode, but was: " + e.getMessage());
      }
      PDResources res = page.getResources();
      List<PDImageXObject> images = new ArrayList<>();
      if (res != null) {
        for (COSName n : res.getXObjectNames()) {
          try {
            PDXObject x = res.getXObject(n);
            if (x instanceof PDImageXObject img) {
              images.add(img);
              found.add(PdfLicenceFiles.sha256(img.getCOSObject().createInputStream()));
            }
          } catch (IOException | RuntimeException e) {
            // A broken image stream: its digest is missing below, which names its part.
          }
        }
      }
      for (PDImageXObject img : images) {
        try {
          // Declared dimensions, not the stream, size the decoded image: bound them before decoding.
          if ((long) img.getWidth() * img.getHeight() <= org.certhub.signer.qr.QrImages.MAX_PIXELS
              && manifest.get().get("qr") != null && manifest.get().get("qr").equals(PdfLicenceFiles.sha256(img.getCOSObject().createInputStream()))) {
            qrPng = png(img.getImage());
          }
        } catch (IOException | RuntimeException e) {
          // Reported as a QR mismatch below.
        }
      }
    }
    byte[] licence = embedded.get(LicenceFile.LICENCE_NAME);
    if (licence != null) {
      found.add(PdfLicenceFiles.sha256(new java.io.ByteArrayInputStream(licence)));
    }
    Map<String, FilePart.Name> names = Map.of("content", FilePart.Name.CONTENT, "qr", FilePart.Name.QR, "seal", FilePart.Name.SEAL,
        "licence", FilePart.Name.LICENCE);
    for (Map.Entry<String, String> e : manifest.get().entrySet()) {
      FilePart.Name part = names.get(e.getKey());
      if (part != null && !found.contains(e.getValue())) {
        report.put(part, FilePart.Status.TAMPERED, "the " + e.getKey() + " part must digest as the signed manifest says, but was: different");
      }
    }
    if (report.has(FilePart.Name.CONTAINER, FilePart.Status.TAMPERED)) {
      // Which part changed is now reported; the container itself is tampered only if no part explains it.
      boolean explained = names.values().stream().anyMatch(p -> report.has(p, FilePart.Status.TAMPERED))
          || embedded.containsKey(LicenceFile.QR_NAME) && qrPng == null;
      if (explained) {
        report.clear(FilePart.Name.CONTAINER);
      }
    }
    LicenceFileVerifier.qr(qrPng, embedded.get(LicenceFile.QR_NAME), report);
  }

  private static byte[] png(BufferedImage img) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static Map<String, byte[]> embedded(PDDocument doc) {
    Map<String, byte[]> out = new java.util.HashMap<>();
    try {
      var names = doc.getDocumentCatalog().getNames();
      PDEmbeddedFilesNameTreeNode tree = names == null ? null : names.getEmbeddedFiles();
      Map<String, PDComplexFileSpecification> files = tree == null ? null : tree.getNames();
      if (files == null) {
        return out;
      }
      for (Map.Entry<String, PDComplexFileSpecification> e : files.entrySet()) {
        PDEmbeddedFile ef = e.getValue().getEmbeddedFile();
        if (ef != null && out.size() < 16) {
          try (var in = ef.createInputStream()) {
            byte[] data = in.readNBytes((int) PdfParts.MAX_PART_BYTES + 1);
            if (data.length <= PdfParts.MAX_PART_BYTES) {
              out.put(e.getKey(), data);
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // Missing files are reported by the parts that need them.
    }
    return out;
  }

  /** The DER object at the start of zero-padded {@code /Contents}, without the padding BC 1.87 refuses. */
  static byte[] der(byte[] contents) throws IOException {
    if (contents.length < 2 || contents[0] != 0x30) {
      throw new IOException("a DER SEQUENCE must start /Contents, but was: " + (contents.length == 0 ? "empty" : "another tag"));
    }
    int len = contents[1] & 0xff;
    int head = 2;
    if (len > 0x80) {
      int n = len & 0x7f;
      if (n > 4 || contents.length < 2 + n) {
        throw new IOException("the DER length must take 1 to 4 bytes, but was: " + n);
      }
      len = 0;
      for (int i = 0; i < n; i++) {
        len = (len << 8) | (contents[2 + i] & 0xff);
      }
      head += n;
    } else if (len == 0x80) {
      throw new IOException("the DER length must be definite, but was: indefinite");
    }
    if (len < 0 || head + (long) len > contents.length) {
      throw new IOException("the DER length must fit /Contents, but was: " + len);
    }
    return Arrays.copyOf(contents, head + len);
  }
}
