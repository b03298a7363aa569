package io.alerthub.support.security;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.security.task.DelegatingSecurityContextAsyncTaskExecutor;

/**
 * Carries the logged-in operator onto the thread where Camel's platform-http runs an exchange, so routes of the
 * operator API can record who acted (platform-http prefers this executor type over a plain pool).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityContextTaskExecutorConfig {

    /**
     * Wraps Boot's own pool ({@code spring.task.execution.pool.*}). Boot keeps that pool next to this bean only
     * with {@code spring.task.execution.mode=force}; without it there is nothing to wrap.
     */
    @Bean
    DelegatingSecurityContextAsyncTaskExecutor securityContextTaskExecutor(BeanFactory beans) {
        String name = TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME;
        if (!beans.containsBean(name)) {
            throw new IllegalStateException("spring.task.execution.mode: must be \"force\" so that Boot keeps its "
                    + "\"" + name + "\" for the security-context executor to wrap");
        }
        return new DelegatingSecurityContextAsyncTaskExecutor(beans.getBean(name, AsyncTaskExecutor.class));
    }
}
