package dev.tessera.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * README.md as the tests read it: the end-to-end tests run the README's own settings, so a section that drifts from
 * what works fails the build instead of misleading a reader.
 */
final class Readme {

    private static final Path root =
            Path.of(System.getProperty("tessera.root", "..")).toAbsolutePath();

    /** Comments inside code blocks also start lines with '#': a heading is "\n## " or "\n### " (or deeper). */
    private static final Pattern HEADING = Pattern.compile("\\n(#{2,}) ");

    private Readme() {}

    /**
     * The section under {@code heading} (for example {@code "## Add your own service"}), up to the next heading of the
     * same or a higher level.
     */
    static String section(String heading) {
        try {
            String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
            int start = readme.indexOf("\n" + heading + "\n");
            assertThat(start).as("README section \"" + heading + "\"").isPositive();
            int level = heading.indexOf(' ');
            Matcher next = HEADING.matcher(readme);
            int end = readme.length();
            int from = start + heading.length() + 1;
            while (next.find(from)) {
                if (next.group(1).length() <= level) {
                    end = next.start();
                    break;
                }
                from = next.end();
            }
            return readme.substring(start, end);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The first code block of {@code language} in {@code section}, whole. */
    static String codeBlock(String section, String language) {
        Matcher block = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL)
                .matcher(section);
        assertThat(block.find()).as("a " + language + " block in the section").isTrue();
        return block.group(1);
    }

    /** The lines of the section's first properties block, without blank lines and comments. */
    static List<String> properties(String section) {
        List<String> lines = codeBlock(section, "properties")
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
        assertThat(lines).as("properties in the section").isNotEmpty();
        return lines;
    }
}
