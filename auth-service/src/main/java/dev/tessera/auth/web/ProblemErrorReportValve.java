package dev.tessera.auth.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.catalina.Container;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Replaces Tomcat's HTML error page for errors the connector raises before Spring sees the request
 * (an undecodable URI, a bad request line): the same problem+json shape as every other error, with
 * no server name or version.
 */
class ProblemErrorReportValve extends ErrorReportValve {

    ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = (known != null) ? known.getReasonPhrase() : "Error";
        String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        String body = "{\"type\":\"" + Problems.TYPE_PREFIX + slug + "\",\"title\":\"" + title + "\",\"status\":"
                + status + ",\"detail\":\"The request could not be processed.\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-store");
            OutputStream out = response.getOutputStream();
            out.write(body.getBytes(StandardCharsets.UTF_8));
            response.finishResponse();
        } catch (IOException | IllegalStateException ex) {
            // The client is gone or the response is committed: nothing more to say.
        }
    }

    /** Swaps Tomcat's own error report valve on the host for this one. */
    static void install(Container host) {
        for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
                host.getPipeline().removeValve(valve);
            }
        }
        boolean present = false;
        for (Valve valve : host.getPipeline().getValves()) {
            present |= valve instanceof ProblemErrorReportValve;
        }
        if (!present) {
            host.getPipeline().addValve(new ProblemErrorReportValve());
        }
    }

    static boolean isBeforeStart(String eventType) {
        return Lifecycle.BEFORE_START_EVENT.equals(eventType);
    }
}
