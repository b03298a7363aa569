package io.alerthub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code department} and {@code tier} in customer.yaml (issue 16): optional, read as written (Japanese included),
 * and refused with a message naming the key and quoting the value when blank, multi-line or not a label.
 */
class DepartmentConfigTest {

    @Test
    void departmentAndTierAreReadAsWritten() {
        CustomerConfig acme = CustomerRegistryTest.registry("department-valid").find("acme").orElseThrow();

        assertThat(acme.department()).isEqualTo("運用第一部 (Ops 1)");
        assertThat(acme.departmentName()).contains("運用第一部 (Ops 1)");
        assertThat(acme.tier()).isEqualTo("24x7-gold");
    }

    @Test
    void bothAreOptional() {
        CustomerConfig acme = CustomerRegistryTest.registry("valid").find("acme").orElseThrow();

        assertThat(acme.departmentName()).isEmpty();
        assertThat(acme.tier()).isNull();
    }

    @Test
    void aBlankDepartmentOrATierThatIsNoLabelIsRefused() {
        assertThat(CustomerRegistryTest.errorsOf("department-invalid")).containsExactlyElementsOf(List.of(
                "customers/acme/customer.yaml:3: department: invalid department \"  \" (valid: text on one line, not blank)",
                "customers/acme/customer.yaml:4: tier: invalid tier \"gold plan\" (valid: letters, digits, \"_\" and \"-\","
                        + " starting with a letter or digit, at most 32 characters)"));
    }

    @Test
    void aDepartmentOnTwoLinesIsRefused() {
        assertThat(CustomerRegistryTest.errorsOf("department-multiline")).containsExactlyElementsOf(List.of(
                "customers/acme/customer.yaml:3: department: invalid department \"Ops\\n1\" (valid: text on one line, not blank)",
                "customers/acme/customer.yaml:4: tier: invalid tier \"-gold\" (valid: letters, digits, \"_\" and \"-\","
                        + " starting with a letter or digit, at most 32 characters)"));
    }
}
