package org.certhub.signer.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LicenceFileRoundTripTest {
  static FileFixtures f;
  static byte[] ofd;
  static byte[] pdf;

  @BeforeAll
  static void make() throws Exception {
    f = FileFixtures.create();
    ofd = f.maker().make(f.file(), FileFormat.OFD);
    pdf = f.maker().make(f.file(), FileFormat.PDF);
    Path out = Path.of("target", "licence-files");
    Files.createDirectories(out);
    Files.write(out.resolve("licence.ofd"), ofd);
    Files.write(out.resolve("licence.pdf"), pdf);
  }

  @ParameterizedTest
  @EnumSource(FileFormat.class)
  void anUntouchedFileVerifiesInEveryPart(FileFormat format) throws Exception {
    FileReport r = f.verifier().verify(format == FileFormat.OFD ? ofd : pdf);
    assertThat(r.parts()).as(r.toString()).allMatch(p -> p.status() == FilePart.Status.PASSED);
    assertThat(r.verdict()).isEqualTo(FileReport.Verdict.VALID);
    assertThat(r.format()).isEqualTo(format);
    assertThat(r.licence()).hasValueSatisfying(l -> assertThat(l.licence().id()).isEqualTo(f.licence().licence().id()));
  }

  @Test
  void theOfdCarriesOurStampAndSeal() throws Exception {
    FileReport r = f.verifier().verify(ofd);
    assertThat(r.part(FilePart.Name.SEAL).detail()).contains("43010000000001");
    assertThat(r.part(FilePart.Name.SIGNATURE).detail()).contains("V4");
  }

  @Test
  void thePdfSignatureIsCadesWithATimestamp() throws Exception {
    FileReport r = f.verifier().verify(pdf);
    assertThat(r.part(FilePart.Name.SIGNATURE).detail()).contains("B-T");
    assertThat(new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("/ETSI.CAdES.detached");
  }
}
