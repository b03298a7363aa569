package io.alerthub.scenario.routes;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A binding's value is checked against the type its template's parameter description declares, as the scenario reads it. */
class TemplateParameterValuesTest {

    @ParameterizedTest(name = "[{0}] {1}")
    @CsvSource(delimiter = ';', nullValues = "null", value = {
        "integer 1-100 ; 90 ; null",
        "integer 1-100 ; 100 ; null",
        "integer 1-100 ; 190 ; parameter p: invalid value \"190\" (valid: a whole number from 1 to 100)",
        "integer 1-100 ; 0 ; parameter p: invalid value \"0\" (valid: a whole number from 1 to 100)",
        "port 1-65535 ; http ; parameter p: invalid value \"http\" (valid: a whole number from 1 to 65535)",
        "integer ; 12 ; null",
        "integer ; twelve ; parameter p: invalid value \"twelve\" (valid: a whole number)",
        "boolean ; TRUE ; null",
        "boolean ; yes ; parameter p: invalid value \"yes\" (valid: true or false)",
        "clean|compress ; compress ; null",
        "clean|compress ; shred ; parameter p: invalid value \"shred\" (valid: one of clean, compress)",
        "duration ; 30s ; null",
        "duration ; soon ; parameter p: invalid value \"soon\" (valid: a duration such as 500ms, 30s, 5m or 1h)",
        "path ; ../x ; null",
    })
    void aValueFitsItsDeclaredTypeOrIsRefusedWithTheScenariosMessage(String type, String value, String problem) {
        RouteTemplateParameterDefinition parameter = new RouteTemplateParameterDefinition();
        parameter.setName("p");
        parameter.setDescription("[" + type + "] what it is for");
        assertThat(TemplateParameterValues.problem(parameter, value)).isEqualTo(problem);
    }
}
