package dev.tessera.forum;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The forum's settings ({@code tessera.forum.*}).
 *
 * @param defaultPageSize items per page when a request names no {@code size} (default 20)
 * @param maxPageSize the largest {@code size} a request may ask for (default 100); more is a 400
 */
@Validated
@ConfigurationProperties("tessera.forum")
public record ForumProperties(
        @DefaultValue("20") @Min(1) @Max(1000) int defaultPageSize,
        @DefaultValue("100") @Min(1) @Max(1000) int maxPageSize) {

    /** The page size for a request: its {@code size} if given and allowed, else the default. */
    public int pageSize(Integer requested) {
        if (requested == null) {
            return Math.min(defaultPageSize, maxPageSize);
        }
        if (requested < 1 || requested > maxPageSize) {
            throw new InvalidInputException("size", "size must be between 1 and " + maxPageSize);
        }
        return requested;
    }
}
