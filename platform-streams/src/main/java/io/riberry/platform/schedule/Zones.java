package io.riberry.platform.schedule;

import java.time.DateTimeException;
import java.time.ZoneId;

/** Time zones named in the catalog, with an error that says which name was wrong. */
final class Zones {

    private Zones() {
    }

    static ZoneId of(final String timezone) {
        try {
            return ZoneId.of(timezone == null || timezone.isBlank() ? "UTC" : timezone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone \"" + timezone + "\"");
        }
    }
}
