package io.alerthub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the pipeline's shape (no stage imports a later stage, the shared layers import no stage and stay in their
 * order, no cycles inside a stage, production code never imports the demo) and keeps test libraries and the demo's
 * mail server out of production code. Rules that hold per stage run once per stage, so a failure names every
 * violating stage, not only the first.
 */
class ArchitectureTest {
    /** Pipeline stages in order (design.md §1); the operator console reads every stage, so it comes last. */
    private static final List<String> STAGES = List.of(
            "ingest", "normalize", "triage", "scenario", "escalate", "notify", "incident", "analytics", "console");
    /** Layers every stage may use; they use no stage. */
    private static final List<String> SHARED = List.of("model", "support", "config", "store");
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.alerthub");
    }

    static List<String> stages() {
        return STAGES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stages")
    void noStageImportsALaterStage(String stage) {
        int i = STAGES.indexOf(stage);
        String[] later = STAGES.subList(i + 1, STAGES.size()).stream().map(ArchitectureTest::pkg).toArray(String[]::new);
        if (later.length > 0) {
            noClasses().that().resideInAPackage(pkg(stage))
                    .should().dependOnClassesThat().resideInAnyPackage(later)
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }

    /**
     * Inside a stage, the top package and each sub-package (with what lies below it) depend on each other in one
     * direction only: e.g. {@code scenario → scenario.ssh}, never back.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stages")
    void noCyclesInsideAStage(String stage) {
        slices().assignedFrom(subPackagesOf("io.alerthub." + stage))
                .should().beFreeOfCycles()
                .allowEmptyShould(true)
                .check(classes);
    }

    /** One slice per direct sub-package of {@code root} (everything below it included), one for {@code root} itself. */
    private static SliceAssignment subPackagesOf(String root) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                if (name.equals(root)) {
                    return SliceIdentifier.of(root);
                }
                if (name.startsWith(root + ".")) {
                    String rest = name.substring(root.length() + 1);
                    int dot = rest.indexOf('.');
                    return SliceIdentifier.of(root + "." + (dot < 0 ? rest : rest.substring(0, dot)));
                }
                return SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the top package and each sub-package of " + root;
            }
        };
    }

    /**
     * The shared layers in order, {@code model ← support ← config ← store}: each uses only the layers before it.
     * One case per layer, so every layer that breaks the order is reported.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sharedLayers")
    void sharedLayersImportOnlyEarlierLayers(String layer) {
        String[] later = SHARED.subList(SHARED.indexOf(layer) + 1, SHARED.size()).stream()
                .map(ArchitectureTest::pkg).toArray(String[]::new);
        if (later.length > 0) {
            noClasses().that().resideInAPackage(pkg(layer))
                    .should().dependOnClassesThat().resideInAnyPackage(later)
                    .check(classes);
        }
    }

    static List<String> sharedLayers() {
        return SHARED;
    }

    /**
     * The demo (simulated SSH fleet, Slack/PagerDuty stand-ins) plugs into the hub, never the other way round: its
     * beans exist only under the {@code demo} profile, so production code that imported them would not run without it.
     */
    @Test
    void productionCodeNeverImportsTheDemo() {
        noClasses().that().resideOutsideOfPackage(pkg("demo"))
                .should().dependOnClassesThat().resideInAPackage(pkg("demo"))
                .check(classes);
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
