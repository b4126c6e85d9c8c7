package io.riberry.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.riberry.cli.GlobalOptions;
import org.junit.jupiter.api.Test;

/** The CLI finds riberry dev's admin token by itself only if it looks where riberry dev writes by default. */
class DevCommandTest {

    @Test
    void shouldKeepItsDataWhereTheCliLooksForItsToken() {
        assertThat(new DevCommand().dataDir).isEqualTo(GlobalOptions.DEV_DATA_DIR);
    }
}
