package io.chroom.interfaces.rest;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import java.lang.reflect.Type;
import java.math.BigDecimal;

/**
 * Reads request values only from the JSON type they are declared as. Yasson on its own turns {@code
 * 5} into {@code "5"}, {@code "5"} into 5, {@code 5.7} into 5 and {@code "yes"} into {@code false};
 * an API that guesses like that hides integrators' mistakes, so a value of the wrong type is a 400
 * naming the field instead. JSON {@code null} stays null, for Bean Validation to judge.
 */
final class StrictTypes {

    private StrictTypes() {}

    /** A value of the wrong JSON type; the message completes "field must be ...". */
    static final class WrongType extends JsonbException {

        private static final long serialVersionUID = 1L;

        WrongType(String expected, JsonValue actual) {
            super(expected + ", not " + describe(actual));
        }
    }

    static final class Text implements JsonbDeserializer<String> {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context, Type type) {
            JsonValue value = parser.getValue();
            if (value.getValueType() == JsonValue.ValueType.NULL) {
                return null;
            }
            if (value instanceof JsonString text) {
                return text.getString();
            }
            throw new WrongType("a string", value);
        }
    }

    static final class WholeNumber implements JsonbDeserializer<Integer> {
        @Override
        public Integer deserialize(JsonParser parser, DeserializationContext context, Type type) {
            JsonValue value = parser.getValue();
            if (value.getValueType() == JsonValue.ValueType.NULL) {
                return null;
            }
            if (value instanceof JsonNumber number) {
                BigDecimal decimal = number.bigDecimalValue();
                if (decimal.stripTrailingZeros().scale() > 0) {
                    throw new WrongType("a whole number", value);
                }
                try {
                    return decimal.intValueExact();
                } catch (ArithmeticException e) {
                    throw new WrongType("a whole number within range", value);
                }
            }
            throw new WrongType("a whole number", value);
        }
    }

    static final class TrueOrFalse implements JsonbDeserializer<Boolean> {
        @Override
        public Boolean deserialize(JsonParser parser, DeserializationContext context, Type type) {
            JsonValue value = parser.getValue();
            return switch (value.getValueType()) {
                case NULL -> null;
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                default -> throw new WrongType("true or false", value);
            };
        }
    }

    private static String describe(JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> "a string";
            case NUMBER -> value.toString().length() <= 24 ? value.toString() : "a number";
            case TRUE, FALSE -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
        };
    }
}
