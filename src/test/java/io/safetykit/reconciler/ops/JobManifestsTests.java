package io.safetykit.reconciler.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.ValidationMessage;
import io.safetykit.reconciler.bench.ImageJvmOptions;
import io.safetykit.reconciler.exit.ExitCodes;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests in {@code jobs/} are valid against the Kubernetes API's schemas (src/test/resources/
 * kubernetes), carry the settings the README promises, and {@code kubectl apply -k jobs/} applies them.
 */
class JobManifestsTests {

	private static final Path JOBS = Path.of("jobs");

	private static final String KUSTOMIZATION = "kustomization.yaml";

	/** The job's default {@code reconciler.shutdown-grace-period}. */
	private static final int JOB_GRACE_SECONDS = 30;

	@Test
	void everyManifestParsesAndIsACronJobOrAJob() throws IOException {
		List<Map<String, Object>> manifests = manifests();
		assertThat(manifests).extracting((m) -> m.get("kind")).containsExactlyInAnyOrder("CronJob", "Job");
		assertThat(manifests).allSatisfy((m) -> assertThat(m.get("apiVersion")).isEqualTo("batch/v1"));
	}

	@Test
	void everyManifestIsValidAgainstTheKubernetesSchemaOfItsKind() throws IOException {
		List<Map<String, Object>> manifests = manifests();
		assertThat(manifests).isNotEmpty();
		for (Map<String, Object> manifest : manifests) {
			assertThat(validate(manifest)).as("%s %s", manifest.get("kind"), map(manifest, "metadata")).isEmpty();
		}
	}

	@Test
	void theSchemasRefuseMissingRequiredAndUnknownFields() throws IOException {
		Map<String, Object> manifest = manifest("CronJob");
		Map<String, Object> spec = map(manifest, "spec");
		spec.put("schedules", spec.remove("schedule"));
		assertThat(validate(manifest)).extracting(ValidationMessage::getMessage)
			.anySatisfy((message) -> assertThat(message).contains("schedule").contains("required"))
			.anySatisfy((message) -> assertThat(message).contains("schedules"));
	}

	@Test
	void kustomizeAppliesTheNamedManifestsWithAnImageToOverride() throws IOException {
		Map<String, Object> kustomization = yaml(JOBS.resolve(KUSTOMIZATION)).get(0);
		assertThat(kustomization).containsEntry("apiVersion", "kustomize.config.k8s.io/v1beta1")
			.containsEntry("kind", "Kustomization");
		assertThat(kustomization.keySet()).isSubsetOf("apiVersion", "kind", "resources", "images", "namespace",
				"patches", "labels");
		@SuppressWarnings("unchecked")
		List<String> resources = (List<String>) kustomization.get("resources");
		assertThat(resources).isNotEmpty().allSatisfy((file) -> assertThat(file).endsWith(".yaml").isNotEqualTo(KUSTOMIZATION));
		List<String> images = new ArrayList<>();
		for (String resource : resources) {
			for (Map<String, Object> manifest : yaml(JOBS.resolve(resource))) {
				assertThat(validate(manifest)).isEmpty();
				// kustomize needs a name to patch a resource by; generateName is for kubectl create
				assertThat(map(manifest, "metadata").get("name")).as(resource).isNotNull();
				images.addAll(imagesOf(map(manifest, "spec", "jobTemplate", "spec", "template", "spec")));
			}
		}
		assertThat(list(kustomization, "images")).singleElement()
			.satisfies((image) -> assertThat(images).isNotEmpty()
				.allSatisfy((used) -> assertThat(used).startsWith(image.get("name") + ":")));
	}

	@Test
	void cronJobRunsNightlyWithoutOverlapAndWithBoundedRetries() throws IOException {
		Map<String, Object> spec = map(manifest("CronJob"), "spec");
		assertThat((String) spec.get("schedule")).matches("\\d+ \\d+ \\* \\* \\*");
		assertThat(spec.get("concurrencyPolicy")).isEqualTo("Forbid");
		assertThat((Integer) spec.get("startingDeadlineSeconds")).isPositive();
		Map<String, Object> jobSpec = map(spec, "jobTemplate", "spec");
		assertBoundedRetries(jobSpec);
		Map<String, Object> pod = map(jobSpec, "template", "spec");
		assertPod(pod);
		Map<String, Object> migrate = list(pod, "initContainers").get(0);
		assertThat(migrate.get("args")).isEqualTo(List.of("migrate"));
		assertThat(secretOf(migrate, "SPRING_DATASOURCE_PASSWORD")).isEqualTo("reconciler-db-owner");
		assertThat(envValue(container(pod), "SPRING_FLYWAY_ENABLED")).isEqualTo("false");
	}

	@Test
	void backfillSplitsTheTableOverItsIndexedPods() throws IOException {
		Map<String, Object> spec = map(manifest("Job"), "spec");
		assertThat(spec.get("completionMode")).isEqualTo("Indexed");
		int completions = (Integer) spec.get("completions");
		assertThat(completions).isGreaterThan(1);
		assertThat(spec.get("parallelism")).isEqualTo(completions);
		assertBoundedRetries(spec);
		Map<String, Object> pod = map(spec, "template", "spec");
		assertPod(pod);
		assertThat(container(pod).get("args")).asList()
			.contains("includeTerminal=true", "partition=$(JOB_COMPLETION_INDEX)/" + completions);
		assertThat(env(container(pod)).get("JOB_COMPLETION_INDEX")).isNotNull();
	}

	@Test
	void crontabExampleSkipsARunWhileAnotherHoldsTheLock() throws IOException {
		List<String> entries = Files.readAllLines(JOBS.resolve("crontab.example"))
			.stream()
			.filter((line) -> !line.isBlank() && !line.startsWith("#") && !line.matches("[A-Z_]+=.*"))
			.toList();
		assertThat(entries).hasSize(1);
		assertThat(entries.get(0)).matches("\\d+\\s+\\d+\\s+\\*\\s+\\*\\s+\\*\\s+\\S+\\s+flock -n \\S+ .*")
			.contains("exec java " + String.join(" ", ImageJvmOptions.read(Path.of("Dockerfile"))) + " -jar ");
	}

	private static void assertBoundedRetries(Map<String, Object> jobSpec) {
		assertThat((Integer) jobSpec.get("backoffLimit")).isBetween(1, 10);
		assertThat((Integer) jobSpec.get("activeDeadlineSeconds")).isPositive();
		assertThat(list(map(jobSpec, "podFailurePolicy"), "rules")).anySatisfy((rule) -> {
			assertThat(rule.get("action")).isEqualTo("FailJob");
			assertThat(map(rule, "onExitCodes").get("values")).isEqualTo(List.of(ExitCodes.BAD_INPUT));
		});
	}

	private static void assertPod(Map<String, Object> pod) {
		assertThat(pod.get("restartPolicy")).isEqualTo("Never");
		assertThat((Integer) pod.get("terminationGracePeriodSeconds")).isGreaterThanOrEqualTo(JOB_GRACE_SECONDS + 10);
		Map<String, Object> security = map(pod, "securityContext");
		assertThat(security.get("runAsNonRoot")).isEqualTo(true);
		assertThat((Integer) security.get("runAsUser")).isPositive();
		Map<String, Object> container = container(pod);
		assertThat(secretOf(container, "SAFETYKIT_API_KEY")).isNotBlank();
		assertThat(secretOf(container, "SPRING_DATASOURCE_PASSWORD")).isEqualTo("reconciler-db-job");
		assertThat(secretOf(container, "SPRING_DATASOURCE_USERNAME")).isEqualTo("reconciler-db-job");
		Map<String, Object> resources = map(container, "resources");
		assertThat(map(resources, "requests")).containsKeys("cpu", "memory");
		assertThat(map(resources, "limits")).containsKey("memory");
		assertThat(map(container, "securityContext").get("allowPrivilegeEscalation")).isEqualTo(false);
	}

	private static Set<ValidationMessage> validate(Map<String, Object> manifest) throws IOException {
		String resource = "/kubernetes/" + String.valueOf(manifest.get("apiVersion")).replace('/', '-') + "-"
				+ manifest.get("kind") + ".json";
		try (InputStream in = JobManifestsTests.class.getResourceAsStream(resource)) {
			assertThat(in).as("a schema for " + resource).isNotNull();
			JsonSchema schema = JsonSchemaFactory.getInstance(VersionFlag.V7).getSchema(in);
			return schema.validate(new ObjectMapper().valueToTree(manifest));
		}
	}

	private static List<String> imagesOf(Map<String, Object> pod) {
		List<String> images = new ArrayList<>();
		for (String containers : List.of("initContainers", "containers")) {
			if (pod.containsKey(containers)) {
				list(pod, containers).forEach((container) -> images.add((String) container.get("image")));
			}
		}
		return images;
	}

	private static Map<String, Object> container(Map<String, Object> pod) {
		List<Map<String, Object>> containers = list(pod, "containers");
		assertThat(containers).hasSize(1);
		return containers.get(0);
	}

	private static Map<String, Map<String, Object>> env(Map<String, Object> container) {
		Map<String, Map<String, Object>> env = new HashMap<>();
		list(container, "env").forEach((var) -> env.put((String) var.get("name"), var));
		return env;
	}

	private static String envValue(Map<String, Object> container, String name) {
		return (String) env(container).get(name).get("value");
	}

	/** The Secret a variable comes from; a literal value of a credential fails here. */
	private static String secretOf(Map<String, Object> container, String name) {
		Map<String, Object> var = env(container).get(name);
		assertThat(var).as(name).isNotNull().doesNotContainKey("value");
		return (String) map(var, "valueFrom", "secretKeyRef").get("name");
	}

	private static Map<String, Object> manifest(String kind) throws IOException {
		List<Map<String, Object>> found = manifests().stream().filter((m) -> kind.equals(m.get("kind"))).toList();
		assertThat(found).hasSize(1);
		return found.get(0);
	}

	/** The Kubernetes manifests: every YAML file in jobs/ but the kustomization. */
	private static List<Map<String, Object>> manifests() throws IOException {
		List<Map<String, Object>> manifests = new ArrayList<>();
		try (Stream<Path> files = Files.list(JOBS)) {
			for (Path file : files.filter((f) -> f.toString().matches(".*\\.ya?ml")).sorted().toList()) {
				if (!file.getFileName().toString().equals(KUSTOMIZATION)) {
					manifests.addAll(yaml(file));
				}
			}
		}
		return manifests;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> yaml(Path file) throws IOException {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : new Yaml().loadAll(Files.readString(file))) {
			documents.add((Map<String, Object>) document);
		}
		return documents;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Map<String, Object> parent, String... path) {
		Map<String, Object> current = parent;
		for (String key : path) {
			assertThat(current).as(key).containsKey(key);
			current = (Map<String, Object>) current.get(key);
		}
		return current;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
		assertThat(parent).as(key).containsKey(key);
		return (List<Map<String, Object>>) parent.get(key);
	}

}
