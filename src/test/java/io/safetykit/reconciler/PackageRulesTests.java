package io.safetykit.reconciler;

import java.util.ArrayList;
import java.util.List;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules of the README's "Development" section: each package depends only on the
 * packages listed below it, no two packages depend on each other, and a new package must be given
 * its place here.
 */
@AnalyzeClasses(packages = "io.safetykit.reconciler", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageRulesTests {

	private static final String ROOT = "io.safetykit.reconciler";

	/** Top to bottom; the empty name is the root package, where only the application's entry point lives. */
	private static final List<String> PACKAGES = List.of("", "demo", "reconcile", "report", "enqueue", "resultfile",
			"store", "run", "safetykit", "simulator", "ops", "database", "exit");

	@ArchTest
	static final ArchRule packagesDependOnlyOnPackagesBelowThem = layers();

	@ArchTest
	static final ArchRule packagesAreFreeOfCycles = slices().matching(ROOT + ".(*)..").should().beFreeOfCycles();

	@ArchTest
	static final ArchRule everyClassIsInAPackageWithAPlace = classes().should()
		.resideInAnyPackage(PACKAGES.stream().map(PackageRulesTests::packageName).toArray(String[]::new));

	private static ArchRule layers() {
		LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
		for (String name : PACKAGES) {
			layers = layers.layer(layerName(name)).definedBy(packageName(name));
		}
		List<String> above = new ArrayList<>();
		for (String name : PACKAGES) {
			layers = above.isEmpty() ? layers.whereLayer(layerName(name)).mayNotBeAccessedByAnyLayer()
					: layers.whereLayer(layerName(name)).mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
			above.add(layerName(name));
		}
		return layers;
	}

	private static String layerName(String name) {
		return name.isEmpty() ? "application" : name;
	}

	private static String packageName(String name) {
		return name.isEmpty() ? ROOT : ROOT + "." + name;
	}

}
