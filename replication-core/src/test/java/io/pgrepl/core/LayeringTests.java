package io.pgrepl.core;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core's packages show its layers: dependencies point inward only, from the entry points
 * through the features to the internal catalog readers and the model, and no package cycle
 * exists. Checked on the compiled classes, so a new import that breaks a layer fails here.
 */
class LayeringTests {

	private static final JavaClasses CORE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.pgrepl.core");

	/** Every package of the core, the root included, is one slice. */
	static final SliceAssignment BY_PACKAGE = new SliceAssignment() {

		@Override
		public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
			return javaClass.getPackageName().startsWith("io.pgrepl.core")
					? SliceIdentifier.of(javaClass.getPackageName()) : SliceIdentifier.ignore();
		}

		@Override
		public String getDescription() {
			return "packages of io.pgrepl.core";
		}

	};

	@Test
	void packagesHaveNoCycles() {
		slices().assignedFrom(BY_PACKAGE).should().beFreeOfCycles().check(CORE);
	}

	@Test
	void dependenciesPointInward() {
		layeredArchitecture().consideringOnlyDependenciesInLayers()
			.layer("entry points").definedBy("io.pgrepl.core")
			.layer("reconcile").definedBy("io.pgrepl.core.plan..")
			.layer("features")
			.definedBy("io.pgrepl.core.publication..", "io.pgrepl.core.subscription..", "io.pgrepl.core.schema..",
					"io.pgrepl.core.preflight..", "io.pgrepl.core.health..", "io.pgrepl.core.sequence..",
					"io.pgrepl.core.verify..", "io.pgrepl.core.switchover..")
			.layer("catalog").definedBy("io.pgrepl.core.internal.catalog..")
			.layer("jdbc").definedBy("io.pgrepl.core.internal.jdbc..")
			.layer("status").definedBy("io.pgrepl.core.status..")
			.layer("model").definedBy("io.pgrepl.core.model..")
			.whereLayer("entry points").mayNotBeAccessedByAnyLayer()
			.whereLayer("reconcile").mayOnlyBeAccessedByLayers("entry points")
			.whereLayer("features").mayOnlyBeAccessedByLayers("entry points", "reconcile", "features")
			.whereLayer("catalog").mayOnlyBeAccessedByLayers("entry points", "reconcile", "features")
			.whereLayer("jdbc").mayOnlyBeAccessedByLayers("entry points", "reconcile", "features", "catalog")
			.whereLayer("status").mayOnlyBeAccessedByLayers("entry points", "reconcile", "features", "catalog")
			.check(CORE);
	}

	@Test
	void coreKnowsNoSpring() {
		noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..").check(CORE);
	}

	@Test
	void aCycleIsFound() {
		JavaClasses cyclic = new ClassFileImporter().importPackages("io.pgrepl.core.fixture.cycle");
		EvaluationResult result = slices().assignedFrom(BY_PACKAGE).should().beFreeOfCycles().evaluate(cyclic);
		assertThat(result.hasViolation()).isTrue();
		assertThat(result.getFailureReport().toString()).contains("io.pgrepl.core.fixture.cycle.a")
			.contains("io.pgrepl.core.fixture.cycle.b");
	}

}
