package org.certhub.signer.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ofdrw.reader.OFDReader;
import org.ofdrw.sign.verify.OFDValidator;
import org.ofdrw.sign.verify.container.SESV4ValidateContainer;

/** ofdrw, the field's reference implementation, reads our OFD and checks its stamp (references and SM2 signature). */
class OfdrwReadsOurOfdTest {

  @Test
  void ofdrwValidatesTheStampOnOurOfd(@TempDir Path dir) throws Exception {
    FileFixtures f = FileFixtures.create();
    Path ofd = Files.write(dir.resolve("licence.ofd"), f.maker().make(f.file(), FileFormat.OFD));
    try (OFDReader reader = new OFDReader(ofd)) {
      assertThat(reader.getNumberOfPages()).isEqualTo(1);
      try (OFDValidator validator = new OFDValidator(reader)) {
        validator.setValidator(new SESV4ValidateContainer());
        validator.exeValidate();
      }
    }
  }
}
