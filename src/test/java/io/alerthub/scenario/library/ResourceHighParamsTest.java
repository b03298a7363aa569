package io.alerthub.scenario.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alerthub.scenario.ParamValues;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One template serves cpu_high and memory_high: the process list follows the incident's class unless pinned. */
class ResourceHighParamsTest {

    @Test
    void byDefaultAMemoryIncidentListsProcessesByMemoryAndEveryOtherByCpu() {
        ResourceHighParams params = ResourceHighParams.read(new ParamValues(Map.of()));
        assertThat(params.sortBy()).isEqualTo("auto");
        assertThat(params.byMemory("memory_high")).isTrue();
        assertThat(params.byMemory("cpu_high")).isFalse();
        assertThat(params.byMemory("load_high")).isFalse();
    }

    @Test
    void aBindingCanPinTheColumnWhateverTheClass() {
        assertThat(ResourceHighParams.read(new ParamValues(Map.of("sortBy", "memory"))).byMemory("cpu_high")).isTrue();
        assertThat(ResourceHighParams.read(new ParamValues(Map.of("sortBy", "cpu"))).byMemory("memory_high")).isFalse();
    }

    @Test
    void anUnknownColumnIsRefusedNamingTheParameter() {
        assertThatThrownBy(() -> ResourceHighParams.read(new ParamValues(Map.of("sortBy", "swap"))))
                .hasMessageContaining("sortBy").hasMessageContaining("swap");
    }
}
