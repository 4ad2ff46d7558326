package org.certhub.exchange.licence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HolderIdsTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    // USCC sample widely used in GB 32100 guidance, and one-character changes of it
    "001, 91350100M000100Y43, true",
    "001, 91350100M000100Y44, false",
    "001, 91350100M000100Y4,  false",
    "001, 91350100M000I00Y43, false", // I is not in the USCC character set
    // Resident ID sample from GB 11643-1999, and changes
    "111, 11010519491231002X, true",
    "111, 110105194912310021, false",
    "111, 11010519491231002,  false",
    "999, 11010519491231002X, false",
  })
  void isValid_knownSamples_matchTheStandards(String type, String id, boolean valid) {
    assertThat(HolderIds.isValid(type, id)).isEqualTo(valid);
  }
}
