package dev.tessera.benchmarks.stockgateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Spring Cloud Gateway as it comes: the forum route of Tessera's gateway ({@code /api/forum/**} to forum-service,
 * prefix stripped) from configuration, and nothing of Tessera's (no token check, access rules, passport, edge
 * filters, access log or tracing). benchmarks/load measures Tessera's gateway against it in the same rounds.
 */
@SpringBootApplication
public class StockGatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(StockGatewayApplication.class, args);
    }
}
