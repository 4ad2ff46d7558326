package org.certhub.signer.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.Providers;
import org.certhub.signer.qr.QrImages;
import org.certhub.signer.seal.Seal;
import org.certhub.signer.seal.Stamper;
import org.ofdrw.core.signatures.SigType;
import org.ofdrw.layout.OFDDoc;
import org.ofdrw.layout.PageLayout;
import org.ofdrw.layout.VirtualPage;
import org.ofdrw.layout.edit.Attachment;
import org.ofdrw.layout.element.Img;
import org.ofdrw.layout.element.Paragraph;
import org.ofdrw.layout.element.Position;
import org.ofdrw.layout.element.TextAlign;
import org.ofdrw.reader.OFDReader;
import org.ofdrw.sign.ExtendSignatureContainer;
import org.ofdrw.sign.OFDSigner;
import org.ofdrw.sign.SignMode;
import org.ofdrw.sign.stamppos.NormalStampPos;

/**
 * Writes the OFD licence file with ofdrw: one A4 page laid out as {@link Layout} says, the QR code as an image
 * resource, the signed licence and the QR text as attachments, then a GB/T 38540 v4 stamp over the whole package
 * ({@link SignMode#WholeProtected}) made by our {@link Stamper} with our seal, the stamp annotation placing the
 * seal's picture at the stamp position; the package is then rewritten in the canonical ZIP form of {@link OfdZip}.
 * Text references the font 宋体 (SimSun) by name, as government OFDs do;
 * nothing is embedded, so a file stays small.
 */
final class OfdLicenceFiles {

  private OfdLicenceFiles() {}

  static byte[] write(LicenceFile file, Seal seal, Stamper stamper) throws SignerException {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("certhub-ofd-");
      Path qr = Files.write(dir.resolve("qr.png"), QrImages.png(file.qrText()));
      Path licence = Files.write(dir.resolve(LicenceFile.LICENCE_NAME), file.licence().toJson().getBytes(StandardCharsets.UTF_8));
      Path qrText = Files.write(dir.resolve(LicenceFile.QR_NAME), file.qrText().getBytes(StandardCharsets.US_ASCII));
      Path unsigned = dir.resolve("unsigned.ofd");
      Path signed = dir.resolve("signed.ofd");
      try (OFDDoc doc = new OFDDoc(unsigned)) {
        VirtualPage page = new VirtualPage(PageLayout.A4());
        page.add(text(Layout.title(file), Layout.MARGIN, Layout.TITLE_Y, Layout.PAGE_W - 2 * Layout.MARGIN, Layout.TITLE_SIZE)
            .setTextAlign(TextAlign.center));
        double y = Layout.LINES_Y;
        for (Map.Entry<String, String> e : Layout.lines(file).entrySet()) {
          page.add(text(e.getKey() + "：", Layout.MARGIN, y, Layout.LABEL_W, Layout.LINE_SIZE));
          page.add(text(e.getValue(), Layout.MARGIN + Layout.LABEL_W, y, Layout.PAGE_W - 2 * Layout.MARGIN - Layout.LABEL_W, Layout.LINE_SIZE));
          y += Layout.LINE_STEP;
        }
        page.add(text(Layout.issuer(file), Layout.SEAL_X - 20, Layout.ISSUER_Y, Layout.SEAL_SIZE + 40, Layout.LINE_SIZE)
            .setTextAlign(TextAlign.center));
        page.add(text(Layout.issued(file), Layout.SEAL_X - 20, Layout.ISSUER_Y + Layout.LINE_STEP, Layout.SEAL_SIZE + 40, Layout.LINE_SIZE)
            .setTextAlign(TextAlign.center));
        Img img = new Img(Layout.QR_SIZE, Layout.QR_SIZE, qr);
        img.setPosition(Position.Absolute).setXY(Layout.QR_X, Layout.QR_Y);
        page.add(img);
        doc.addVPage(page);
        doc.addAttachment(new Attachment(LicenceFile.LICENCE_NAME, licence));
        doc.addAttachment(new Attachment(LicenceFile.QR_NAME, qrText));
      }
      try (OFDReader reader = new OFDReader(unsigned); OFDSigner signer = new OFDSigner(reader, signed)) {
        signer.setSignMode(SignMode.WholeProtected);
        signer.setSignContainer(new Container(seal, stamper));
        signer.addApPos(new NormalStampPos(1, Layout.SEAL_X, Layout.SEAL_Y, Layout.SEAL_SIZE, Layout.SEAL_SIZE));
        signer.exeSign();
      }
      // ofdrw's ZIP has fields nothing signs; the file goes out in the one form the verifier accepts (OfdZip).
      return OfdZip.canonical(Files.readAllBytes(signed));
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      if (e.getCause() instanceof SignerException s) {
        throw s;
      }
      throw new SignerException("the OFD licence file must be writable, but was: " + e, e);
    } finally {
      LicenceFiles.deleteTree(dir);
    }
  }

  private static Paragraph text(String s, double x, double y, double width, double size) {
    Paragraph p = new Paragraph(s, size);
    p.setPosition(Position.Absolute).setXY(x, y).setWidth(width);
    return p;
  }

  /** ofdrw's signing container, backed by our seal and stamper instead of ofdrw's own (test-only) ones. */
  private record Container(Seal seal, Stamper stamper) implements ExtendSignatureContainer {
    @Override
    public MessageDigest getDigestFnc() {
      try {
        return MessageDigest.getInstance("SM3", Providers.bc());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("Bouncy Castle must provide SM3", e);
      }
    }

    @Override
    public ASN1ObjectIdentifier getSignAlgOID() {
      return GMObjectIdentifiers.sm2sign_with_sm3;
    }

    @Override
    public byte[] sign(InputStream inData, String propertyInfo) throws IOException, GeneralSecurityException {
      try {
        return stamper.stamp(seal, inData.readAllBytes(), propertyInfo).encoded();
      } catch (SignerException e) {
        throw new GeneralSecurityException(e.getMessage(), e);
      }
    }

    @Override
    public byte[] getSeal() {
      return seal.encoded();
    }

    @Override
    public SigType getSignType() {
      return SigType.Seal;
    }
  }
}
