package io.riberry.sdk;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Converts the input values a job gave (text, Long or Double, Boolean, list of text) into what an
 * entry point asks for. A form's number input arrives as Long when whole and Double otherwise,
 * so entry points ask for the type they mean instead of casting.
 */
final class InputValues {

    private InputValues() {
    }

    static <T> T convert(final String name, final Object value, final Class<T> type) {
        final Object converted = convertOrNull(value, boxed(type));
        if (converted == null) {
            throw new InvalidInputException("input " + name + " = " + quoted(value) + " (" + value.getClass().getSimpleName()
                    + ") cannot be read as " + type.getSimpleName());
        }
        @SuppressWarnings("unchecked")
        final T result = (T) converted;
        return result;
    }

    private static Object convertOrNull(final Object value, final Class<?> type) {
        if (type.isInstance(value)) {
            return value instanceof List<?> list ? List.copyOf(list) : value;
        }
        if (type == String.class) {
            return value instanceof List<?> ? null : value.toString();
        }
        if (type == List.class) {
            return List.of(value.toString());
        }
        final BigDecimal number = number(value);
        if (type == BigDecimal.class) {
            return number;
        }
        if (type == Double.class) {
            // "1e999" is a number, but none a double holds.
            return number == null || Double.isInfinite(number.doubleValue()) ? null : number.doubleValue();
        }
        if (type == Long.class || type == Integer.class) {
            if (number == null) {
                return null;
            }
            try {
                final long whole = number.longValueExact();
                if (type == Long.class) {
                    return whole;
                }
                return whole == (int) whole ? (int) whole : null;
            } catch (ArithmeticException notWhole) {
                return null;
            }
        }
        if (type == Boolean.class) {
            final String text = value.toString().trim().toLowerCase(Locale.ROOT);
            return "true".equals(text) ? Boolean.TRUE : "false".equals(text) ? Boolean.FALSE : null;
        }
        if (type.isEnum()) {
            final String text = value.toString();
            return Arrays.stream(type.getEnumConstants()).filter(constant -> ((Enum<?>) constant).name().equals(text)).findFirst()
                    .orElse(null);
        }
        return null;
    }

    private static BigDecimal number(final Object value) {
        if (value instanceof Long whole) {
            return BigDecimal.valueOf(whole);
        }
        if (value instanceof Double real) {
            return real.isNaN() || real.isInfinite() ? null : BigDecimal.valueOf(real);
        }
        if (value instanceof String text) {
            try {
                return new BigDecimal(text.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static <R extends Record> R bind(final Map<String, Object> inputs, final Class<R> type) {
        final RecordComponent[] components = type.getRecordComponents();
        if (components == null) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        final Object[] values = new Object[components.length];
        final List<String> problems = new ArrayList<>();
        for (int i = 0; i < components.length; i++) {
            final RecordComponent component = components[i];
            final Object given = inputs.get(component.getName());
            try {
                values[i] = componentValue(component, given);
            } catch (InvalidInputException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("the inputs do not fit " + type.getSimpleName() + ": " + String.join("; ", problems));
        }
        try {
            final Constructor<R> constructor = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            throw new InvalidInputException("the inputs do not fit " + type.getSimpleName() + ": " + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot construct " + type.getName() + ": " + e, e);
        }
    }

    private static Object componentValue(final RecordComponent component, final Object given) {
        final Class<?> raw = component.getType();
        final String name = component.getName();
        if (raw == Optional.class) {
            final Class<?> element = typeArgument(component.getGenericType(), String.class);
            return given == null ? Optional.empty() : Optional.of(convert(name, given, element));
        }
        if (raw == List.class) {
            if (given == null) {
                return List.of();
            }
            final Class<?> element = typeArgument(component.getGenericType(), String.class);
            final List<?> items = given instanceof List<?> list ? list : List.of(given);
            return items.stream().map(item -> convert(name, item, element)).toList();
        }
        if (given == null) {
            throw new InvalidInputException("input " + name + " has no value");
        }
        return convert(name, given, raw);
    }

    private static Class<?> typeArgument(final Type generic, final Class<?> otherwise) {
        if (generic instanceof ParameterizedType parameterized && parameterized.getActualTypeArguments()[0] instanceof Class<?> argument) {
            return argument;
        }
        return otherwise;
    }

    private static Class<?> boxed(final Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        if (type == int.class) {
            return Integer.class;
        }
        if (type == long.class) {
            return Long.class;
        }
        if (type == double.class) {
            return Double.class;
        }
        if (type == boolean.class) {
            return Boolean.class;
        }
        throw new InvalidInputException("inputs cannot be read as " + type);
    }

    private static String quoted(final Object value) {
        final String text = String.valueOf(value);
        return "\"" + (text.length() > 100 ? text.substring(0, 100) + "..." : text) + "\"";
    }
}
