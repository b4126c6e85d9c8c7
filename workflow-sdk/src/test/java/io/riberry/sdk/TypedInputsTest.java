package io.riberry.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The typed input accessors of {@link ExecutionContext}, fed as the platform feeds them (through {@link WorkflowTester}). */
class TypedInputsTest {

    enum Priority { LOW, HIGH }

    record Order(String customer, int quantity, Optional<Integer> discount, List<String> tags, Priority priority) {
    }

    record Limited(int quantity) {
        Limited {
            if (quantity > 10) {
                throw new IllegalArgumentException("quantity may be at most 10, not " + quantity);
            }
        }
    }

    record Scores(List<Integer> scores) {
    }

    @Test
    void shouldReadAWholeNumberAsAnyNumberType() {
        final Map<String, Object> inputs = Map.of("n", 50L);

        assertThat(this.<Integer>read(inputs, context -> context.input("n", Integer.class))).isEqualTo(50);
        assertThat(this.<Integer>read(inputs, context -> context.input("n", int.class))).isEqualTo(50);
        assertThat(this.<Long>read(inputs, context -> context.input("n", Long.class))).isEqualTo(50L);
        assertThat(this.<Double>read(inputs, context -> context.input("n", Double.class))).isEqualTo(50.0);
        assertThat(this.<BigDecimal>read(inputs, context -> context.input("n", BigDecimal.class))).isEqualByComparingTo("50");
        assertThat(this.<String>read(inputs, context -> context.input("n", String.class))).isEqualTo("50");
        assertThat(this.<Optional<String>>read(inputs, context -> context.input("n"))).contains("50");
    }

    @Test
    void shouldReadAnIntegerGivenToTheTesterAsTheLongThePlatformSends() {
        assertThat(this.<Object>read(Map.of("n", 50), context -> context.inputs().get("n"))).isEqualTo(50L);
    }

    @Test
    void shouldReadAFractionAsDouble() {
        assertThat(this.<Double>read(Map.of("ratio", 2.5), context -> context.input("ratio", Double.class))).isEqualTo(2.5);
        assertThat(this.<BigDecimal>read(Map.of("ratio", 2.5), context -> context.input("ratio", BigDecimal.class)))
                .isEqualByComparingTo("2.5");
    }

    @Test
    void shouldRefuseAFractionAsAWholeNumberNamingTheInput() {
        assertThatThrownBy(() -> read(Map.of("ratio", 2.5), context -> context.input("ratio", Integer.class)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("input ratio")
                .hasMessageContaining("2.5")
                .hasMessageContaining("Integer");
        assertThatThrownBy(() -> read(Map.of("ratio", 2.5), context -> context.input("ratio", Long.class)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("input ratio");
    }

    @Test
    void shouldRefuseAWholeNumberOutOfIntRange() {
        final Map<String, Object> inputs = Map.of("big", 3_000_000_000L);

        assertThatThrownBy(() -> read(inputs, context -> context.input("big", Integer.class)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("input big")
                .hasMessageContaining("3000000000");
        assertThat(this.<Long>read(inputs, context -> context.input("big", Long.class))).isEqualTo(3_000_000_000L);
    }

    @Test
    void shouldReadNumbersGivenAsText() {
        final Map<String, Object> inputs = Map.of("count", " 42 ", "word", "forty-two");

        assertThat(this.<Integer>read(inputs, context -> context.input("count", Integer.class))).isEqualTo(42);
        assertThatThrownBy(() -> read(inputs, context -> context.input("word", Integer.class)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("input word")
                .hasMessageContaining("forty-two");
    }

    @Test
    void shouldReadBooleansFromBooleansAndText() {
        final Map<String, Object> inputs = Map.of("yes", "true", "no", "FALSE", "flag", true, "maybe", "yes");

        assertThat(this.<Boolean>read(inputs, context -> context.input("yes", Boolean.class))).isTrue();
        assertThat(this.<Boolean>read(inputs, context -> context.input("no", boolean.class))).isFalse();
        assertThat(this.<Boolean>read(inputs, context -> context.input("flag", Boolean.class))).isTrue();
        assertThatThrownBy(() -> read(inputs, context -> context.input("maybe", Boolean.class)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("input maybe");
    }

    @Test
    void shouldReadAnEnumByItsConstantName() {
        assertThat(this.<Priority>read(Map.of("priority", "HIGH"), context -> context.input("priority", Priority.class)))
                .isEqualTo(Priority.HIGH);
        assertThat(this.<Priority>read(Map.of("priority", Priority.LOW), context -> context.input("priority", Priority.class)))
                .isEqualTo(Priority.LOW);
        assertThatThrownBy(() -> read(Map.of("priority", "high"), context -> context.input("priority", Priority.class)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("input priority")
                .hasMessageContaining("Priority");
    }

    @Test
    void shouldReadListsAndASingleValueAsAListOfOne() {
        final Map<String, Object> inputs = Map.of("tags", List.of("red", "green"), "tag", "blue");

        assertThat(this.<List>read(inputs, context -> context.input("tags", List.class))).isEqualTo(List.of("red", "green"));
        assertThat(this.<List>read(inputs, context -> context.input("tag", List.class))).isEqualTo(List.of("blue"));
        assertThatThrownBy(() -> read(inputs, context -> context.input("tags", String.class)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("input tags");
    }

    @Test
    void shouldSayWhichInputHasNoValue() {
        assertThatThrownBy(() -> read(Map.of("other", "x"), context -> context.input("customer", String.class)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("input customer has no value");
    }

    @Test
    void shouldAnswerEmptyForAnOptionalInputNotGivenAndConvertOneGiven() {
        final Map<String, Object> inputs = Map.of("given", 7L);

        assertThat(this.<Optional<Integer>>read(inputs, context -> context.optionalInput("absent", Integer.class))).isEmpty();
        assertThat(this.<Optional<String>>read(inputs, context -> context.input("absent"))).isEmpty();
        assertThat(this.<Optional<Integer>>read(inputs, context -> context.optionalInput("given", Integer.class))).contains(7);
        assertThatThrownBy(() -> read(Map.of("given", "seven"), context -> context.optionalInput("given", Integer.class)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("input given");
    }

    @Test
    void shouldEndTheExecutionWithTheInputProblemInItsErrorArtifact() {
        final WorkflowTester.Result result = WorkflowTester.of(context -> context.input("count", Integer.class))
                .input("count", 2.5).form("counting").run();

        assertThat(result.succeeded()).isFalse();
        assertThat(result.artifact("Exception counting").description().data())
                .containsEntry("Error Type", InvalidInputException.class.getName())
                .hasEntrySatisfying("Error Message", message -> assertThat(message).contains("input count"));
    }

    @Test
    void shouldBindEveryInputToARecord() {
        final Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("customer", "ACME");
        inputs.put("quantity", 3);
        inputs.put("discount", 15);
        inputs.put("tags", List.of("urgent", "export"));
        inputs.put("priority", "HIGH");

        final Order order = read(inputs, context -> context.inputs(Order.class));

        assertThat(order).isEqualTo(new Order("ACME", 3, Optional.of(15), List.of("urgent", "export"), Priority.HIGH));
    }

    @Test
    void shouldBindMissingOptionalAndListComponentsAsEmpty() {
        final Order order = read(Map.of("customer", "ACME", "quantity", 1, "priority", "LOW"), context -> context.inputs(Order.class));

        assertThat(order.discount()).isEmpty();
        assertThat(order.tags()).isEmpty();
    }

    @Test
    void shouldBindASingleValueToAListComponentAndConvertItsElements() {
        assertThat(read(Map.of("scores", 4), context -> context.inputs(Scores.class)).scores()).containsExactly(4);
        assertThat(read(Map.of("scores", List.of("1", "2")), context -> context.inputs(Scores.class)).scores()).containsExactly(1, 2);
    }

    @Test
    void shouldNameEveryInputThatDoesNotFitTheRecordAtOnce() {
        final Map<String, Object> inputs = Map.of("quantity", "many", "discount", "lots", "tags", List.of("ok"), "priority", "URGENT");

        assertThatThrownBy(() -> read(inputs, context -> context.inputs(Order.class)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("the inputs do not fit Order")
                .hasMessageContaining("input customer has no value")
                .hasMessageContaining("input quantity")
                .hasMessageContaining("input discount")
                .hasMessageContaining("input priority")
                .hasMessageNotContaining("input tags");
    }

    @Test
    void shouldReportTheRecordsOwnValidationAsAnInputProblem() {
        assertThatThrownBy(() -> read(Map.of("quantity", 11), context -> context.inputs(Limited.class)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("quantity may be at most 10, not 11");
    }

    /** Runs an entry point that reads the inputs; answers what it read, or throws what reading threw. */
    private <T> T read(final Map<String, Object> inputs, final Function<ExecutionContext, T> reader) {
        final AtomicReference<T> value = new AtomicReference<>();
        final WorkflowTester tester = WorkflowTester.of(context -> value.set(reader.apply(context)));
        inputs.forEach(tester::input);
        final WorkflowTester.Result result = tester.run();
        if (result.failure().isPresent()) {
            if (result.failure().get() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new AssertionError("reading the inputs threw a checked exception", result.failure().get());
        }
        return value.get();
    }
}
