package io.alerthub.console;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The console's language handling: {@link ConsoleLocaleResolver} as the application's locale resolver (the operator
 * API writes no localised text, so only the console reads it) and {@code ?lang=ja|en} on any console page to switch.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleWebConfig implements WebMvcConfigurer {

    /** The bean name the DispatcherServlet looks up; it replaces Boot's Accept-Language-only default. */
    @Bean(name = "localeResolver")
    LocaleResolver localeResolver() {
        return new ConsoleLocaleResolver();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor lang = new LocaleChangeInterceptor();
        lang.setParamName("lang");
        lang.setIgnoreInvalidLocale(true);
        registry.addInterceptor(lang).addPathPatterns("/console/**");
    }
}
