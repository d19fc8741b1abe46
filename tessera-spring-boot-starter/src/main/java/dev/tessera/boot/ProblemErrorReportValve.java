package dev.tessera.boot;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatusCode;

/**
 * Tomcat's last word on errors that never reach Spring (a malformed request line or URI, an oversized header): the
 * problem contract instead of Tomcat's HTML page, with the status, its reason and a generic detail only; nothing
 * from the request and nothing about the server. Both services' copies merged: report once ({@code
 * setErrorReported}) and only while the connection still allows I/O.
 */
final class ProblemErrorReportValve extends ErrorReportValve {

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
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        String body = ProblemBodies.json(ProblemBodies.normalize(
                ProblemBodies.generic(HttpStatusCode.valueOf(status)), ServletProblems.requestId(request)));
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-store");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException ex) {
            // The connection is gone or the response already committed: nothing left to tell.
        }
    }

    /**
     * Swaps the host's error report valves (Tomcat's, and Spring Boot's plain one) for this one, and names its class
     * as the host's, so Tomcat adds no default HTML valve at start-up.
     */
    static void install(Pipeline pipeline, Object host) {
        if (host instanceof StandardHost standardHost) {
            standardHost.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
        }
        for (Valve valve : pipeline.getValves()) {
            if (valve instanceof ErrorReportValve) {
                pipeline.removeValve(valve);
            }
        }
        pipeline.addValve(new ProblemErrorReportValve());
    }
}
