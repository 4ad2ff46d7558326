package org.certhub.hub;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules as code (DESIGN §3, STYLE P1-P3, P14): imports flow downward, the libraries stay plain
 * Java, feature packages form no cycles, and nobody throws vanilla exceptions.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.certhub");
  }

  @Test
  void libraries_importNoSpringServletOrJdbc() {
    noClasses()
        .that()
        .resideInAnyPackage("org.certhub.signer..", "org.certhub.ledger..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework..", "jakarta.servlet..", "javax.servlet..", "java.sql..", "javax.sql..", "java.net.http..")
        .because("signer and ledger are plain Java libraries that auditors and departments use alone (DESIGN §3)")
        .check(classes);
  }

  @Test
  void libraries_doNotImportUpward() {
    noClasses()
        .that()
        .resideInAnyPackage("org.certhub.signer..", "org.certhub.ledger..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.certhub.exchange..", "org.certhub.hub..", "org.certhub.adapters..")
        .because("imports flow downward: hub -> exchange -> signer, ledger")
        .check(classes);
  }

  @Test
  void signerAndLedger_areIndependent() {
    noClasses()
        .that()
        .resideInAPackage("org.certhub.ledger..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.certhub.signer..")
        .because("the ledger verifies alone, with only the JDK")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("org.certhub.signer..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.certhub.ledger..")
        .check(classes);
  }

  @Test
  void exchange_doesNotImportHubOrAdapters() {
    noClasses()
        .that()
        .resideInAPackage("org.certhub.exchange..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.certhub.hub..", "org.certhub.adapters..")
        .because("the exchange holds the domain and ports; engines and assembly sit above it")
        .check(classes);
  }

  @Test
  void featurePackages_areFreeOfCycles() {
    slices().matching("org.certhub.(*).(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void nobody_throwsVanillaExceptions() {
    noClasses()
        .that()
        .areNotAssignableTo(Throwable.class)
        .should()
        .callConstructorWhere(target(owner(equivalentTo(RuntimeException.class))))
        .orShould()
        .callConstructorWhere(target(owner(equivalentTo(Exception.class))))
        .because("a vanilla exception says nothing a caller can act on (STYLE P14)")
        .check(classes);
  }
}
