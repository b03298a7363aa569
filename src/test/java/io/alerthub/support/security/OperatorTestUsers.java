package io.alerthub.support.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

/**
 * The logins of the security tests, one per role: {@code viewer}, {@code operator} and {@code admin}, each with the
 * password {@code <name>-pw} (given by reference, as in production, with test properties standing in for the
 * environment variables).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestPropertySource(properties = {
        "alerthub.security.users[0].username=viewer",
        "alerthub.security.users[0].password.env=IT_VIEWER_PASSWORD",
        "alerthub.security.users[0].roles=viewer",
        "alerthub.security.users[1].username=operator",
        "alerthub.security.users[1].password.env=IT_OPERATOR_PASSWORD",
        "alerthub.security.users[1].roles=operator",
        "alerthub.security.users[2].username=admin",
        "alerthub.security.users[2].password.env=IT_ADMIN_PASSWORD",
        "alerthub.security.users[2].roles=admin",
        "IT_VIEWER_PASSWORD=viewer-pw",
        "IT_OPERATOR_PASSWORD=operator-pw",
        "IT_ADMIN_PASSWORD=admin-pw"})
public @interface OperatorTestUsers {
}
