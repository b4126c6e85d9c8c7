package io.riberry.platform.dashboard;

/** The dashboard's pages are built from strings: every value from a user or a record goes through {@link #escape}. */
final class Html {

    private Html() {
    }

    static String escape(final String text) {
        final StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    static String page(final String title, final String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title>"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<link rel=\"icon\" href=\"/assets/riberry.svg\">"
                + "<link rel=\"stylesheet\" href=\"/assets/dashboard.css\"></head><body class=\"plain\">" + body + "</body></html>";
    }

    /**
     * The one page every dashboard URL answers: the navigation, who is signed in, and an empty
     * {@code main} that {@code /assets/dashboard.js} fills in for the URL (no data is in the shell,
     * so it is the same for every page and cheap to serve).
     */
    static String shell(final String subject, final boolean administrator, final boolean signInUsed) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Riberry</title>"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<link rel=\"icon\" href=\"/assets/riberry.svg\">"
                + "<link rel=\"stylesheet\" href=\"/assets/dashboard.css\">"
                + "<script type=\"module\" src=\"/assets/dashboard.js\"></script></head>"
                + "<body data-subject=\"" + escape(subject) + "\" data-administrator=\"" + administrator + "\">"
                + "<header class=\"top\"><a class=\"brand\" href=\"/executions\">Riberry</a><nav>"
                + "<a href=\"/executions\">Executions</a><a href=\"/forms\">Forms</a><a href=\"/instances\">Instances</a>"
                + "<a href=\"/schedules\">Schedules</a></nav><span class=\"who\">" + escape(subject) + "</span>"
                + (signInUsed ? "<form method=\"post\" action=\"/logout\"><button type=\"submit\">Sign out</button></form>" : "")
                + "</header><main id=\"app\" aria-live=\"polite\"><noscript>The dashboard needs JavaScript.</noscript></main></body></html>";
    }
}
