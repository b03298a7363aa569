package io.alerthub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the pipeline's shape (no stage imports a later stage, the shared layers import no stage) and keeps test
 * libraries and the demo's mail server out of production code.
 */
class ArchitectureTest {
    /** Pipeline stages in order (design.md §1). */
    private static final List<String> STAGES = List.of(
            "ingest", "normalize", "triage", "scenario", "escalate", "notify", "incident", "analytics");
    /** Layers every stage may use; they use no stage. */
    private static final List<String> SHARED = List.of("model", "support", "config", "store");
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.alerthub");
    }

    @Test
    void noStageImportsALaterStage() {
        for (int i = 0; i < STAGES.size(); i++) {
            String[] later = STAGES.subList(i + 1, STAGES.size()).stream().map(ArchitectureTest::pkg).toArray(String[]::new);
            if (later.length > 0) {
                noClasses().that().resideInAPackage(pkg(STAGES.get(i)))
                        .should().dependOnClassesThat().resideInAnyPackage(later)
                        .allowEmptyShould(true)
                        .check(classes);
            }
        }
    }

    @Test
    void sharedLayersImportNoStage() {
        String[] stages = STAGES.stream().map(ArchitectureTest::pkg).toArray(String[]::new);
        noClasses().that().resideInAnyPackage(SHARED.stream().map(ArchitectureTest::pkg).toArray(String[]::new))
                .should().dependOnClassesThat().resideInAnyPackage(stages)
                .check(classes);
    }

    @Test
    void theModelKnowsNothingOfCamelOrSpring() {
        noClasses().that().resideInAPackage(pkg("model"))
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "org.springframework..")
                .check(classes);
    }

    /** Test libraries are not shipped in the jar (the build's enforcer bans them outside test scope), nor used. */
    @Test
    void productionCodeUsesNoTestLibrary() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "org.junit..", "junit..", "org.hamcrest..", "org.mockito..", "org.assertj..", "org.opentest4j..")
                .check(classes);
    }

    /** GreenMail ships only for the demo profile's mail server, a bean that exists only in that profile. */
    @Test
    void onlyTheDemoMailServerUsesGreenMail() {
        noClasses().that().doNotHaveFullyQualifiedName("io.alerthub.support.DemoMailServer")
                .should().dependOnClassesThat().resideInAPackage("com.icegreen..")
                .check(classes);
    }

    private static String pkg(String stage) {
        return "io.alerthub." + stage + "..";
    }
}
