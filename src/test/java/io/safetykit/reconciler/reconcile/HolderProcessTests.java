package io.safetykit.reconciler.reconcile;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

@EnabledOnOs(OS.LINUX)
class HolderProcessTests {

	@Test
	void thisProcessHasAKeyAndIsNotGone() {
		HolderProcess current = HolderProcess.current();
		assertThat(current.description()).startsWith("pid " + ProcessHandle.current().pid() + " on ");
		// boot id / pid namespace / pid / start ticks
		assertThat(current.key().split("/")).hasSize(4).satisfies((parts) -> {
			assertThat(parts[1]).matches("pid:\\[[0-9]+\\]");
			assertThat(parts[2]).isEqualTo(Long.toString(ProcessHandle.current().pid()));
			assertThat(parts[3]).matches("[0-9]+");
		});
		assertThat(HolderProcess.isGone(current.key())).isFalse();
	}

	@Test
	void aProcessThatWasKilledIsGone() throws Exception {
		Process child = new ProcessBuilder("sleep", "60").start();
		String key = HolderProcess.keyOf(child.pid()).orElseThrow();
		assertThat(HolderProcess.isGone(key)).isFalse();

		child.destroyForcibly();
		assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(HolderProcess.isGone(key)).isTrue();
	}

	@Test
	void aPidNowHeldByALaterProcessCountsAsGone() {
		String key = HolderProcess.current().key();
		String earlier = key.substring(0, key.lastIndexOf('/') + 1) + (Long.parseLong(startTicks(key)) - 1);
		assertThat(HolderProcess.isGone(earlier)).isTrue();
	}

	@Test
	void whatCannotBeProvedGoneIsLeftToTheLease() {
		String key = HolderProcess.current().key();
		// another machine (boot id) or another pid namespace: its pids are not ours to look at
		assertThat(HolderProcess.isGone("0-other-boot" + key.substring(key.indexOf('/')))).isFalse();
		assertThat(HolderProcess.isGone(key.replaceFirst("pid:\\[[0-9]+\\]", "pid:[1]"))).isFalse();
		assertThat(HolderProcess.isGone(null)).isFalse();
		assertThat(HolderProcess.isGone("not a key")).isFalse();
		String namespace = key.substring(0, key.lastIndexOf('/', key.lastIndexOf('/') - 1));
		assertThat(HolderProcess.isGone(namespace + "/x/1")).isFalse();
	}

	private static String startTicks(String key) {
		return key.substring(key.lastIndexOf('/') + 1);
	}

}
