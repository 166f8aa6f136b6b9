package io.chroom.application;

/** A caller tried to hand out a scope it does not hold itself. */
public class ScopeNotHeldException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ScopeNotHeldException(String scope) {
        super(
                "A key can only grant scopes its creator holds; this credential lacks "
                        + scope
                        + ".");
    }
}
