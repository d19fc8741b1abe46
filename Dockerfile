# syntax=docker/dockerfile:1
# One multi-stage Dockerfile for the four services; docker-compose.yml picks the module with
# the MODULE build argument. Stage 1 resolves dependencies in their own layer (re-used while no
# pom.xml changes), then builds the module; stage 2 runs it on a JRE as a non-root user.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
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

FROM eclipse-temurin:17-jre
ARG MODULE
ARG HEALTH_PORT
# A fixed uid: compose hands each service its secret files owned by it (docker-compose.yml, service secrets).
RUN groupadd --system --gid 10001 tessera && useradd --system --uid 10001 --gid tessera --no-create-home tessera
COPY --from=build /app.jar /opt/tessera/app.jar
USER tessera
ENV HEALTH_PORT=${HEALTH_PORT} \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# bash's /dev/tcp keeps the image free of curl/wget: ask the management port for readiness.
HEALTHCHECK --interval=5s --timeout=3s --start-period=60s --retries=12 \
    CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/${HEALTH_PORT} \
        && printf "GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 \
        && grep -q "\"status\":\"UP\"" <&3'
ENTRYPOINT ["java", "-jar", "/opt/tessera/app.jar"]
