package dev.tessera.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README.zh-CN.md is a faithful translation of README.md, kept in step: the same sections, the same
 * commands in every code block, and the same configuration variables. Prose is checked by people.
 */
class ReadmeTranslationTests {

    private static final Path root =
            Path.of(System.getProperty("tessera.root", "..")).toAbsolutePath();

    private static final Pattern CODE_BLOCK = Pattern.compile("```\\w*\\n(.*?)```", Pattern.DOTALL);

    private static final Pattern VARIABLE = Pattern.compile("`((?:TESSERA|SPRING)_[A-Z_]+)`");

    @Test
    void translationWhenComparedThenSameSectionStructure() throws IOException {
        assertThat(headingLevels(read("README.zh-CN.md"))).isEqualTo(headingLevels(read("README.md")));
    }

    @Test
    void translationWhenComparedThenSameCommandsInEveryCodeBlock() throws IOException {
        assertThat(commands(read("README.zh-CN.md"))).isEqualTo(commands(read("README.md")));
    }

    @Test
    void translationWhenComparedThenSameConfigurationVariables() throws IOException {
        assertThat(matches(VARIABLE, read("README.zh-CN.md"))).isEqualTo(matches(VARIABLE, read("README.md")));
    }

    private static String read(String name) throws IOException {
        return Files.readString(root.resolve(name));
    }

    private static List<Integer> headingLevels(String markdown) {
        String prose = CODE_BLOCK.matcher(markdown).replaceAll("");
        return prose.lines()
                .filter(line -> line.startsWith("#"))
                .map(line -> line.indexOf(' '))
                .toList();
    }

    /** Code blocks without comments and without the diagram's labels (which are translated). */
    private static List<String> commands(String markdown) {
        Matcher matcher = CODE_BLOCK.matcher(markdown);
        List<String> commands = new java.util.ArrayList<>();
        while (matcher.find()) {
            matcher.group(1)
                    .lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .filter(line -> line.chars().noneMatch(c -> c >= 0x2500 && c <= 0x25FF))
                    .forEach(commands::add);
        }
        return commands;
    }

    private static List<String> matches(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        List<String> found = new java.util.ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
