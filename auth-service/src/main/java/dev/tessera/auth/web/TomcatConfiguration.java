package dev.tessera.auth.web;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

    /** Connector-level errors as problem+json instead of Tomcat's HTML page. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> context.addLifecycleListener(event -> {
            if (ProblemErrorReportValve.isBeforeStart(event.getType()) && context.getParent() != null) {
                ProblemErrorReportValve.install(context.getParent());
            }
        }));
    }
}
