package org.certhub.signer.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A byte changed in a part is reported as that part tampered; unreadable files are refused, bounded. */
class LicenceFileTamperTest {
  static FileFixtures f;
  static byte[] ofd;
  static byte[] pdf;

  @BeforeAll
  static void make() throws Exception {
    f = FileFixtures.create();
    ofd = f.maker().make(f.file(), FileFormat.OFD);
    pdf = f.maker().make(f.file(), FileFormat.PDF);
  }

  static byte[] flip(byte[] file, long at) {
    byte[] copy = file.clone();
    copy[(int) at] ^= 0x01;
    return copy;
  }

  @Test
  void ofdByteFlippedInEachPartNamesThatPart() throws Exception {
    Map<String, FilePart.Name> where = Map.of(
        "Doc_0/Pages/Page_0/Content.xml", FilePart.Name.CONTENT,
        "Doc_0/Signs/Sign_0/Seal.esl", FilePart.Name.SEAL,
        "Doc_0/Signs/Sign_0/SignedValue.dat", FilePart.Name.SIGNATURE,
        "Doc_0/Signs/Sign_0/Signature.xml", FilePart.Name.SIGNATURE,
        "Doc_0/Res/qr.png", FilePart.Name.QR,
        "Doc_0/Res/licence.json", FilePart.Name.LICENCE);
    List<ZipArchiveEntry> entries;
    try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(ofd)).get()) {
      entries = Collections.list(zip.getEntries());
    }
    for (Map.Entry<String, FilePart.Name> w : where.entrySet()) {
      ZipArchiveEntry e = entries.stream().filter(x -> x.getName().equals(w.getKey())).findFirst().orElseThrow();
      for (long at : new long[] {e.getDataOffset(), e.getDataOffset() + e.getCompressedSize() / 2, e.getDataOffset() + e.getCompressedSize() - 1}) {
        FileReport r = f.verifier().verify(flip(ofd, at));
        assertThat(r.verdict()).as(w.getKey() + " @" + at).isEqualTo(FileReport.Verdict.TAMPERED);
        assertThat(r.tampered()).as(w.getKey() + " @" + at + " " + r.parts()).contains(w.getValue());
      }
    }
  }

  @Test
  void ofdByteFlippedInAnEntryNameIsTheContainer() throws Exception {
    long header;
    try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(ofd)).get()) {
      header = zip.getEntry("Doc_0/Pages/Page_0/Content.xml").getLocalHeaderOffset();
    }
    int at = (int) header + 30 + 6; // in the local header's copy of the name
    try {
      FileReport r = f.verifier().verify(flip(ofd, at));
      assertThat(r.verdict()).isEqualTo(FileReport.Verdict.TAMPERED);
      assertThat(r.tampered()).contains(FilePart.Name.CONTAINER);
      assertThat(r.part(FilePart.Name.CONTAINER).detail()).contains("local header of Doc_0/Pages/Page_0/Content.xml");
    } catch (FileFormatException e) {
      assertThat(e.where()).startsWith("zip");
    }
  }

  /**
   * Every byte of the OFD flipped (the structure's also with all bits flipped), through the package checks alone (ZIP form, sizes,
   * CRC-32s): each flip is tampered or unreadable. The full verification of every flip takes minutes; the next test
   * runs it on every byte of the ZIP structure.
   */
  @Test
  void ofdEveryByteFlippedFailsThePackageChecks() throws Exception {
    assertThat(new OfdVerification(f.verifier(), ofd).packageOnly().verdict()).isEqualTo(FileReport.Verdict.VALID);
    List<String> notTampered = new java.util.ArrayList<>();
    int tried = 0;
    long started = System.nanoTime();
    boolean[] data = dataBytes();
    for (int at = 0; at < ofd.length; at++) {
      // Data bytes once (their CRC-32 catches any change), the structure's with two different changes.
      for (int mask : data[at] ? new int[] {0x01} : new int[] {0x01, 0xff}) {
        byte[] changed = ofd.clone();
        changed[at] ^= (byte) mask;
        tried++;
        try {
          FileReport r = new OfdVerification(f.verifier(), changed).packageOnly();
          if (r.verdict() != FileReport.Verdict.TAMPERED) {
            notTampered.add(at + "^" + mask + " " + r.verdict());
          }
        } catch (FileFormatException e) {
          assertThat(e.where()).as("flip " + at + "^" + mask).matches("zip.*|file");
        }
      }
    }
    System.out.printf("OFD package sweep: %d bytes, %d flips, %d not tampered, %d ms%n", ofd.length, tried, notTampered.size(),
        (System.nanoTime() - started) / 1_000_000);
    assertThat(notTampered).as("flips the package checks let through").isEmpty();
  }

  /**
   * Every byte of the ZIP's own structure (local headers, central directory, end record) flipped, and a sample of each
   * entry's data (its first and last 4 bytes and every 997th between), through the full verification: never valid,
   * always tampered (or unreadable).
   */
  @Test
  void ofdEveryZipStructureByteAndSampledDataFlippedIsNeverValid() throws Exception {
    boolean[] data = dataBytes();
    List<ZipArchiveEntry> entries = ofdEntries();
    int structure = 0;
    int sampled = 0;
    List<String> notTampered = new java.util.ArrayList<>();
    long started = System.nanoTime();
    for (ZipArchiveEntry e : entries) {
      long from = e.getDataOffset();
      long to = from + e.getCompressedSize();
      for (long at = from; at < to; at++) {
        if (at < from + 4 || at >= to - 4 || (at - from) % 997 == 0) {
          sampled++;
          check(ofd, (int) at, 0x01, notTampered);
        }
      }
    }
    for (int at = 0; at < ofd.length; at++) {
      if (!data[at]) {
        structure++;
        check(ofd, at, 0x01, notTampered);
      }
    }
    System.out.printf("OFD full sweep: %d bytes, %d structure bytes, %d data bytes sampled, %d flips, %d valid, %d not tampered, %d ms%n",
        ofd.length, structure, sampled, structure + sampled, notTampered.stream().filter(x -> x.contains(" VALID ")).count(),
        notTampered.size(), (System.nanoTime() - started) / 1_000_000);
    assertThat(structure).as("local headers, central directory and end record").isGreaterThan(entries.size() * 76 + 22 - 1);
    assertThat(notTampered).as("flips that were not reported tampered (valid ones included)").isEmpty();
  }

  @Test
  void ofdBytesAppendedOrAZipCommentAreTheContainer() throws Exception {
    byte[] longer = java.util.Arrays.copyOf(ofd, ofd.length + 1);
    FileReport appended = f.verifier().verify(longer);
    assertThat(appended.tampered()).as(appended.parts().toString()).contains(FilePart.Name.CONTAINER);
    assertThat(appended.part(FilePart.Name.CONTAINER).detail()).contains("after the end record");
    byte[] commented = java.util.Arrays.copyOf(ofd, ofd.length + 3);
    commented[ofd.length - 2] = 3; // end record comment length 3, comment "\0\0\0"
    FileReport comment = f.verifier().verify(commented);
    assertThat(comment.tampered()).as(comment.parts().toString()).contains(FilePart.Name.CONTAINER);
  }

  @Test
  void theOfdIsTheCanonicalZipOfItsEntries() throws Exception {
    assertThat(OfdZip.canonical(ofd)).as("the writer's output is already canonical").isEqualTo(ofd);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(ofd)).get();
        ZipOutputStream z = new ZipOutputStream(out)) {
      for (ZipArchiveEntry e : Collections.list(zip.getEntriesInPhysicalOrder())) {
        z.putNextEntry(new ZipEntry(e.getName()));
        z.write(zip.getInputStream(e).readAllBytes());
        z.closeEntry();
      }
    }
    // The same files in an ordinary deflated ZIP: the stamp still holds, the container is not the hub's.
    FileReport r = f.verifier().verify(out.toByteArray());
    assertThat(r.tampered()).as(r.parts().toString()).containsExactly(FilePart.Name.CONTAINER);
    assertThat(r.part(FilePart.Name.CONTAINER).detail()).contains("must be stored");
  }

  private static List<ZipArchiveEntry> ofdEntries() throws Exception {
    try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(ofd)).get()) {
      return Collections.list(zip.getEntriesInPhysicalOrder());
    }
  }

  /** Which bytes of the OFD are entry data (the rest is ZIP structure); every entry is stored. */
  private static boolean[] dataBytes() throws Exception {
    boolean[] data = new boolean[ofd.length];
    for (ZipArchiveEntry e : ofdEntries()) {
      assertThat(e.getMethod()).as(e.getName() + " is stored").isEqualTo(ZipArchiveEntry.STORED);
      for (long at = e.getDataOffset(); at < e.getDataOffset() + e.getCompressedSize(); at++) {
        data[(int) at] = true;
      }
    }
    return data;
  }

  private static void check(byte[] file, int at, int mask, List<String> notTampered) {
    byte[] changed = file.clone();
    changed[at] ^= (byte) mask;
    try {
      FileReport r = f.verifier().verify(changed);
      if (r.verdict() != FileReport.Verdict.TAMPERED) {
        notTampered.add(at + "^" + mask + " " + r.verdict() + " " + r.parts());
      }
    } catch (FileFormatException e) {
      assertThat(e.where()).as("flip " + at + "^" + mask).matches("zip.*|file");
    }
  }

  @Test
  void pdfByteFlippedInEachPartNamesThatPart() throws Exception {
    long content;
    long qr;
    long seal;
    long licence;
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      PDPage page = doc.getPage(0);
      Map<COSObjectKey, Long> xref = doc.getDocument().getXrefTable();
      COSBase contents = page.getCOSObject().getItem(COSName.CONTENTS);
      content = streamStart(xref.get(((COSObject) contents).getKey()));
      long[] images = new long[2];
      int i = 0;
      for (COSName n : page.getResources().getXObjectNames()) {
        PDImageXObject img = (PDImageXObject) page.getResources().getXObject(n);
        images[i++] = streamStart(xref.get(img.getCOSObject().getKey()));
      }
      // The QR code is drawn first, so its image is the first made; the seal's follows.
      qr = Math.min(images[0], images[1]);
      seal = Math.max(images[0], images[1]);
      licence = streamStart(xref.get(doc.getDocumentCatalog().getNames().getEmbeddedFiles().getNames().get(LicenceFile.LICENCE_NAME)
          .getEmbeddedFile().getCOSObject().getKey()));
    }
    assertTampered(pdf, content + 10, FilePart.Name.CONTENT);
    assertTampered(pdf, qr + 10, FilePart.Name.QR);
    assertTampered(pdf, seal + 10, FilePart.Name.SEAL);
    assertTampered(pdf, licence + 10, FilePart.Name.LICENCE);
    int contentsAt = indexOf(pdf, "/Contents <".getBytes(StandardCharsets.US_ASCII), 0) + "/Contents <".length();
    byte[] changed = pdf.clone();
    changed[contentsAt + 400] = (byte) (changed[contentsAt + 400] == '0' ? '1' : '0');
    FileReport r = f.verifier().verify(changed);
    assertThat(r.tampered()).as(r.parts().toString()).contains(FilePart.Name.SIGNATURE);
  }

  /**
   * Every byte of the PDF's structure around the signature flipped: from the first revision's cross-reference stream
   * to the end (the signature dictionary with its /ByteRange, the widget, the updated catalogue, the update's
   * cross-reference stream and trailer), but /Contents; and every 1,009th byte elsewhere (page content, fonts,
   * images, embedded files, object streams). /ByteRange covers every byte but /Contents and the verifier requires
   * it to, so each flip changes the signed digest or the ranges: never valid. /Contents is left to the targeted
   * tests below (a few bytes of the CMS's own framing are signed by nothing, docs/files.md).
   */
  @Test
  void pdfEveryStructureByteAndEveryThousandthByteFlippedIsNeverValid() throws Exception {
    int contentsStart = indexOf(pdf, "/Contents <".getBytes(StandardCharsets.US_ASCII), 0) + "/Contents <".length();
    int contentsEnd = indexOf(pdf, ">".getBytes(StandardCharsets.US_ASCII), contentsStart);
    int startxref = indexOf(pdf, "startxref\n".getBytes(StandardCharsets.US_ASCII), 0) + "startxref\n".length();
    int firstXref = Integer.parseInt(new String(pdf, startxref, indexOf(pdf, "\n".getBytes(StandardCharsets.US_ASCII), startxref) - startxref,
        StandardCharsets.US_ASCII).strip());
    assertThat(firstXref).as("the first revision's cross-reference").isBetween(1, contentsStart);
    List<String> valid = new java.util.ArrayList<>();
    int tried = 0;
    long started = System.nanoTime();
    for (int at = 0; at < pdf.length; at++) {
      boolean structure = at >= firstXref && (at < contentsStart || at >= contentsEnd);
      if (!structure && (at % 1009 != 0 || (at >= contentsStart && at < contentsEnd))) {
        continue;
      }
      tried++;
      try {
        FileReport r = f.verifier().verify(flip(pdf, at));
        if (r.verdict() == FileReport.Verdict.VALID) {
          valid.add(at + " " + r.parts());
        }
        // A flip inside a certificate the CMS carries breaks its chain: INVALID (FAILED), not TAMPERED, yet never VALID.
        assertThat(r.verdict()).as("flip at " + at + " " + r.parts()).isIn(FileReport.Verdict.TAMPERED, FileReport.Verdict.INVALID);
      } catch (FileFormatException e) {
        assertThat(e.where()).as("flip at " + at).matches("pdf|file");
      }
    }
    System.out.printf("PDF sweep: %d bytes, structure from %d, /Contents %d..%d, %d flips, %d valid, %d ms%n", pdf.length, firstXref,
        contentsStart, contentsEnd, tried, valid.size(), (System.nanoTime() - started) / 1_000_000);
    assertThat(valid).isEmpty();
  }

  @Test
  void pdfByteFlippedInACertificateTheCmsCarriesIsTheSignature() throws Exception {
    byte[] root = f.pki().root().certificate().getEncoded();
    String hex = java.util.HexFormat.of().withUpperCase().formatHex(root, root.length - 40, root.length - 20);
    int at = indexOf(pdf, hex.getBytes(StandardCharsets.US_ASCII), 0);
    if (at < 0) {
      at = indexOf(pdf, hex.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII), 0);
    }
    assertThat(at).as("the root's copy in the CMS").isPositive();
    byte[] changed = pdf.clone();
    changed[at + 4] = (byte) (changed[at + 4] == '0' ? '1' : '0');
    FileReport r = f.verifier().verify(changed);
    assertThat(r.tampered()).as(r.parts().toString()).contains(FilePart.Name.SIGNATURE);
  }

  @Test
  void pdfByteFlippedInTheSignaturePaddingIsTheSignature() throws Exception {
    int start = indexOf(pdf, "/Contents <".getBytes(StandardCharsets.US_ASCII), 0) + "/Contents <".length();
    int end = indexOf(pdf, ">".getBytes(StandardCharsets.US_ASCII), start);
    assertThat(pdf[end - 3]).isEqualTo((byte) '0');
    FileReport r = f.verifier().verify(flip(pdf, end - 3));
    assertThat(r.tampered()).as(r.parts().toString()).containsExactly(FilePart.Name.SIGNATURE);
  }

  @Test
  void pdfByteFlippedOutsideThePartsIsTheContainer() throws Exception {
    int at = indexOf(pdf, "/Type /Catalog".getBytes(StandardCharsets.US_ASCII), 0);
    assertThat(at).isPositive();
    FileReport r = f.verifier().verify(flip(pdf, at + 3));
    assertThat(r.verdict()).isEqualTo(FileReport.Verdict.TAMPERED);
    assertThat(r.tampered()).isNotEmpty();
  }

  private static void assertTampered(byte[] file, long at, FilePart.Name part) throws Exception {
    FileReport r = f.verifier().verify(flip(file, at));
    assertThat(r.verdict()).as(part + " " + r.parts()).isEqualTo(FileReport.Verdict.TAMPERED);
    assertThat(r.tampered()).as(part + " " + r.parts()).contains(part);
  }

  private static long streamStart(long objectOffset) {
    int s = indexOf(pdf, "stream".getBytes(StandardCharsets.US_ASCII), (int) objectOffset);
    return s + "stream".length() + 1;
  }

  static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = from; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void notAFileWeKnowIsRefusedNamingWhere() {
    assertThatThrownBy(() -> f.verifier().verify(new byte[0])).isInstanceOf(FileFormatException.class)
        .satisfies(e -> assertThat(((FileFormatException) e).where()).isEqualTo("file"));
    assertThatThrownBy(() -> f.verifier().verify("hello".getBytes(StandardCharsets.US_ASCII))).isInstanceOf(FileFormatException.class);
    assertThatThrownBy(() -> f.verifier().verify("%PDF-1.7 not really".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(FileFormatException.class).hasMessageStartingWith("pdf");
  }

  @Test
  void truncatedFilesAreRefusedOrTampered() throws Exception {
    for (int len : new int[] {4, 100, ofd.length / 2, ofd.length - 1}) {
      assertThatThrownBy(() -> f.verifier().verify(java.util.Arrays.copyOf(ofd, len))).as("ofd " + len)
          .isInstanceOf(FileFormatException.class).hasMessageStartingWith("zip");
    }
    for (int len : new int[] {5, 100, pdf.length / 2, pdf.length - 1}) {
      try {
        FileReport r = f.verifier().verify(java.util.Arrays.copyOf(pdf, len));
        assertThat(r.verdict()).as("pdf " + len).isEqualTo(FileReport.Verdict.TAMPERED);
      } catch (FileFormatException e) {
        assertThat(e.where()).startsWith("pdf");
      }
    }
  }

  @Test
  @Timeout(20)
  void deeplyNestedPdfObjectsAreRefusedNotAStackOverflow() {
    String deep = "%PDF-1.7\n1 0 obj\n" + "[".repeat(200_000) + "\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
    assertThatThrownBy(() -> f.verifier().verify(deep.getBytes(StandardCharsets.US_ASCII))).isInstanceOf(FileFormatException.class)
        .hasMessageStartingWith("pdf");
  }

  @Test
  @Timeout(20)
  void aZipBombIsRefusedWithoutInflatingIt() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("OFD.xml"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 200; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }
    assertThat(out.size()).isLessThan(LicenceFileVerifier.MAX_FILE_BYTES);
    assertThatThrownBy(() -> f.verifier().verify(out.toByteArray())).isInstanceOf(FileFormatException.class)
        .hasMessageContaining("ZIP bomb");
  }

  @Test
  void anOversizedFileIsRefusedBeforeReading() {
    assertThatThrownBy(() -> f.verifier().verify(new byte[LicenceFileVerifier.MAX_FILE_BYTES + 1]))
        .isInstanceOf(FileFormatException.class).hasMessageContaining("at most");
  }
}
