package io.chroom.interfaces.rest;

/** The API names fields in snake_case; Java names them in camelCase. */
final class JsonNames {

    private JsonNames() {}

    static String snake(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
