package io.riberry.platform.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.riberry.platform.metrics.ProcessingMetrics;
import io.riberry.platform.metrics.RiberryMetrics;
import io.riberry.schema.DeadLetter;
import io.riberry.serde.AvroSerdes;
import io.riberry.topics.RecordLimits;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the platform cannot write goes to the dead letters, bounded, and processing resumes; other failures are not the record's. */
class DeadLetterProductionHandlerTest {

    private static final String DEAD_LETTERS = "riberry.dead-letters";
    private static final ErrorHandlerContext PROCESSING_JOB_INPUT = new ErrorHandlerContext() {
        public String topic() {
            return "riberry.job-inputs";
        }

        public int partition() {
            return 2;
        }

        public long offset() {
            return 41;
        }

        public Headers headers() {
            return new RecordHeaders();
        }

        public String processorNodeId() {
            return "job-decisions";
        }

        public TaskId taskId() {
            return new TaskId(1, 2);
        }

        public long timestamp() {
            return 1_700_000_000_000L;
        }

        public byte[] sourceRawKey() {
            return "job-1".getBytes();
        }

        public byte[] sourceRawValue() {
            return new byte[10];
        }
    };

    private final String registry = "mock://" + UUID.randomUUID();
    private final DeadLetterProductionHandler handler = new DeadLetterProductionHandler();

    @BeforeEach
    void configure() {
        handler.configure(Map.of(DeadLetters.TOPIC_CONFIG, DEAD_LETTERS, AvroSerdes.SCHEMA_REGISTRY_URL, registry));
    }

    @Test
    void shouldResumeWithABoundedDeadLetterWhenARecordIsTooLargeToWrite() {
        final byte[] huge = new byte[1_500_000];
        final ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("riberry.internal.job-decisions", "job-1".getBytes(), huge);

        final ProductionExceptionHandler.Response response = handler.handleError(PROCESSING_JOB_INPUT, record,
                new RecordTooLargeException("The message is 1500100 bytes when serialized"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
        final ProducerRecord<byte[], byte[]> deadLetter = response.deadLetterQueueRecords().get(0);
        assertThat(deadLetter.topic()).isEqualTo(DEAD_LETTERS);
        assertThat(deadLetter.value().length).isLessThan(RecordLimits.MAX_DEAD_LETTER_BYTES + 16 * 1024);
        final DeadLetter letter = AvroSerdes.serde(DeadLetter.class, registry).deserializer().deserialize(DEAD_LETTERS, deadLetter.value());
        assertThat(letter.getTopic()).isEqualTo("riberry.internal.job-decisions");
        assertThat(letter.getError()).contains("riberry.job-inputs-2@41").contains("1500005 bytes").contains("RecordTooLargeException");
        assertThat(letter.getSize()).isEqualTo(1_500_005L);
        assertThat(letter.getTruncated()).isTrue();
        assertThat(letter.getValue().remaining()).isEqualTo(RecordLimits.MAX_DEAD_LETTER_BYTES);
        assertThat(letter.getProcessor()).isEqualTo("job-decisions");
    }

    @Test
    void shouldCountWhatItSendsToTheDeadLettersAndNothingElse() {
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        final DeadLetterProductionHandler counted = new DeadLetterProductionHandler();
        counted.configure(Map.of(DeadLetters.TOPIC_CONFIG, DEAD_LETTERS, AvroSerdes.SCHEMA_REGISTRY_URL, registry,
                ProcessingMetrics.CONFIG, RiberryMetrics.on(meters)));
        final ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("riberry.executions", "e-1".getBytes(), new byte[10]);

        counted.handleError(PROCESSING_JOB_INPUT, record, new RecordTooLargeException("too large"));
        counted.handleError(PROCESSING_JOB_INPUT, record, new AuthorizationException("not allowed"));

        assertThat(meters.get("riberry.dead.letters").tag("reason", DeadLetters.UNWRITABLE).counter().count()).isEqualTo(1);
    }

    @Test
    void shouldFailOnErrorsThatAreNotTheRecordsFault() {
        final ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("riberry.executions", "e".getBytes(), new byte[10]);

        final ProductionExceptionHandler.Response response = handler.handleError(PROCESSING_JOB_INPUT, record,
                new AuthorizationException("not allowed"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void shouldNotDeadLetterADeadLetterThatCannotBeWritten() {
        final ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(DEAD_LETTERS, "k".getBytes(), new byte[2_000_000]);

        final ProductionExceptionHandler.Response response = handler.handleError(PROCESSING_JOB_INPUT, record,
                new RecordTooLargeException("too large"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
    }

    @Test
    void shouldDeadLetterARecordThatCannotBeSerialized() {
        final ProducerRecord<String, Object> record = new ProducerRecord<>("riberry.executions", "e-1", new Object());

        final ProductionExceptionHandler.Response response = handler.handleSerializationError(PROCESSING_JOB_INPUT, record,
                new ClassCastException("not an ExecutionState"), ProductionExceptionHandler.SerializationExceptionOrigin.VALUE);

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        final DeadLetter letter = AvroSerdes.serde(DeadLetter.class, registry).deserializer()
                .deserialize(DEAD_LETTERS, response.deadLetterQueueRecords().get(0).value());
        assertThat(letter.getTopic()).isEqualTo("riberry.executions");
        assertThat(letter.getError()).contains("not an ExecutionState");
    }
}
