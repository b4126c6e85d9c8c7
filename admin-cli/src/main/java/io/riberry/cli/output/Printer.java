package io.riberry.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.riberry.cli.GlobalOptions.Output;
import io.riberry.platform.http.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Prints answers as aligned tables or as JSON, to the command's writer. */
public final class Printer {

    private final PrintWriter out;
    private final Output format;

    public Printer(final PrintWriter out, final Output format) {
        this.out = out;
        this.format = format;
    }

    public boolean isJson() {
        return format == Output.json;
    }

    public void json(final JsonNode node) {
        try {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot print JSON", e);
        }
        out.flush();
    }

    /** One record as {@code field: value} lines, in the order given. */
    public void fields(final List<String[]> rows) {
        final int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        for (String[] row : rows) {
            out.println(String.format("%-" + width + "s  %s", row[0], row[1]));
        }
        out.flush();
    }

    /** A table with a header row. */
    public void table(final List<String> headers, final List<List<String>> rows) {
        final List<Integer> widths = new ArrayList<>();
        for (int column = 0; column < headers.size(); column++) {
            int width = headers.get(column).length();
            for (List<String> row : rows) {
                width = Math.max(width, row.get(column).length());
            }
            widths.add(width);
        }
        printRow(headers, widths);
        rows.forEach(row -> printRow(row, widths));
        out.flush();
    }

    public void line(final String text) {
        out.println(text);
        out.flush();
    }

    private void printRow(final List<String> cells, final List<Integer> widths) {
        final StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            final boolean last = i == cells.size() - 1;
            line.append(last ? cells.get(i) : String.format("%-" + widths.get(i) + "s  ", cells.get(i)));
        }
        out.println(line.toString().stripTrailing());
    }
}
