package io.safetykit.reconciler.safetykit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a 200 answer's body into memory up to a cap, and discards every other answer's body: an
 * oversized answer stops being read as soon as it passes the cap (or at once, from its
 * Content-Length).
 */
final class CappedBody implements BodyHandler<byte[]> {

	private final long cap;

	CappedBody(long cap) {
		this.cap = cap;
	}

	@Override
	public BodySubscriber<byte[]> apply(ResponseInfo info) {
		if (info.statusCode() != 200) {
			return BodySubscribers.replacing(new byte[0]);
		}
		long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
		return new Subscriber(this.cap, declared > this.cap);
	}

	/** The body was larger than the cap. */
	static final class TooLargeException extends IOException {

		TooLargeException() {
			super("body over the size cap", null);
		}

	}

	private static final class Subscriber implements BodySubscriber<byte[]> {

		private final long cap;

		private final boolean refuse;

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		private final CompletableFuture<byte[]> body = new CompletableFuture<>();

		private Flow.Subscription subscription;

		Subscriber(long cap, boolean refuse) {
			this.cap = cap;
			this.refuse = refuse;
		}

		@Override
		public CompletionStage<byte[]> getBody() {
			return this.body;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			if (this.refuse) {
				subscription.cancel();
				this.body.completeExceptionally(new TooLargeException());
				return;
			}
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(List<ByteBuffer> buffers) {
			if (this.body.isDone()) {
				return;
			}
			for (ByteBuffer buffer : buffers) {
				if (this.bytes.size() + (long) buffer.remaining() > this.cap) {
					this.subscription.cancel();
					this.body.completeExceptionally(new TooLargeException());
					return;
				}
				byte[] chunk = new byte[buffer.remaining()];
				buffer.get(chunk);
				this.bytes.write(chunk, 0, chunk.length);
			}
		}

		@Override
		public void onError(Throwable throwable) {
			this.body.completeExceptionally(throwable);
		}

		@Override
		public void onComplete() {
			this.body.complete(this.bytes.toByteArray());
		}

	}

}
