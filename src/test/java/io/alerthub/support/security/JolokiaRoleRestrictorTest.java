package io.alerthub.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import javax.management.ObjectName;

import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

class JolokiaRoleRestrictorTest {

    private final JolokiaRoleRestrictor restrictor = new JolokiaRoleRestrictor(Role.hierarchy());

    private static void loginAs(String role) {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                "someone", null, AuthorityUtils.createAuthorityList("ROLE_" + role.toUpperCase())));
    }

    @AfterEach
    void logout() {
        SecurityContextHolder.clearContext();
    }

    private static ObjectName name(String value) throws Exception {
        return new ObjectName(value);
    }

    @ParameterizedTest(name = "{0}: read={1} list={2} exec={3} write={4}")
    @CsvSource({
            "viewer,   true, true, true,  false",
            "operator, true, true, true,  false",
            "admin,    true, true, true,  true"})
    void requestTypesByRole(String role, boolean read, boolean list, boolean exec, boolean write) {
        loginAs(role);
        assertThat(restrictor.isTypeAllowed(RequestType.READ)).isEqualTo(read);
        assertThat(restrictor.isTypeAllowed(RequestType.LIST)).isEqualTo(list);
        assertThat(restrictor.isTypeAllowed(RequestType.SEARCH)).isTrue();
        assertThat(restrictor.isTypeAllowed(RequestType.VERSION)).isTrue();
        assertThat(restrictor.isTypeAllowed(RequestType.EXEC)).isEqualTo(exec);
        assertThat(restrictor.isTypeAllowed(RequestType.WRITE)).isEqualTo(write);
        assertThat(restrictor.isTypeAllowed(RequestType.NOTIFICATION)).isFalse();
        assertThat(restrictor.isTypeAllowed(RequestType.CONFIG)).isFalse();
    }

    @ParameterizedTest(name = "{0} exec {1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "viewer   | org.apache.camel:context=hub,type=routes,name=\"a\" | stop                 | false",
            "operator | org.apache.camel:context=hub,type=routes,name=\"a\" | stop                 | true",
            "operator | org.apache.camel:context=hub,type=routes,name=\"a\" | start                | true",
            "operator | org.apache.camel:context=hub,type=routes,name=\"a\" | dumpRouteAsXml(boolean) | true",
            "operator | org.apache.camel:context=hub,type=routes,name=\"a\" | updateRouteFromXml   | false",
            "operator | org.apache.camel:context=hub,type=routes,name=\"a\" | suspend              | true",
            "operator | org.apache.camel:context=hub,type=routes,name=\"a\" | resume               | true",
            "operator | org.apache.camel:context=hub,type=routes,name=\"a\" | reset(boolean)       | true",
            "operator | org.apache.camel:context=hub,type=routes,name=\"a\" | remove               | false",
            "operator | org.apache.camel:context=hub,type=context,name=\"hub\" | stop               | false",
            "operator | org.apache.camel:context=hub,type=context,name=\"hub\" | suspend            | false",
            "operator | org.apache.camel:context=hub,type=context,name=\"hub\" | dumpRoutesAsXml(boolean,boolean) | true",
            "operator | org.apache.camel:context=hub,type=consumers,name=\"a\" | stop              | false",
            "operator | org.apache.camel:context=hub,type=services,name=DefaultShutdownStrategy | stop | false",
            "operator | org.apache.camel:context=hub,type=context,name=\"hub\" | sendBody(java.lang.String,java.lang.Object) | false",
            "operator | org.apache.camel:context=hub,type=context,name=\"hub\" | addOrUpdateRoutesFromXml | false",
            "operator | org.apache.camel:context=hub,type=tracer,name=BacklogDebugger | evaluateExpressionAtBreakpoint | false",
            "operator | com.sun.management:type=HotSpotDiagnostic | dumpHeap             | false",
            "operator | com.sun.management:type=DiagnosticCommand | vmSystemProperties   | false",
            "admin    | com.sun.management:type=HotSpotDiagnostic | dumpHeap             | true",
            "admin    | org.apache.camel:context=hub,type=context,name=\"hub\" | addOrUpdateRoutesFromXml | true",
            "viewer   | hawtio:type=security,name=RBACRegistry    | list                 | true",
            "viewer   | hawtio:type=security,area=jmx             | canInvoke(java.lang.String) | true",
            "viewer   | hawtio:type=TreeWatcher                   | getCounter           | true",
            "viewer   | hawtio:type=QuartzFacade                  | updateSimpleTrigger  | false"})
    void operationsByRole(String role, String objectName, String operation, boolean allowed) throws Exception {
        loginAs(role);
        assertThat(restrictor.isOperationAllowed(name(objectName), operation)).isEqualTo(allowed);
    }

    @Test
    void secretBearingJvmAttributesAreForAdminsOnly() throws Exception {
        ObjectName runtime = name("java.lang:type=Runtime");
        loginAs("operator");
        assertThat(restrictor.isAttributeReadAllowed(runtime, "Uptime")).isTrue();
        assertThat(restrictor.isAttributeReadAllowed(runtime, "SystemProperties")).isFalse();
        assertThat(restrictor.isAttributeReadAllowed(runtime, "InputArguments")).isFalse();
        assertThat(restrictor.isAttributeWriteAllowed(name("java.lang:type=Memory"), "Verbose")).isFalse();
        loginAs("admin");
        assertThat(restrictor.isAttributeReadAllowed(runtime, "SystemProperties")).isTrue();
        assertThat(restrictor.isAttributeWriteAllowed(name("java.lang:type=Memory"), "Verbose")).isTrue();
    }

    @Test
    void anonymousMayDoNothing() throws Exception {
        ObjectName route = name("org.apache.camel:context=hub,type=routes,name=\"a\"");
        assertThat(restrictor.isTypeAllowed(RequestType.READ)).isFalse();
        assertThat(restrictor.isTypeAllowed(RequestType.VERSION)).isFalse();
        assertThat(restrictor.isAttributeReadAllowed(route, "State")).isFalse();
        assertThat(restrictor.isOperationAllowed(route, "stop")).isFalse();
    }

    @Test
    void onlyPostAndNoCrossOriginReads() {
        loginAs("admin");
        assertThat(restrictor.isHttpMethodAllowed(HttpMethod.POST)).isTrue();
        assertThat(restrictor.isHttpMethodAllowed(HttpMethod.GET)).isFalse();
        assertThat(restrictor.isOriginAllowed("https://evil.example", false)).isFalse();
    }
}
