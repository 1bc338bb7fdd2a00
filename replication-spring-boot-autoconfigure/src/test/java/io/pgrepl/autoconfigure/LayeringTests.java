package io.pgrepl.autoconfigure;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The Boot module adapts the core and never reaches into it: no type of the core's
 * {@code internal} packages is used here, the packages have no cycle, and the adapters
 * ({@code health}, later {@code metrics} and {@code endpoint}) do not depend on the
 * auto-configuration that wires them.
 */
class LayeringTests {

	private static final JavaClasses BOOT = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.pgrepl.autoconfigure", "io.pgrepl.health", "io.pgrepl.metrics", "io.pgrepl.endpoint");

	@Test
	void nothingOutsideTheCoreUsesItsInternals() {
		noClasses().should().dependOnClassesThat().resideInAPackage("io.pgrepl.core.internal..").check(BOOT);
	}

	@Test
	void packagesHaveNoCycles() {
		slices().matching("io.pgrepl.(**)").should().beFreeOfCycles().check(BOOT);
	}

	@Test
	void adaptersDoNotDependOnTheAutoConfiguration() {
		noClasses().that()
			.resideInAnyPackage("io.pgrepl.health..", "io.pgrepl.metrics..", "io.pgrepl.endpoint..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.pgrepl.autoconfigure..")
			.check(BOOT);
	}

}
