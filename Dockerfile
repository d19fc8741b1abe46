# One multi-stage Dockerfile for the four services; docker-compose.yml picks the module with the MODULE build
# argument. No `# syntax=` line on purpose: it makes BuildKit fetch its Dockerfile frontend from a registry, and
# the frontend built into Docker 20.10+ already understands everything here (RUN --mount included).
#
# Base images are arguments so that a machine without a registry can build from local stand-ins
# (docker/standin/build-standin-images.sh); the defaults are the official images.
#   BUILD_IMAGE    JDK 17 + Maven, builds the module        (JAR_SOURCE=build)
#   RUNTIME_IMAGE  JRE 17 with bash, groupadd and useradd   (runs the jar)
#   JAR_SOURCE     build    = build the module inside the image (needs Maven Central)
#                  prebuilt = copy <module>/target/<module>-<version>.jar from the context, built by `./mvnw install`
# BuildKit builds only the stages the final one needs, so the unused jar source costs nothing.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre
ARG JAR_SOURCE=build

FROM ${BUILD_IMAGE} AS jar-build
WORKDIR /src
# Dependencies resolve in their own layer, re-used while no pom.xml changes.
COPY pom.xml ./
COPY test-support/pom.xml test-support/
COPY passport/pom.xml passport/
COPY interop/node-passport/pom.xml interop/node-passport/
COPY tessera-spring-boot-starter/pom.xml tessera-spring-boot-starter/
COPY web/pom.xml web/
COPY auth-service/pom.xml auth-service/
COPY gateway/pom.xml gateway/
COPY forum-service/pom.xml forum-service/
COPY notification-service/pom.xml notification-service/
COPY e2e-tests/pom.xml e2e-tests/
ARG MODULE
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -ntp -pl ${MODULE} -am dependency:go-offline -DexcludeReactor=true || true
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -ntp -pl ${MODULE} -am package -DskipTests -Dspotless.check.skip=true \
    && cp ${MODULE}/target/${MODULE}-*.jar /app.jar

FROM scratch AS jar-prebuilt
ARG MODULE
# .dockerignore keeps target/ out of the context except these four executable jars.
COPY ${MODULE}/target/${MODULE}-*.jar /app.jar

FROM jar-${JAR_SOURCE} AS jar

FROM ${RUNTIME_IMAGE}
ARG MODULE
ARG HEALTH_PORT
# A fixed uid: compose hands each service its secret files owned by it (docker-compose.yml, service secrets).
RUN groupadd --system --gid 10001 tessera && useradd --system --uid 10001 --gid tessera --no-create-home tessera
COPY --from=jar /app.jar /tmp/app.jar
ENV HEALTH_PORT=${HEALTH_PORT} \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# Class-data sharing (Spring Boot reference, "Class Data Sharing"): the jar extracted to /opt/tessera/app/, and a
# dynamic CDS archive of the classes a start loads, made here by a training run that stops once the context is
# refreshed (-Dspring.context.exit=onRefresh). There is no database at build time, so the training run is told not
# to reach one: no Flyway, no Hibernate schema check or JDBC metadata (the dialect is named instead), and a
# datasource/R2DBC URL nobody listens on with a short connection timeout. Every bean is still created; in
# auth-service the key rotation and the administrator check then fail on that URL after all singletons exist, so
# its archive misses only what the first key and account would load (the gateway refuses the downstream services'
# tessera.passport.secrets, so it gets none). The keys are throwaway values of this step:
# they are in no layer, and the archive holds classes, not state. The ENTRYPOINT below uses the archive; a JVM that
# cannot map it (another JVM build) warns and loads the classes from the jar as before. The archive records the
# jar's path as given, so training and ENTRYPOINT both name it absolutely.
RUN set -eu; mkdir -p /opt/tessera; cd /opt/tessera; \
    java -Djarmode=tools -jar /tmp/app.jar extract --destination app; rm /tmp/app.jar; \
    key="$(head -c 32 /dev/urandom | base64)"; own="$key"; \
    if [ "${MODULE}" = gateway ]; then own=""; fi; \
    SPRING_PROFILES_ACTIVE=dev TESSERA_PASSPORT_SECRETS="$own" TESSERA_KEY_ENCRYPTION_KEY="$key" \
    TESSERA_GATEWAY_PASSPORT_KEYS_AUTHSERVICE="$key" TESSERA_GATEWAY_PASSPORT_KEYS_FORUMSERVICE="$key" \
    TESSERA_GATEWAY_PASSPORT_KEYS_NOTIFICATIONSERVICE="$key" \
    java -XX:ArchiveClassesAtExit=/opt/tessera/app.jsa -Dspring.context.exit=onRefresh -jar /opt/tessera/app/app.jar \
        --server.port=0 --management.server.port=0 --spring.flyway.enabled=false \
        --spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none --spring.datasource.hikari.connection-timeout=250 \
        --spring.jpa.hibernate.ddl-auto=none --spring.jpa.properties.hibernate.boot.allow_jdbc_metadata_access=false \
        --spring.jpa.database-platform=org.hibernate.dialect.PostgreSQLDialect \
        --spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:1/none >/tmp/training.log 2>&1 || true; \
    if [ ! -s /opt/tessera/app.jsa ]; then cat /tmp/training.log; echo "the ${MODULE} training run made no CDS archive" >&2; exit 1; fi; \
    rm -f /tmp/training.log; chmod -R a+rX /opt/tessera
USER tessera
# bash's /dev/tcp keeps the image free of curl/wget: ask the management port for readiness. A long start period
# costs nothing (the first passing check ends it) and lets a first start on a busy 2-core machine (four JVMs and
# their migrations at once) take minutes: with 60 s, compose gave up on auth-service while it was still starting.
HEALTHCHECK --interval=5s --timeout=3s --start-period=300s --retries=12 \
    CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/${HEALTH_PORT} \
        && printf "GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 \
        && grep -q "\"status\":\"UP\"" <&3'
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/opt/tessera/app.jsa", "-jar", "/opt/tessera/app/app.jar"]
