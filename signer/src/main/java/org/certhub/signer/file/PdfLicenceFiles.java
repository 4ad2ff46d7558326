package org.certhub.signer.file;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.ExternalSigningSupport;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.certhub.signer.SignerException;
import org.certhub.signer.cms.CmsSigner;
import org.certhub.signer.seal.Seal;
import org.certhub.signer.seal.SealInfo;
import org.certhub.signer.seal.SealPictures;

/**
 * Writes the PDF licence file with PDFBox, in two passes: first the page (text in an embedded subset of a CJK
 * TrueType font, the QR code and the seal picture as images), the signed licence, the QR text and the DER seal as
 * embedded files, and a manifest of per-part SHA-256 digests in the document information; then an incremental
 * update with one signature, {@code /SubFilter /ETSI.CAdES.detached}, whose {@code /Contents} is our CAdES
 * detached signature (with a signature timestamp when the signer has a TSA) over the {@code /ByteRange}.
 */
final class PdfLicenceFiles {

  /** The document-information key holding the part manifest. */
  static final String MANIFEST_KEY = "CertHubParts";
  /** Embedded file name of the DER seal. */
  static final String SEAL_NAME = "seal.esl";
  /** Room for the CMS in {@code /Contents}: chain, timestamp and its chain, with slack. */
  private static final int SIGNATURE_SIZE = 32 * 1024;
  private static final float PT = 72f / 25.4f;

  private PdfLicenceFiles() {}

  static byte[] write(LicenceFile file, Seal seal, CmsSigner cms) throws SignerException {
    byte[] unsigned;
    try (PDDocument doc = new PDDocument(); TrueTypeCollection fonts = new TrueTypeCollection(CjkFont.path().toFile())) {
      AtomicReference<TrueTypeFont> first = new AtomicReference<>();
      fonts.processAllFonts(f -> first.compareAndSet(null, f));
      PDType0Font font = PDType0Font.load(doc, first.get(), true);
      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      PDImageXObject qr = LosslessFactory.createFromImage(doc, image(org.certhub.signer.qr.QrImages.png(file.qrText())));
      PDImageXObject sealImage = LosslessFactory.createFromImage(doc, image(sealPng(seal)));
      try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
        text(s, font, Layout.TITLE_SIZE, Layout.title(file), Layout.PAGE_W / 2, Layout.TITLE_Y, true);
        double y = Layout.LINES_Y;
        for (Map.Entry<String, String> e : Layout.lines(file).entrySet()) {
          text(s, font, Layout.LINE_SIZE, e.getKey() + "：", Layout.MARGIN, y, false);
          text(s, font, fit(font, e.getValue(), Layout.LINE_SIZE, Layout.VALUE_W), e.getValue(), Layout.MARGIN + Layout.LABEL_W, y, false);
          y += Layout.LINE_STEP;
        }
        double cx = Layout.SEAL_X + Layout.SEAL_SIZE / 2;
        text(s, font, Layout.LINE_SIZE, Layout.issuer(file), cx, Layout.ISSUER_Y, true);
        text(s, font, Layout.LINE_SIZE, Layout.issued(file), cx, Layout.ISSUER_Y + Layout.LINE_STEP, true);
        s.drawImage(qr, mm(Layout.QR_X), top(Layout.QR_Y + Layout.QR_SIZE), mm(Layout.QR_SIZE), mm(Layout.QR_SIZE));
        // The seal is drawn last, over the issuer's name, as a stamp is pressed over the signature line.
        s.drawImage(sealImage, mm(Layout.SEAL_X), top(Layout.SEAL_Y + Layout.SEAL_SIZE), mm(Layout.SEAL_SIZE), mm(Layout.SEAL_SIZE));
      }
      Map<String, PDComplexFileSpecification> files = new LinkedHashMap<>();
      files.put(LicenceFile.LICENCE_NAME, embed(doc, LicenceFile.LICENCE_NAME, file.licence().toJson().getBytes(StandardCharsets.UTF_8)));
      files.put(LicenceFile.QR_NAME, embed(doc, LicenceFile.QR_NAME, file.qrText().getBytes(StandardCharsets.US_ASCII)));
      files.put(SEAL_NAME, embed(doc, SEAL_NAME, seal.encoded()));
      PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
      tree.setNames(files);
      PDDocumentNameDictionary names = new PDDocumentNameDictionary(doc.getDocumentCatalog());
      names.setEmbeddedFiles(tree);
      doc.getDocumentCatalog().setNames(names);
      Map<String, String> manifest = new LinkedHashMap<>();
      manifest.put("content", sha256(page.getContents()));
      manifest.put("qr", sha256(qr.getCOSObject().createInputStream()));
      manifest.put("seal", sha256(sealImage.getCOSObject().createInputStream()));
      manifest.put("licence", sha256(new ByteArrayInputStream(file.licence().toJson().getBytes(StandardCharsets.UTF_8))));
      doc.getDocumentInformation().setTitle(Layout.title(file));
      doc.getDocumentInformation().setCustomMetadataValue(MANIFEST_KEY, PdfParts.format(manifest));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      unsigned = out.toByteArray();
    } catch (IOException e) {
      throw new SignerException("the PDF licence file must be writable, but was: " + e, e);
    }
    try (PDDocument doc = Loader.loadPDF(unsigned); SignatureOptions options = new SignatureOptions()) {
      PDSignature sig = new PDSignature();
      sig.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
      sig.setSubFilter(PDSignature.SUBFILTER_ETSI_CADES_DETACHED);
      sig.setName(Layout.issuer(file));
      sig.setReason("电子证照 " + file.licence().licence().id());
      Calendar when = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
      when.setTimeInMillis(file.licence().licence().issuedAt().toEpochMilli());
      sig.setSignDate(when);
      options.setPreferredSignatureSize(SIGNATURE_SIZE);
      doc.addSignature(sig, options);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ExternalSigningSupport external = doc.saveIncrementalForExternalSigning(out);
      byte[] signature = cms.sign(external.getContent().readAllBytes(), CmsSigner.Mode.DETACHED);
      if (signature.length * 2 > SIGNATURE_SIZE * 2) {
        throw new SignerException("the CMS must fit /Contents (" + SIGNATURE_SIZE + " bytes), but was: " + signature.length);
      }
      external.setSignature(signature);
      return out.toByteArray();
    } catch (IOException e) {
      throw new SignerException("the PDF licence file must be signable, but was: " + e, e);
    }
  }

  /** The seal's own picture when it is a PNG; an SVG seal is drawn again as PNG (PDF has no SVG). */
  static byte[] sealPng(Seal seal) {
    SealInfo.Picture p = seal.info().picture();
    if ("PNG".equalsIgnoreCase(p.type())) {
      return p.data();
    }
    return SealPictures.png(seal.info().property().name(), 10).data();
  }

  private static BufferedImage image(byte[] png) throws IOException {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    if (img == null) {
      throw new IOException("the picture must be a PNG the JDK reads, but was not");
    }
    return img;
  }

  private static PDComplexFileSpecification embed(PDDocument doc, String name, byte[] data) throws IOException {
    PDEmbeddedFile ef = new PDEmbeddedFile(doc, new ByteArrayInputStream(data));
    ef.setSize(data.length);
    ef.setSubtype(name.endsWith(".json") ? "application/json" : name.endsWith(".esl") ? "application/octet-stream" : "text/plain");
    PDComplexFileSpecification spec = new PDComplexFileSpecification();
    spec.setFile(name);
    spec.setFileUnicode(name);
    spec.setEmbeddedFile(ef);
    spec.setEmbeddedFileUnicode(ef);
    return spec;
  }

  private static void text(PDPageContentStream s, PDType0Font font, double sizeMm, String text, double x, double y, boolean centred)
      throws IOException {
    float size = mm(sizeMm);
    float w = font.getStringWidth(text) / 1000f * size;
    s.beginText();
    s.setFont(font, size);
    s.newLineAtOffset(centred ? mm(x) - w / 2 : mm(x), top(y + sizeMm));
    s.showText(text);
    s.endText();
  }

  /** The font size that fits {@code text} in {@code widthMm}, at most {@code sizeMm}, at least half of it. */
  private static double fit(PDType0Font font, String text, double sizeMm, double widthMm) throws IOException {
    double w = font.getStringWidth(text) / 1000.0 * sizeMm;
    return w <= widthMm ? sizeMm : Math.max(sizeMm / 2, sizeMm * widthMm / w);
  }

  private static float mm(double v) {
    return (float) (v * PT);
  }

  /** From the top-left millimetres of {@link Layout} to PDF's bottom-left points. */
  private static float top(double yMm) {
    return mm(Layout.PAGE_H - yMm);
  }

  static String sha256(InputStream in) throws IOException {
    try (in) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[8192];
      long total = 0;
      for (int n; (n = in.read(buf)) > 0; ) {
        total += n;
        if (total > PdfParts.MAX_PART_BYTES) {
          throw new IOException("a part must decode to at most " + PdfParts.MAX_PART_BYTES + " bytes, but was: more");
        }
        md.update(buf, 0, n);
      }
      return Base64.getEncoder().withoutPadding().encodeToString(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK must provide SHA-256", e);
    }
  }
}
